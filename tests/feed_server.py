"""A local HTTP server for feed tests: routes set by the test, ETag / If-None-Match
honoured, every request recorded."""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: str | None = None
    delay: float = 0.0


@dataclass
class FeedServer:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def start(self) -> FeedServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                server.requests.append((self.path, headers))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.etag and headers.get("if-none-match") == route.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                if route.etag:
                    self.send_header("ETag", route.etag)
                self.end_headers()
                with contextlib.suppress(OSError):  # the client gave up (too large, too slow)
                    self.wfile.write(route.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def asked(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.requests if p == path]


def rss(*items: tuple[str, str, str, str], link_base: str = "") -> bytes:
    """RSS 2.0 with (guid, title, link, description) items."""
    body = "".join(
        f"<item><guid>{g}</guid><title>{t}</title><link>{link_base}{li}</link>"
        f"<description><![CDATA[{d}]]></description>"
        "<pubDate>Mon, 02 Sep 2024 08:00:00 +0000</pubDate></item>"
        for g, t, li, d in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>ข่าว</title><link>https://example.org/</link>{body}</channel></rss>"
    ).encode()


def atom(*entries: tuple[str, str, str, str]) -> bytes:
    body = "".join(
        f'<entry><id>{i}</id><title>{t}</title><link href="{li}"/>'
        f'<updated>2024-09-03T08:00:00Z</updated><content type="html">{c}</content></entry>'
        for i, t, li, c in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Atom news</title><id>urn:feed</id><updated>2024-09-03T08:00:00Z</updated>"
        f"{body}</feed>"
    ).encode()
