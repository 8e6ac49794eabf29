"""What the kinds' horizons share: expiry days of documents, and the last day a met count
"in the last N months" (or seasons) stays met as its facts leave the window."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from academy.pathway.facts import LicenceFact, MedicalFact
from academy.pathway.rules import Window, months_after

ONE_DAY = timedelta(days=1)
# The engine refuses later evaluation days, so nothing is ever needed beyond it.
FOREVER = date(2100, 12, 31)


def expiries(
    documents: Sequence[LicenceFact | MedicalFact], warn_days: int, as_of: date
) -> Iterable[date]:
    """A document valid through expires_on is "expiring" from warn_days before it."""
    for document in documents:
        expires_on = document.expires_on
        if expires_on is None:
            continue
        if expires_on >= as_of:
            yield expires_on
        quiet_until = expires_on - timedelta(days=warn_days + 1)
        if quiet_until >= as_of:
            yield quiet_until


def season_turns(window: Window, as_of: date) -> date | None:
    """For a window by season: the last day before a new season moves its start on (facts from
    the oldest season leave it); None for any other window."""
    if window.seasons is None:
        return None
    began = window.season_began(as_of)
    return max(began.replace(year=began.year + 1) - ONE_DAY, as_of)


def still_inside(window: Window, breaking: date | None, as_of: date) -> date | None:
    """The last day a fact dated `breaking` is surely inside a rolling window: through
    months_after(day, N) at least (the window's start is clamped to month ends, so sometimes a
    little longer): never later than the truth, and it is inside on as_of itself."""
    if breaking is None or window.months is None:
        return None
    return max(months_after(breaking, window.months), as_of)


def count_stays_met(window: Window, counted: list[date], need: int, as_of: date) -> Iterable[date]:
    """For a met count: the last day before so many counted facts (their days) have left the
    window that fewer than `need` remain."""
    turn = season_turns(window, as_of)
    if turn is not None:
        yield turn
        return
    if window.months is None:
        return
    counted = sorted(counted)
    surplus = len(counted) - need  # how many may leave with it still met
    breaking = counted[surplus] if 0 <= surplus < len(counted) else None
    last = still_inside(window, breaking, as_of)
    if last is not None:
        yield last
