"""The HTTP client the bot talks to the Bot API with."""

from __future__ import annotations

import asyncio

import httpx
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, HTTPXRequest, RequestData

# Requests to the Bot API in flight at once; the rest wait their turn here. httpcore
# scans every connection and every queued request each time a request starts or ends,
# and python-telegram-bot's default of 256 connections (of which httpx keeps only 20
# open) makes a burst of replies open and close connections as well. 200 replies at once
# with answering taken out cost the bot 1.3 s of CPU with the default, 0.33 s with 16
# in flight. With each request taking 0.1 s at the server, as a trip to Telegram does,
# 16 in flight was too few (p95 1.3 s for 200 questions at once), 32 or more about the
# same (0.8-0.9 s); without that delay 32 is the quickest. 32 at 0.1 s each is 320
# messages a second, ten times what Telegram lets a bot send in bulk.
MAX_REQUESTS_IN_FLIGHT = 32


class LimitedRequest(HTTPXRequest):
    """`HTTPXRequest` with at most `limit` connections, kept open, and `limit` requests in
    flight: the others wait here, in a queue that costs nothing per waiting request,
    rather than in httpcore's, which is scanned whenever a request starts or ends."""

    def __init__(self, limit: int = MAX_REQUESTS_IN_FLIGHT, *, timeout: float) -> None:
        super().__init__(
            connection_pool_size=limit,
            read_timeout=timeout,
            write_timeout=timeout,
            connect_timeout=timeout,
            # keep every connection open between bursts, not httpx's default of 20
            httpx_kwargs={
                "limits": httpx.Limits(max_connections=limit, max_keepalive_connections=limit)
            },
        )
        self._slots = asyncio.Semaphore(limit)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        async with self._slots:
            return await super().do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )
