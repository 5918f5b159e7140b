from __future__ import annotations

from bot.serving.ratelimit import RateLimiter, Verdict


def test_limit_per_user_with_one_notice_per_window() -> None:
    now = [0.0]
    limiter = RateLimiter(limit=3, window=10, clock=lambda: now[0])
    verdicts = [limiter.check(1) for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.NOTIFY, Verdict.DROP, Verdict.DROP]
    assert limiter.check(2) is Verdict.ALLOW  # other users are not affected
    now[0] = 10.0
    assert limiter.check(1) is Verdict.ALLOW  # the window slid
    limiter.forget_idle()
    now[0] = 100.0
    limiter.forget_idle()
    assert limiter.check(1) is Verdict.ALLOW
