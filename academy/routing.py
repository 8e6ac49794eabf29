"""URL converters. Record ids in paths are bounded by what the id columns hold (32-bit
INTEGER on PostgreSQL, the smallest of our databases), so an id beyond it is a plain 404 and
never reaches the database, where it overflowed into a 500 (security review, finding 11)."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter, Map

MAX_RECORD_ID = 2**31 - 1


class RecordIdConverter(IntegerConverter):
    """`<int:...>` everywhere in the app: a non-negative integer no larger than MAX_RECORD_ID."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = MAX_RECORD_ID,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def database_int(text: str) -> int:
    """An integer query parameter (`request.args.get("page", 1, type=database_int)`): values
    the id columns cannot hold count as absent, like any other unreadable value."""
    value = int(text)
    if not 0 <= value <= MAX_RECORD_ID:
        raise ValueError(f"{text} is beyond what the database holds")
    return value
