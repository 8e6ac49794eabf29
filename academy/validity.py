"""The licence and the medical certificate that count on a day, whether they are expiring, and
a driver's age: written once, used by every page, PDF, CSV, API answer and the pathway engine.

Pure Python: it reads any object with ``issued_on`` and ``expires_on`` (and ``grade`` for a
licence), so it serves the database models and the engine's frozen facts alike. A document is
valid from its day of issue through its day of expiry, both included; one with no expiry date
recorded is never valid (the engine says "unknown" for it, in its own words).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Protocol, TypeVar

from academy.enums import LicenceGrade

# A licence or medical within this many days of its expiry is "expiring" on the pages and in the
# reminders (a rule set's requirement may warn earlier or later with its own warn_days).
EXPIRY_WARNING_DAYS = 60


class Dated(Protocol):
    @property
    def issued_on(self) -> date | None: ...
    @property
    def expires_on(self) -> date | None: ...


class Graded(Dated, Protocol):
    @property
    def grade(self) -> LicenceGrade: ...


D = TypeVar("D", bound=Dated)
G = TypeVar("G", bound=Graded)


def valid_on(document: Dated, day: date) -> bool:
    """Issued on or before `day` and expiring on or after it."""
    issued_ok = document.issued_on is None or document.issued_on <= day
    return issued_ok and document.expires_on is not None and day <= document.expires_on


def licence_on(licences: Iterable[G], day: date) -> G | None:
    """The licence that counts on `day`: the highest grade valid on it (the one running longer
    when two of that grade are, the later recorded when they also run out the same day, so the
    answer never depends on the order they come in), or None when none is valid."""
    valid = [licence for licence in licences if valid_on(licence, day)]
    return max(
        valid,
        key=lambda lic: (lic.grade.rank, lic.expires_on, getattr(lic, "id", None) or 0),
        default=None,
    )


def medical_on(medicals: Iterable[D], day: date) -> D | None:
    """The medical certificate valid on `day` that runs longest, or None."""
    valid = [medical for medical in medicals if valid_on(medical, day)]
    return max(valid, key=lambda medical: medical.expires_on or date.min, default=None)


def last_expired(documents: Iterable[D], day: date) -> D | None:
    """The document that ran out last before `day`: what a page names when none is valid."""
    expired = [d for d in documents if d.expires_on is not None and d.expires_on < day]
    return max(expired, key=lambda document: document.expires_on or date.min, default=None)


def expiring(document: Dated, day: date, warn_days: int = EXPIRY_WARNING_DAYS) -> bool:
    """Valid on `day` and running out within `warn_days` of it."""
    return (
        valid_on(document, day)
        and document.expires_on is not None
        and document.expires_on <= day + timedelta(days=warn_days)
    )


def birthday_in(born: date, year: int) -> date:
    """The birthday in `year`; someone born on 29 February has it on 1 March in common years."""
    try:
        return born.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def age_on(born: date, day: date) -> int:
    """Completed years on `day` (the birthday itself counts)."""
    return day.year - born.year - (1 if birthday_in(born, day.year) > day else 0)


def born_by_for_age(age: int, day: date) -> date:
    """The latest date of birth of someone at least `age` years old on `day` (age_on's rule in
    reverse, for a database filter): born on or before it, `age_on(born, day) >= age`."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # 29 February in a common year: born on the 28th is old enough
        return date(day.year - age, 2, 28)
