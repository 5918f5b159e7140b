"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests.

Real HTTP/1.1 on kept-open connections, served by an asyncio loop on a thread of its own.
It is lean because it shares the machine's cores with the bot, which Telegram's servers
do not: 0.08 ms of CPU per sendMessage, against 0.53 ms with http.server's thread per
connection and urllib's form decoding (`bench/bot_load.py` bursts of 200 replies).
Parameters are parsed as python-telegram-bot sends them (form-encoded, JSON in
the values of complex fields; multipart for uploads). Tests queue updates, read what the
bot sent, and inject failures (429 with retry_after, 403, 400 with migrate_to_chat_id,
5xx, dropped connections, requests left unanswered until the client gives up), and hold
a request unprocessed, the way Telegram has not yet handled a message when the bot dies.
"""

from __future__ import annotations

import asyncio
import binascii
import contextlib
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, unquote, urlparse

BOT_ID = 999000
BOT_USERNAME = "thai_news_test_bot"
_MENTION = re.compile(r"@[A-Za-z0-9_]{5,32}\b")


_LINK = re.compile(r"https?://\S+")


def _utf16_length(text: str) -> int:
    """Telegram counts entity offsets in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def marked_entities(text: str) -> list[dict[str, Any]]:
    """The mentions (in any case) and links Telegram marks in a message's text."""
    return [
        {
            "type": kind,
            "offset": _utf16_length(text[: found.start()]),
            "length": _utf16_length(found.group()),
        }
        for kind, pattern in (("mention", _MENTION), ("url", _LINK))
        for found in pattern.finditer(text)
    ]


STRING_FIELDS = {"text", "parse_mode", "callback_query_id", "file_id", "caption", "description"}


@dataclass
class Failure:
    method: str
    code: int  # 0: drop the connection without answering
    description: str
    parameters: dict[str, Any] | None = None
    chat_id: int | None = None
    times: int = 1


@dataclass
class Sent:
    method: str
    params: dict[str, Any]
    at: float
    ok: bool = True  # False when a failure was injected for this request

    @property
    def chat_id(self) -> int:
        return int(self.params["chat_id"])

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))


@dataclass
class FakeTelegram:
    token: str = "123456:TEST-SECRET-TOKEN-abcdef"
    updates: list[dict[str, Any]] = field(default_factory=list)
    requests: list[Sent] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    chat_members: dict[tuple[int, int], str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    delivered: dict[int, list[float]] = field(default_factory=dict)  # chat -> times of sent texts
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _next_update_id: int = 1
    _next_message_id: int = 1000
    _loop: asyncio.AbstractEventLoop | None = None
    _server: asyncio.Server | None = None
    _thread: threading.Thread | None = None
    _port: int = 0
    _wakeup: asyncio.Event | None = None  # set (on the loop) when updates are queued
    _connections: set[asyncio.StreamWriter] = field(default_factory=set)
    _hold: Callable[[str, dict[str, Any]], bool] | None = None
    _hold_seconds: float = 3600.0
    held: int = 0  # requests being held (never processed, never recorded)
    latency: float = 0.0  # seconds each request (but getUpdates) takes, as Telegram's do
    in_flight: int = 0  # requests being answered now (but getUpdates)
    max_in_flight: int = 0
    _stopped: bool = False

    # lifecycle
    def start(self) -> FakeTelegram:
        loop = self._loop = asyncio.new_event_loop()
        ready = threading.Event()

        async def open_server() -> None:
            self._wakeup = asyncio.Event()
            self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, backlog=1024)
            self._port = int(self._server.sockets[0].getsockname()[1])

        def run() -> None:
            asyncio.set_event_loop(loop)
            loop.run_until_complete(open_server())
            ready.set()
            loop.run_forever()
            loop.close()

        self._thread = threading.Thread(target=run, name="fake-telegram", daemon=True)
        self._thread.start()
        ready.wait()
        return self

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return

        async def close() -> None:
            if self._server is not None:
                self._server.close()
            for writer in list(self._connections):
                writer.close()
            # connections and long polls still open end here, not as pending tasks
            tasks = asyncio.all_tasks() - {asyncio.current_task()}
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            loop.stop()

        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        with contextlib.suppress(RuntimeError):  # the loop is already closed
            asyncio.run_coroutine_threadsafe(close(), loop)
        thread.join(timeout=10)
        self._loop = self._thread = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._port

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # what tests use
    def queue(self, update: dict[str, Any]) -> int:
        with self._cond:
            update_id = self._next_update_id
            self._next_update_id += 1
            self.updates.append({"update_id": update_id, **update})
            self._notify()
        return update_id

    def private_text(self, user_id: int, text: str, first_name: str = "User") -> int:
        user = {"id": user_id, "is_bot": False, "first_name": first_name}
        return self.queue(
            {
                "message": self._message(
                    {"id": user_id, "type": "private", "first_name": first_name}, user, text
                )
            }
        )

    def group_text(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        reply_to: dict[str, Any] | None = None,
        title: str = "Group",
    ) -> int:
        user = {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"}
        chat = {
            "id": chat_id,
            "type": "supergroup" if chat_id < -1000000000000 else "group",
            "title": title,
        }
        message = self._message(chat, user, text)
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return self.queue({"message": message})

    def private_document(self, user_id: int, file_name: str, data: bytes) -> int:
        file_id = f"file{len(self.files) + 1}"
        self.files[file_id] = data
        user = {"id": user_id, "is_bot": False, "first_name": "Admin"}
        message = self._message(
            {"id": user_id, "type": "private", "first_name": "Admin"}, user, None
        )
        message["document"] = {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_name": file_name,
            "file_size": len(data),
        }
        return self.queue({"message": message})

    def callback(self, user_id: int, message: dict[str, Any], data: str) -> int:
        return self.queue(
            {
                "callback_query": {
                    "id": f"cb{time.time_ns()}",
                    "from": {"id": user_id, "is_bot": False, "first_name": "U"},
                    "chat_instance": "ci",
                    "data": data,
                    "message": message,
                }
            }
        )

    def fail(
        self,
        method: str,
        code: int,
        description: str,
        parameters: dict[str, Any] | None = None,
        chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        with self._cond:
            self.failures.append(Failure(method, code, description, parameters, chat_id, times))

    def hold(self, when: Callable[[str, dict[str, Any]], bool], seconds: float = 3600.0) -> None:
        """Leave matching requests unprocessed (not recorded, not delivered) until release()
        or `seconds`; then their connections are closed without an answer. The client sees
        a timeout, as when Telegram is slow to answer."""
        with self._cond:
            self._hold, self._hold_seconds = when, seconds

    def release(self) -> None:
        with self._cond:
            self._hold = None
            self._notify()

    def sent(
        self, method: str = "sendMessage", chat_id: int | None = None, failed: bool = False
    ) -> list[Sent]:
        """Requests that succeeded (or, with failed=True, those that got an injected failure)."""
        with self._cond:
            return [
                r
                for r in self.requests
                if r.method == method
                and r.ok != failed
                and (chat_id is None or r.params.get("chat_id") == chat_id)
            ]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 15.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.1))
        return True

    def wait_sent(
        self, count: int, chat_id: int | None = None, timeout: float = 15.0
    ) -> list[Sent]:
        self.wait_for(lambda: len(self.sent(chat_id=chat_id)) >= count, timeout)
        return self.sent(chat_id=chat_id)

    def all_updates_consumed(self) -> bool:
        return not self.updates

    # internals
    def _message(
        self, chat: dict[str, Any], user: dict[str, Any], text: str | None
    ) -> dict[str, Any]:
        self._next_message_id += 1
        message: dict[str, Any] = {
            "message_id": self._next_message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": user,
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
            message["entities"] = message.get("entities", []) + marked_entities(text)
        return message

    def _notify(self) -> None:
        """Wake what waits for a change: test threads, and the loop's long polls. Call
        with `_cond` held."""
        self._cond.notify_all()
        loop, wakeup = self._loop, self._wakeup
        if loop is not None and wakeup is not None:
            with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits
                loop.call_soon_threadsafe(wakeup.set)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One connection: requests in turn until either side closes it."""
        self._connections.add(writer)
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    return
                target, headers, body = request
                answer = await self._handle(target, headers, body)
                if answer is None:  # dropped, or held until the client gave up
                    return
                code, data = answer
                reason = HTTPStatus(code).phrase
                writer.write(
                    f"HTTP/1.1 {code} {reason}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(data)}\r\n\r\n".encode("ascii")
                    + data
                )
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    return
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass  # the client went away (e.g. the bot stopped mid long-poll)
        except asyncio.CancelledError:
            pass  # `stop`: ended, not cancelled, as asyncio's streams expect of the task
        finally:
            self._connections.discard(writer)
            writer.close()

    def _params(self, target: str, headers: dict[str, str], body: bytes) -> dict[str, Any]:
        raw: dict[str, Any] = dict(parse_qsl(urlparse(target).query))
        ctype = headers.get("content-type", "")
        if ctype.startswith("application/json") and body:
            raw.update(json.loads(body))
            return raw
        if ctype.startswith("multipart/form-data"):
            message = BytesParser(policy=HTTP).parsebytes(
                f"Content-Type: {ctype}\r\n\r\n".encode() + body
            )
            for part in message.iter_parts():  # type: ignore[attr-defined]
                name = part.get_param("name", header="content-disposition")
                payload = part.get_payload(decode=True) or b""
                raw[str(name)] = payload if part.get_filename() else payload.decode("utf-8")
        elif body:
            raw.update(_form_fields(body))
        params: dict[str, Any] = {}
        for key, value in raw.items():
            params[key] = value
            if isinstance(value, str) and key not in STRING_FIELDS:
                with contextlib.suppress(ValueError):
                    params[key] = json.loads(value)
        return params

    async def _handle(
        self, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, bytes] | None:
        """Status and body of the answer, or None to close the connection unanswered."""
        path = unquote(urlparse(target).path)
        file_prefix = f"/file/bot{self.token}/"
        if path.startswith(file_prefix):
            data = self.files.get(path[len(file_prefix) :])
            if data is None:
                return _json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return 200, data
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            return _json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        method = path[len(prefix) :]
        params = self._params(target, headers, body)
        if method == "getUpdates":
            return _json(200, {"ok": True, "result": await self._updates(params)})
        with self._cond:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            return await self._answer(method, params)
        finally:
            with self._cond:
                self.in_flight -= 1

    async def _updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """getUpdates: a long poll (at most 2 s here), answered as soon as updates come."""
        assert self._wakeup is not None
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 2.0)
        while True:
            with self._cond:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                left = deadline - time.monotonic()
                if self.updates or left <= 0 or self._stopped:
                    batch = list(self.updates[:100])
                    self._cond.notify_all()
                    return batch
                self._wakeup.clear()  # under the lock: an update queued after this sets it
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), left)

    async def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, bytes] | None:
        with self._cond:
            held = self._hold is not None and self._hold(method, params)
            if held:
                self.held += 1
                self._cond.notify_all()
            else:
                failure = self._take_failure(method, params)
                self.requests.append(Sent(method, params, time.time(), ok=failure is None))
                if failure is None and method == "sendMessage":
                    chat = int(params["chat_id"])
                    self.delivered.setdefault(chat, []).append(time.time())
                self._cond.notify_all()
        if held:
            until = time.monotonic() + self._hold_seconds
            while self._hold is not None and time.monotonic() < until and not self._stopped:
                await asyncio.sleep(0.05)
            with self._cond:
                self.held -= 1
            return None
        if failure is not None:
            if failure.code == 0:
                return None
            answer: dict[str, Any] = {
                "ok": False,
                "error_code": failure.code,
                "description": failure.description,
            }
            if failure.parameters:
                answer["parameters"] = failure.parameters
            return _json(failure.code, answer)
        return _json(200, {"ok": True, "result": self._result(method, params)})

    def _take_failure(self, method: str, params: dict[str, Any]) -> Failure | None:
        for failure in self.failures:
            if (
                failure.method == method
                and failure.times > 0
                and (failure.chat_id is None or failure.chat_id == params.get("chat_id"))
            ):
                failure.times -= 1
                if failure.times == 0:
                    self.failures.remove(failure)
                return failure
        return None

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        bot_user = {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "News",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        if method == "getMe":
            return bot_user
        if method in ("sendMessage", "editMessageText"):
            with self._cond:
                self._next_message_id += 1
                message_id = self._next_message_id
            chat_id = int(params["chat_id"])
            message = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                "from": bot_user,
                "text": params.get("text", ""),
            }
            if "reply_markup" in params:
                message["reply_markup"] = params["reply_markup"]
            return message
        if method == "getChatMember":
            status = self.chat_members.get(
                (int(params["chat_id"]), int(params["user_id"])), "member"
            )
            user = {"id": int(params["user_id"]), "is_bot": False, "first_name": "U"}
            member: dict[str, Any] = {"status": status, "user": user}
            if status == "administrator":
                member.update(
                    {
                        "can_be_edited": False,
                        "is_anonymous": False,
                        "can_manage_chat": True,
                        "can_delete_messages": True,
                        "can_manage_video_chats": True,
                        "can_restrict_members": True,
                        "can_promote_members": False,
                        "can_change_info": True,
                        "can_invite_users": True,
                        "can_post_stories": False,
                        "can_edit_stories": False,
                        "can_delete_stories": False,
                    }
                )
            if status == "creator":
                member["is_anonymous"] = False
            return member
        if method == "getFile":
            file_id = str(params["file_id"])
            return {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_path": file_id,
                "file_size": len(self.files.get(file_id, b"")),
            }
        return True


def _form_fields(body: bytes) -> list[tuple[str, str]]:
    """A form-encoded body, as `parse_qsl(..., keep_blank_values=True)` reads it, decoded
    in C: with `%` as `=` (and `+` and `=` escaped), each field is quoted-printable, which
    binascii decodes. urllib decodes escapes in Python: 0.2 ms for one reply of Thai text,
    which would be most of the fake's CPU per request."""
    fields = []
    for pair in body.split(b"&"):
        if pair:
            key, _, value = pair.partition(b"=")
            key, value = (
                binascii.a2b_qp(
                    part.replace(b"=", b"=3D").replace(b"%", b"=").replace(b"+", b"=20")
                ).decode("utf-8")
                for part in (key, value)
            )
            fields.append((key, value))
    return fields


def _json(code: int, payload: Any) -> tuple[int, bytes]:
    return code, json.dumps(payload).encode()


async def _read_request(
    reader: asyncio.StreamReader,
) -> tuple[str, dict[str, str], bytes] | None:
    """Target, headers (lower-case names) and body of the next request; None once the
    client closed the connection between requests."""
    line = await reader.readline()
    if not line.strip():
        return None
    _, target, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while (header := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = header.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        parts = []
        while size := int((await reader.readline()).split(b";")[0], 16):
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
        while (await reader.readline()) not in (b"\r\n", b"\n", b""):
            pass
        return target, headers, b"".join(parts)
    return target, headers, await reader.readexactly(int(headers.get("content-length") or 0))
