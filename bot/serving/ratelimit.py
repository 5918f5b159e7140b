"""Per-user question limit, so one flooding user cannot delay everyone else's answers."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum


class Verdict(Enum):
    ALLOW = "allow"
    NOTIFY = "notify"  # over the limit: tell the user once per window
    DROP = "drop"  # over the limit and already told


@dataclass
class RateLimiter:
    """At most `limit` questions per user in any `window` seconds (sliding window)."""

    limit: int = 8
    window: float = 20.0
    clock: Callable[[], float] = time.monotonic
    _recent: dict[int, deque[float]] = field(default_factory=dict)
    _told: dict[int, float] = field(default_factory=dict)

    def check(self, user_id: int) -> Verdict:
        now = self.clock()
        recent = self._recent.setdefault(user_id, deque())
        while recent and now - recent[0] >= self.window:
            recent.popleft()
        if len(recent) < self.limit:
            recent.append(now)
            return Verdict.ALLOW
        if now - self._told.get(user_id, -self.window) >= self.window:
            self._told[user_id] = now
            return Verdict.NOTIFY
        return Verdict.DROP

    def forget_idle(self) -> None:
        """Drop users with no recent question (keeps memory bounded)."""
        now = self.clock()
        for user_id in [u for u, q in self._recent.items() if not q or now - q[-1] >= self.window]:
            self._recent.pop(user_id, None)
            self._told.pop(user_id, None)
