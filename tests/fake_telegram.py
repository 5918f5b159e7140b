"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests.

Real HTTP, parameters parsed as python-telegram-bot sends them (form-encoded, JSON in
the values of complex fields; multipart for uploads). Tests queue updates, read what the
bot sent, and inject failures (429 with retry_after, 403, 400 with migrate_to_chat_id,
5xx, dropped connections, requests left unanswered until the client gives up), and hold
a request unprocessed, the way Telegram has not yet handled a message when the bot dies.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlparse

BOT_ID = 999000
BOT_USERNAME = "thai_news_test_bot"
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
    _server: ThreadingHTTPServer | None = None
    _hold: Callable[[str, dict[str, Any]], bool] | None = None
    _hold_seconds: float = 3600.0
    held: int = 0  # requests being held (never processed, never recorded)
    latency: float = 0.0  # seconds each request (but getUpdates) takes, as Telegram's do
    in_flight: int = 0  # requests being answered now (but getUpdates)
    max_in_flight: int = 0

    # lifecycle
    def start(self) -> FakeTelegram:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                fake._handle(self)

            def do_POST(self) -> None:
                fake._handle(self)

        class Server(ThreadingHTTPServer):
            request_queue_size = 1024

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # what tests use
    def queue(self, update: dict[str, Any]) -> int:
        with self._cond:
            update_id = self._next_update_id
            self._next_update_id += 1
            self.updates.append({"update_id": update_id, **update})
            self._cond.notify_all()
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
            self._cond.notify_all()

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
            mention = f"@{BOT_USERNAME}"
            if mention in text:
                message.setdefault("entities", []).append(
                    {"type": "mention", "offset": text.index(mention), "length": len(mention)}
                )
        return message

    def _params(self, handler: BaseHTTPRequestHandler) -> dict[str, Any]:
        parsed = urlparse(handler.path)
        raw: dict[str, Any] = dict(parse_qsl(parsed.query))
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        ctype = handler.headers.get("Content-Type", "")
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
            raw.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        params: dict[str, Any] = {}
        for key, value in raw.items():
            params[key] = value
            if isinstance(value, str) and key not in STRING_FIELDS:
                with contextlib.suppress(ValueError):
                    params[key] = json.loads(value)
        return params

    def _reply(self, handler: BaseHTTPRequestHandler, code: int, payload: Any) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        try:
            handler.send_response(code)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away (e.g. the bot stopped mid long-poll)

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        path = unquote(urlparse(handler.path).path)
        file_prefix = f"/file/bot{self.token}/"
        if path.startswith(file_prefix):
            data = self.files.get(path[len(file_prefix) :])
            if data is None:
                self._reply(
                    handler, 404, {"ok": False, "error_code": 404, "description": "Not Found"}
                )
            else:
                self._reply(handler, 200, data)
            return
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            self._reply(handler, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        method = path[len(prefix) :]
        params = self._params(handler)
        if method == "getUpdates":
            self._reply(handler, 200, {"ok": True, "result": self._result(method, params)})
            return
        with self._cond:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            time.sleep(self.latency)
            self._answer(handler, method, params)
        finally:
            with self._cond:
                self.in_flight -= 1

    def _answer(self, handler: BaseHTTPRequestHandler, method: str, params: dict[str, Any]) -> None:
        with self._cond:
            if self._hold is not None and self._hold(method, params):
                self.held += 1
                self._cond.notify_all()
                until = time.monotonic() + self._hold_seconds
                while self._hold is not None and time.monotonic() < until:
                    self._cond.wait(0.05)
                self.held -= 1
                handler.close_connection = True
                handler.connection.close()
                return
            failure = self._take_failure(method, params)
            self.requests.append(Sent(method, params, time.time(), ok=failure is None))
            if failure is None and method == "sendMessage":
                chat = int(params["chat_id"])
                self.delivered.setdefault(chat, []).append(time.time())
            self._cond.notify_all()
        if failure is not None:
            if failure.code == 0:
                handler.close_connection = True
                handler.connection.close()
                return
            body: dict[str, Any] = {
                "ok": False,
                "error_code": failure.code,
                "description": failure.description,
            }
            if failure.parameters:
                body["parameters"] = failure.parameters
            self._reply(handler, failure.code, body)
            return
        self._reply(handler, 200, {"ok": True, "result": self._result(method, params)})

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
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            timeout = float(params.get("timeout") or 0)
            deadline = time.monotonic() + min(timeout, 2.0)
            with self._cond:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                while not self.updates and time.monotonic() < deadline:
                    self._cond.wait(0.05)
                batch = list(self.updates[:100])
                self._cond.notify_all()
            return batch
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
