"""Counting failed attempts (wrong passwords) in the rate-limit storage, shared by every worker
in production (Redis): a failure count per key that empties by itself when its window ends.

Sign-in failures are counted per account *and* client address, so a stranger who guesses at the
director's account from elsewhere blocks only themself, never the owner (security review,
December 2026, finding 4).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from limits import RateLimitItem, parse

from academy.extensions import limiter


@dataclass(frozen=True)
class Throttle:
    """At most `limit` failures (a limits string, "5 per 15 minutes") per key."""

    name: str
    limit: str

    @property
    def item(self) -> RateLimitItem:
        return parse(self.limit)

    def blocked(self, *key: object) -> bool:
        return not limiter.limiter.test(self.item, self.name, *map(str, key))

    def fail(self, *key: object) -> bool:
        """Count one failure; True when this one used up the allowance."""
        limiter.limiter.hit(self.item, self.name, *map(str, key))
        return self.blocked(*key)

    def clear(self, *key: object) -> None:
        limiter.limiter.clear(self.item, self.name, *map(str, key))

    def minutes_left(self, *key: object) -> int:
        stats = limiter.limiter.get_window_stats(self.item, self.name, *map(str, key))
        return max(1, round((stats.reset_time - time.time()) / 60))


def sign_in_throttle(max_failures: int, lockout_seconds: int) -> Throttle:
    return Throttle("sign-in-failures", f"{max_failures} per {lockout_seconds} seconds")


def password_change_throttle(limit: str) -> Throttle:
    return Throttle("password-change-failures", limit)


def reset_request_throttle(limit: str) -> Throttle:
    """Password reset links asked for one e-mail address (known or not: the same either way)."""
    return Throttle("password-reset-requests", limit)
