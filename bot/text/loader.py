"""Read a knowledge folder (recursively) into articles, skipping bad files with a reason.

Formats: the agency's plain-text export (`.txt`), Markdown with front matter (`.md`),
and JSON Lines (`.jsonl`). One bad file or line never stops the others from loading.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.text.articles import Article
from bot.text.normalize import clean_text, thai_digits_to_arabic

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".jsonl")
MAX_FILE_BYTES = 64 * 1024 * 1024  # one article's file (.txt, .md); JSONL has no limit
MAX_LINE_BYTES = 16 * 1024 * 1024  # one JSONL line (one article)

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_THAI_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("มกราคม", "ม.ค."),
            ("กุมภาพันธ์", "ก.พ."),
            ("มีนาคม", "มี.ค."),
            ("เมษายน", "เม.ย."),
            ("พฤษภาคม", "พ.ค."),
            ("มิถุนายน", "มิ.ย."),
            ("กรกฎาคม", "ก.ค."),
            ("สิงหาคม", "ส.ค."),
            ("กันยายน", "ก.ย."),
            ("ตุลาคม", "ต.ค."),
            ("พฤศจิกายน", "พ.ย."),
            ("ธันวาคม", "ธ.ค."),
        ]
    )
    for name in names
}
_DATE_WORDS = re.compile(r"\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}")


def _category_and_date(line: str) -> tuple[str, str] | None:
    """`ข่าวต่างประเทศ  06 Mar 2019` -> (category, date): the date is the last three words.
    Split, not one regex with a lazy prefix, which was quadratic on a long line."""
    words = line.split()
    if len(words) < 3:
        return None
    date = " ".join(words[-3:])
    if not _DATE_WORDS.fullmatch(date):
        return None
    return " ".join(words[:-3]), date


_SOURCE_PREFIX = "แปลและสรุปความจาก"
_CREDIT_PREFIX = "ภาพจาก"
_URL = re.compile(r"^https?://\S+$")


class ArticleFormatError(ValueError):
    """A file or line that cannot become an article; the message says why."""


@dataclass(frozen=True)
class SkippedFile:
    path: str  # file, or file:line for a JSON Lines record
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class FileEntry:
    """What one file gave when it had this size and modification time."""

    size: int
    mtime_ns: int
    articles: tuple[Article, ...]  # fingerprinted, before duplicates across files are dropped
    skipped: tuple[SkippedFile, ...]  # the file itself, or its bad lines


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files_read: int = 0
    files_parsed: int = 0  # files actually read and parsed (the rest were unchanged)
    files: dict[str, FileEntry] = field(default_factory=dict)


def parse_date(value: str) -> str:
    """Accept ISO, `06 Mar 2019` and Thai `5 มีนาคม 2562`; return ISO `YYYY-MM-DD`."""
    text = thai_digits_to_arabic(clean_text(value)).strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        parts = text.replace(",", " ").split()
        if len(parts) != 3:
            raise ArticleFormatError(f"unrecognised date {value!r}")
        day_s, month_s, year_s = parts
        month_key = month_s.lower().rstrip(".")[:3]
        month = _MONTHS.get(month_key) or _THAI_MONTHS.get(month_s) or 0
        if not (day_s.isdigit() and year_s.isdigit() and month):
            raise ArticleFormatError(f"unrecognised date {value!r}")
        day, year = int(day_s), int(year_s)
        if year > 2300:  # Buddhist era
            year -= 543
    try:
        return date(year, month, day).isoformat()
    except ValueError as exc:
        raise ArticleFormatError(f"invalid date {value!r}: {exc}") from exc


MAX_URL_CHARS = 2048  # longer links break in browsers and in Telegram's link entities


def _require_url(url: str, where: str) -> str:
    url = url.strip()
    if len(url) > MAX_URL_CHARS:
        raise ArticleFormatError(
            f"{where}: source URL of {len(url):,} characters (at most {MAX_URL_CHARS:,})"
        )
    if not _URL.match(url):
        raise ArticleFormatError(f"{where}: missing or invalid source URL {url!r}")
    return url


def _paragraphs(text: str) -> tuple[str, ...]:
    """Split on blank lines (or single newlines) and drop empty pieces."""
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text)]
    return tuple(p for p in paras if p)


def parse_agency_text(text: str, source: str) -> Article:
    """The agency export: BANNER, title, `category   date`, credit, body, source, footer."""
    lines = [ln.strip() for ln in clean_text(text).split("\n")]
    content = [ln for ln in lines if ln]
    if content and content[0].upper() == "BANNER":
        content = content[1:]
    if len(content) < 3:
        raise ArticleFormatError("too short for the agency format (title, category/date, body)")
    title = content[0]
    match = _category_and_date(content[1])
    if not match:
        raise ArticleFormatError(
            f"second line should be the category and date (e.g. 'ข่าวต่างประเทศ  06 Mar 2019'),"
            f" found {content[1][:60]!r}"
        )
    published = parse_date(match[1])
    category = match[0].strip() or None
    body: list[str] = []
    url = ""
    for line in content[2:]:
        if line.startswith(_CREDIT_PREFIX) and not body:
            continue
        if line.startswith(_SOURCE_PREFIX):
            url = line[len(_SOURCE_PREFIX) :].lstrip(":：").strip()
            break  # what follows is the copyright footer
        body.append(" ".join(line.split()))
    if not url:
        raise ArticleFormatError(f"no '{_SOURCE_PREFIX}: <url>' source line")
    url = _require_url(url, "source line")
    if not body:
        raise ArticleFormatError("the article has no body text")
    return Article(
        id=url,
        title=title,
        url=url,
        paragraphs=tuple(body),
        published=published,
        category=category,
        source=source,
    )


def _front_matter_value(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return raw[1:-1]
    return raw


def parse_markdown(text: str, source: str) -> Article:
    """Markdown with a flat YAML front matter block (`title`, `url`, `published`, `category`)."""
    text = clean_text(text).lstrip()
    if not text.startswith("---"):
        raise ArticleFormatError("no front matter (the file must start with a '---' line)")
    lines = text.split("\n")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ArticleFormatError("front matter is not closed by a '---' line") from None
    meta: dict[str, str] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            raise ArticleFormatError(f"front matter line {number} is not 'key: value'")
        meta[key.strip().lower()] = _front_matter_value(value)
    return _article_from_fields(meta, "\n".join(lines[end + 1 :]), source)


def _article_from_fields(meta: dict[str, str], body_text: str, source: str) -> Article:
    title = " ".join(str(meta.get("title") or "").split())
    if not title:
        raise ArticleFormatError("missing 'title'")
    url = _require_url(str(meta.get("url") or ""), "'url'")
    published = parse_date(str(meta["published"])) if meta.get("published") else None
    paragraphs = _paragraphs(clean_text(body_text))
    if not paragraphs:
        raise ArticleFormatError("the article has no body text")
    return Article(
        id=str(meta.get("id") or url),
        title=title,
        url=url,
        paragraphs=paragraphs,
        published=published,
        category=(str(meta.get("category") or "").strip() or None),
        source=source,
    )


def parse_jsonl_line(line: str, source: str) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ArticleFormatError(f"not valid JSON ({exc.msg})") from None
    if not isinstance(record, dict):
        raise ArticleFormatError("not a JSON object")
    for key in ("title", "url", "text", "id", "published", "category"):
        if key in record and record[key] is not None and not isinstance(record[key], str | int):
            raise ArticleFormatError(f"'{key}' must be a string")
    fields = {k: clean_text(str(v)) for k, v in record.items() if v is not None and k != "text"}
    text = record.get("text")
    if not isinstance(text, str):
        raise ArticleFormatError("missing 'text'")
    return _article_from_fields(fields, text, source)


def read_text_file(path: Path) -> str:
    """Read UTF-8 (a BOM is fine) with reasons a person understands."""
    size = path.stat().st_size
    if size == 0:
        raise ArticleFormatError("empty file")
    if size > MAX_FILE_BYTES:
        raise ArticleFormatError(f"file is too large ({size:,} bytes, limit {MAX_FILE_BYTES:,})")
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise ArticleFormatError("binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleFormatError(f"not UTF-8 text (bad byte at offset {exc.start})") from None
    if not text.strip():
        raise ArticleFormatError("file has only whitespace")
    return text


def parse_jsonl_file(path: Path, label: str) -> tuple[list[Article], list[SkippedFile]]:
    """Articles from a JSON Lines export, read a line at a time: an export may be any
    size, and only one line (at most MAX_LINE_BYTES) is held at once. A bad line is
    returned with its number; the others load."""
    articles: list[Article] = []
    bad: list[SkippedFile] = []
    number = 0
    with path.open("rb") as handle:
        if b"\x00" in handle.read(8192):
            raise ArticleFormatError("binary file, not text")
        handle.seek(0)
        while raw := handle.readline(MAX_LINE_BYTES + 1):
            number += 1
            where = f"{label}:{number}"
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while (rest := handle.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                    pass  # the rest of the over-long line
                bad.append(SkippedFile(where, f"line over {MAX_LINE_BYTES:,} bytes"))
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                bad.append(SkippedFile(where, f"not UTF-8 text (bad byte at {exc.start})"))
                continue
            if not line.strip():
                continue
            try:
                articles.append(parse_jsonl_line(line, where))
            except ArticleFormatError as exc:
                bad.append(SkippedFile(where, str(exc)))
    if number == 0:
        raise ArticleFormatError("empty file")
    if not articles and bad:
        raise ArticleFormatError(f"no valid article in the file (first problem: line {bad[0]})")
    if not articles:
        raise ArticleFormatError("file has only whitespace")
    return articles, bad


def parse_file(path: Path, label: str) -> tuple[list[Article], list[SkippedFile]]:
    """Articles from one file; whole-file problems raise, bad JSONL lines are returned."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return parse_jsonl_file(path, label)
    if suffix not in SUPPORTED_SUFFIXES:
        raise ArticleFormatError(
            f"unsupported file type '{suffix or path.name}' (use {', '.join(SUPPORTED_SUFFIXES)})"
        )
    text = read_text_file(path)
    if suffix == ".txt":
        return [parse_agency_text(text, label)], []
    if suffix in (".md", ".markdown"):
        return [parse_markdown(text, label)], []
    raise ArticleFormatError(
        f"unsupported file type '{suffix or path.name}' (use {', '.join(SUPPORTED_SUFFIXES)})"
    )


def iter_knowledge_files(root: Path) -> Iterator[Path]:
    """Files under root in a stable order; hidden entries ignored; symlinked folders not
    followed, so a symlink loop cannot trap the walk."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def _read_entry(path: Path, label: str, size: int, mtime_ns: int) -> FileEntry:
    try:
        articles, bad_lines = parse_file(path, label)
    except ArticleFormatError as exc:
        return FileEntry(size, mtime_ns, (), (SkippedFile(label, str(exc)),))
    except OSError as exc:
        reason = f"cannot read: {exc.strerror or exc}"
        return FileEntry(size, mtime_ns, (), (SkippedFile(label, reason),))
    return FileEntry(
        size, mtime_ns, tuple(a.with_fingerprint() for a in articles), tuple(bad_lines)
    )


def load_knowledge(root: Path | str, previous: Mapping[str, FileEntry] | None = None) -> LoadResult:
    """Load every article under root. Never raises for a bad file; raises only when the
    folder itself is missing (a configuration error, not bad input). With `previous`
    (the `files` of an earlier result), a file whose size and modification time are
    unchanged is not read again."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"knowledge folder not found: {root}")
    result = LoadResult()
    seen_ids: dict[str, str] = {}
    seen_urls: dict[str, str] = {}
    for path in iter_knowledge_files(root):
        label = str(path.relative_to(root))
        result.files_read += 1
        try:
            stat = path.stat()  # before reading: a change while reading shows up next time
        except OSError as exc:
            result.skipped.append(SkippedFile(label, f"cannot read: {exc.strerror or exc}"))
            continue
        entry = previous.get(label) if previous else None
        if entry is None or (entry.size, entry.mtime_ns) != (stat.st_size, stat.st_mtime_ns):
            entry = _read_entry(path, label, stat.st_size, stat.st_mtime_ns)
            result.files_parsed += 1
        result.files[label] = entry
        result.skipped.extend(entry.skipped)
        for article in entry.articles:
            first = seen_ids.get(article.id) or seen_urls.get(article.url)
            if first is not None:
                result.warnings.append(
                    f"{article.source}: duplicate of {first} (same id or URL), kept once"
                )
                continue
            seen_ids[article.id] = article.source
            seen_urls[article.url] = article.source
            result.articles.append(article)
    for warning in result.warnings:
        log.warning("%s", warning)
    for skipped in result.skipped:
        log.warning("skipped %s", skipped)
    return result
