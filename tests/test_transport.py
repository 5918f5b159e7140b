"""The streams Bot API client against a scripted HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from telegram import InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.telegram_app.transport import StreamRequest

OK = b'{"ok":true,"result":1}'

Respond = Callable[[asyncio.StreamWriter], Awaitable[None]]


def sized(body: bytes = OK, extra: bytes = b"") -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n%s\r\n%s" % (len(body), extra, body)


class Server:
    """Answers the n-th request with `responses[n]`: bytes to send, or a coroutine
    function given the writer (to stall, or to close the connection)."""

    def __init__(self, responses: list[bytes | Respond]) -> None:
        self.responses = responses
        self.requests: list[tuple[bytes, dict[bytes, bytes], bytes]] = []
        self.connections = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while line := await reader.readline():
                headers = {}
                while (header := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = header.partition(b":")
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get(b"content-length", b"0")))
                self.requests.append((line, headers, body))
                response = self.responses[len(self.requests) - 1]
                if isinstance(response, bytes):
                    writer.write(response)
                    await writer.drain()
                else:
                    await response(writer)
                    if writer.is_closing():
                        return
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


@asynccontextmanager
async def serving(server: Server, context: ssl.SSLContext | None = None) -> AsyncIterator[str]:
    listener = await asyncio.start_server(server.handle, "127.0.0.1", 0, ssl=context)
    port = listener.sockets[0].getsockname()[1]
    try:
        yield f"{'https' if context else 'http'}://localhost:{port}/bot123:ABC/sendMessage"
    finally:
        listener.close()


def message(text: str = "สวัสดี") -> RequestData:
    return RequestData(
        [RequestParameter.from_input("chat_id", 7), RequestParameter.from_input("text", text)]
    )


async def ask(server: Server, count: int) -> list[tuple[int, bytes]]:
    """`count` messages one after another through one client."""
    client = StreamRequest(timeout=2.0)
    async with serving(server) as url:
        try:
            return [await client.do_request(url, "POST", message()) for _ in range(count)]
        finally:
            await client.shutdown()


def test_form_encoded_like_httpx_and_one_connection_kept_open() -> None:
    server = Server([sized(), sized(b'{"ok":true,"result":2}')])
    answers = asyncio.run(ask(server, 2))
    assert answers == [(200, OK), (200, b'{"ok":true,"result":2}')]
    assert server.connections == 1  # the second request reused the first's connection
    line, headers, body = server.requests[0]
    assert line == b"POST /bot123:ABC/sendMessage HTTP/1.1\r\n"
    assert headers[b"content-type"] == b"application/x-www-form-urlencoded"
    assert body == b"chat_id=7&text=%E0%B8%AA%E0%B8%A7%E0%B8%B1%E0%B8%AA%E0%B8%94%E0%B8%B5"


def test_chunked_until_close_and_interim_answers_and_connection_close_are_followed() -> None:
    chunked = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b'5\r\n{"ok"\r\nE;ext=1\r\n:true,"result"\r\n3\r\n:1}\r\n0\r\nX-Trailer: y\r\n\r\n'
    )

    async def until_close(writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.0 200 OK\r\n\r\n" + OK)
        await writer.drain()
        writer.close()

    interim = b"HTTP/1.1 100 Continue\r\n\r\n" + sized()
    responses: list[bytes | Respond] = [chunked, sized(extra=b"Connection: close\r\n")]
    server = Server([*responses, until_close, interim])
    answers = asyncio.run(ask(server, 4))
    assert answers == [(200, OK)] * 4
    assert server.connections == 3  # new ones after "Connection: close" and the 1.0 answer


def test_an_idle_connection_the_server_closed_is_not_reused() -> None:
    async def answer_then_hang_up(writer: asyncio.StreamWriter) -> None:
        writer.write(sized())
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.close()  # as a server closing an idle keep-alive connection

    server = Server([answer_then_hang_up, sized()])

    async def two_apart() -> list[tuple[int, bytes]]:
        client = StreamRequest(timeout=2.0)
        async with serving(server) as url:
            first = await client.do_request(url, "POST", message())
            await asyncio.sleep(0.2)  # the close arrives meanwhile
            second = await client.do_request(url, "POST", message())
            await client.shutdown()
            return [first, second]

    assert asyncio.run(two_apart()) == [(200, OK), (200, OK)]
    assert server.connections == 2


def test_a_cut_answer_is_a_network_error_and_the_next_request_gets_a_new_connection() -> None:
    async def cut(writer: asyncio.StreamWriter) -> None:
        writer.write(b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"ok":')
        await writer.drain()
        writer.close()

    server = Server([cut, sized()])

    async def run() -> tuple[int, bytes]:
        client = StreamRequest(timeout=2.0)
        async with serving(server) as url:
            with pytest.raises(NetworkError):
                await client.do_request(url, "POST", message())
            answer = await client.do_request(url, "POST", message())
            await client.shutdown()
            return answer

    assert asyncio.run(run()) == (200, OK)
    assert server.connections == 2


def test_no_answer_in_time_is_timed_out_and_that_connection_is_dropped() -> None:
    async def stall(writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(1.0)

    server = Server([stall, sized()])

    async def run() -> tuple[int, bytes]:
        client = StreamRequest(timeout=5.0)
        async with serving(server) as url:
            with pytest.raises(TimedOut):
                await client.do_request(url, "POST", message(), read_timeout=0.2)
            answer = await client.do_request(url, "POST", message())
            await client.shutdown()
            return answer

    assert asyncio.run(run()) == (200, OK)
    assert server.connections == 2


def test_nobody_listening_is_a_network_error() -> None:
    async def run() -> None:
        listener = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
        port = listener.sockets[0].getsockname()[1]
        listener.close()
        await listener.wait_closed()
        with pytest.raises(NetworkError):
            await StreamRequest(timeout=2.0).do_request(f"http://127.0.0.1:{port}/x", "POST")

    asyncio.run(run())


def test_uploads_go_through_httpx_as_multipart() -> None:
    server = Server([sized()])
    upload = RequestData(
        [
            RequestParameter.from_input("chat_id", 7),
            RequestParameter.from_input("document", InputFile(b"hello", filename="a.md")),
        ]
    )

    async def run() -> tuple[int, bytes]:
        client = StreamRequest(timeout=2.0)
        async with serving(server) as url:
            await client.initialize()
            answer = await client.do_request(url, "POST", upload)
            await client.shutdown()
            return answer

    assert asyncio.run(run()) == (200, OK)
    _, headers, body = server.requests[0]
    assert headers[b"content-type"].startswith(b"multipart/form-data")
    assert b"hello" in body


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_https_checks_the_certificate(tmp_path: Path) -> None:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost"),
        ],
        check=True,
        capture_output=True,
    )
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    trusting = ssl.create_default_context(cafile=str(cert))

    async def run() -> tuple[int, bytes]:
        async with serving(Server([sized(), sized()]), server_context) as url:
            with pytest.raises(NetworkError):  # a certificate nobody vouches for
                await StreamRequest(timeout=2.0).do_request(url, "POST", message())
            client = StreamRequest(timeout=2.0, ssl_context=trusting)
            answer = await client.do_request(url, "POST", message())
            await client.shutdown()
            return answer

    assert asyncio.run(run()) == (200, OK)


def test_a_file_path_in_thai_is_percent_encoded_as_httpx_would() -> None:
    server = Server([sized(b"file bytes")])

    async def run() -> tuple[int, bytes]:
        client = StreamRequest(timeout=2.0)
        async with serving(server) as url:
            file_url = url.replace("/bot123:ABC/sendMessage", "/file/bot123:ABC/ข่าว 1.md")
            answer = await client.do_request(file_url, "GET")
            await client.shutdown()
            return answer

    assert asyncio.run(run()) == (200, b"file bytes")
    line, headers, body = server.requests[0]
    assert line == (
        b"GET /file/bot123:ABC/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7%201.md HTTP/1.1\r\n"
    )
    assert b"content-length" not in headers and body == b""


def test_form_bodies_decode_to_what_urlencode_encodes() -> None:
    """Replies are encoded without urllib's byte-at-a-time quoting; any server must read
    back exactly the parameters python-telegram-bot gave."""
    import random
    from urllib.parse import parse_qsl, urlencode

    from bot.telegram_app.transport import form_body

    rng = random.Random(4)
    alphabet = "กขคงจฉ่้๊๋ัิีึืุู์ abcXYZ0123456789 +&=%?#/;:\"'{}[],.!\n\t\u00e9\U0001f600"
    for _ in range(500):
        parameters = {
            f"k{i}": "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
            for i in range(rng.randint(1, 5))
        }
        body = form_body(parameters)
        assert parse_qsl(body.decode("ascii"), keep_blank_values=True) == list(parameters.items())
        if all(v.isascii() for v in parameters.values()):
            assert body == urlencode(parameters).encode("ascii")
