"""What every rule kind's validation uses: the Reader that turns raw TOML values into rule
values and collects a problem (file, where, reason) for each that cannot be used, and the bounds
on every number a rule file may hold.

A kind's module (academy/pathway/kinds/) reads its own fields with these; loader.py reads the
rest of the file and calls the kinds. The field readers (FieldReader: texts, whole numbers,
numbers, flags, unknown fields) also read the sporting-rules files (academy/sporting/loader.py).
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from academy.pathway.rules import ANY_TIME, KNOWN_SERIES, Requirement, Window

# What a rule file may hold. A file that passed the check must never take a page down once in
# use (issue 15, findings 2 and 10), so every number is bounded at load, with the reason said,
# and the text itself is limited before the TOML parser sees it.
MAX_RULE_TEXT_CHARS = 256 * 1024  # the shipped file is about 20 KB
MAX_NESTING = 16  # brackets and braces inside one another; the shipped file needs 3
MAX_YEARS = 100  # an age in years
MAX_COUNT = 1000  # starts, sessions, night runs
MAX_MONTHS = 240  # a rolling window: 20 years
MAX_SEASONS = 20
MAX_HOURS = 1000.0  # hours of driving
MAX_RACE_HOURS = 48.0  # the length of one race
MAX_WARN_DAYS = 730  # warn two years before a document runs out, at most
MAX_LAPS = 2000  # laps in one session or one day (what the coaching form accepts)
MAX_GRADINGS = 50  # gradings averaged
MAX_LEVEL = 10.0  # the rubric's scale is 1-10
EARLIEST_DAY = date(1900, 1, 1)  # the engine evaluates 1900..2100 only
LATEST_DAY = date(2100, 12, 31)
_SHOWN_CHARS = 40  # how much of a refused value an error message repeats
MAX_VERSION_CHARS = 40  # rule_sets.version is a String(40)
MAX_GROUP_DEPTH = 3  # groups inside groups
MAX_PARTS = 20


@dataclass(frozen=True, slots=True)
class RuleProblem:
    file: str
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.reason}"


E = TypeVar("E", bound=enum.Enum)
# (reader, raw list, owner, id prefix, depth) -> the requirements read
RequirementsReader = Callable[["Reader", Any, str, str, int], list[Requirement]]


def shown(value: Any) -> str:
    """A refused value as an error repeats it: its repr, cut short (a 4,000-digit number is
    not worth printing)."""
    text = repr(value)
    if len(text) <= _SHOWN_CHARS:
        return text
    return f"{text[:_SHOWN_CHARS]}... ({len(text)} characters)"


class FieldReader:
    """Reads the fields of a TOML table, one method per type of field, and collects a problem
    (file, where, reason) for each that cannot be used. Every rule file is read with these: the
    pathway's (Reader, below) and the sporting rules' (academy/sporting/loader.py)."""

    # What the file's format calls the entries of a table: "missing field 'years'".
    entry_word = "field"

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[RuleProblem] = []

    def problem(self, where: str, reason: str) -> None:
        self.problems.append(RuleProblem(self.file, where, reason))

    def text_limit(self, name: str) -> int | None:
        """The most characters the text field `name` may hold; None: only the file's size
        bounds it."""
        return None

    def absent(self, value: Any, name: str, where: str, required: bool) -> bool:
        """Whether the field is not there (a problem when it is required)."""
        if value is not None:
            return False
        if required:
            self.problem(where, f"missing {self.entry_word} '{name}'")
        return True

    def fields(self, table: Mapping[str, Any], allowed: Collection[str], where: str) -> None:
        """A problem naming the entries of `table` that are not `allowed`."""
        unknown = set(table) - set(allowed)
        if unknown:
            self.problem(where, f"unknown {self.entry_word}(s): {', '.join(sorted(unknown))}")

    def text(self, table: Mapping[str, Any], name: str, where: str, required: bool = True) -> str:
        """A text, stripped; "" when it is absent or, for an optional field, blank."""
        value = table.get(name)
        if self.absent(value, name, where, required):
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(where, f"'{name}' must be a non-empty text, got {shown(value)}")
            return ""
        limit = self.text_limit(name)
        if limit is not None and len(value) > limit:
            self.problem(where, f"'{name}' has {len(value):,} characters; at most {limit:,}")
            return ""
        return value.strip()

    def integer(
        self,
        table: Mapping[str, Any],
        name: str,
        where: str,
        *,
        required: bool = True,
        minimum: int = 0,
        maximum: int,
        default: int | None = None,
    ) -> int | None:
        value = table.get(name)
        if self.absent(value, name, where, required):
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(where, f"'{name}' must be a whole number, got {shown(value)}")
            return default
        if not minimum <= value <= maximum:
            self.problem(where, f"'{name}' must be from {minimum} to {maximum}, got {shown(value)}")
            return default
        return value

    def finite(self, value: Any, name: str, where: str, what: str = "a number") -> float | None:
        """`value` as a float if it is a finite number; else None and a problem saying it must
        be `what`."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(where, f"'{name}' must be {what}, got {shown(value)}")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(where, f"'{name}' must be a finite number, got {value}")
            return None
        return float(value)

    def version(self, table: Mapping[str, Any], where: str, *, stored: bool = False) -> str:
        """The file's `version` as text, read the same way for pathway and sporting rules: a
        text ("2026.2", the pathway files) or a whole number (1, the sporting files). A number
        with a point is refused: TOML reads it as a decimal number, so 2026.10 would be 2026.1,
        the same version as another; in quotes it stays what was written.

        `stored`: the text of a rule set already loaded into the academy, read again to be
        used. The pathway loader once took such numbers, so a record loaded then still reads,
        under the version it was stored with (str of the number)."""
        value = table.get("version")
        if self.absent(value, "version", where, required=True):
            return ""
        if isinstance(value, str):
            if not value.strip():
                self.problem(where, "'version' must be a non-empty text or a whole number, got ''")
                return ""
            if len(value) > MAX_VERSION_CHARS:
                self.problem(
                    where, f"'version' has {len(value):,} characters; at most {MAX_VERSION_CHARS}"
                )
                return ""
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            if value < 0:
                self.problem(where, f"'version' must not be negative, got {value}")
                return ""
            return str(value)
        if isinstance(value, float) and math.isfinite(value):
            if stored:
                return str(value)
            self.problem(
                where,
                f"'version' {shown(value)} is a decimal number to TOML (2026.10 would read as "
                f'2026.1): write it as text, version = "{value}"',
            )
            return ""
        self.problem(where, f"'version' must be a text or a whole number, got {shown(value)}")
        return ""

    def flag(self, table: Mapping[str, Any], name: str, where: str) -> bool:
        value = table.get(name, False)
        if not isinstance(value, bool):
            self.problem(where, f"'{name}' must be true or false, got {shown(value)}")
            return False
        return value


class Reader(FieldReader):
    """Turns a pathway rule file's raw TOML values into rule objects."""

    def __init__(
        self,
        file: str,
        competencies: Collection[str] | None,
        read_requirements: RequirementsReader | None = None,
    ) -> None:
        super().__init__(file)
        self.competencies = competencies
        # The file's expiry_warning_days, for a licence or medical requirement that gives none.
        self.default_warn_days = 60
        self._read_requirements = read_requirements

    def requirements(self, raw: Any, owner: str, id_prefix: str, depth: int) -> list[Requirement]:
        """The requirements listed inside a group (the loader reads them like any others)."""
        if self._read_requirements is None:
            raise TypeError("this Reader reads no nested requirements")
        return self._read_requirements(self, raw, owner, id_prefix, depth)

    def number(
        self,
        table: dict[str, Any],
        name: str,
        where: str,
        *,
        required: bool = True,
        maximum: float,
    ) -> float | None:
        """A number greater than 0 and at most `maximum` (never nan or infinite)."""
        value = table.get(name)
        if self.absent(value, name, where, required):
            return None
        number = self.finite(value, name, where)
        if number is not None and not 0 < number <= maximum:
            self.problem(
                where,
                f"'{name}' must be greater than 0 and at most {maximum:g}, got {shown(value)}",
            )
            return None
        return number

    def choice(self, table: dict[str, Any], name: str, choices: tuple[str, ...], where: str) -> str:
        """One of `choices` (the first when the field is absent)."""
        value = table.get(name, choices[0])
        if value not in choices:
            self.problem(where, f"'{name}' must be one of {', '.join(choices)}, got {shown(value)}")
            return choices[0]
        return str(value)

    def day(self, table: dict[str, Any], name: str, where: str, required: bool) -> date | None:
        value = table.get(name)
        if self.absent(value, name, where, required):
            return None
        if isinstance(value, datetime) or not isinstance(value, date):
            self.problem(where, f"'{name}' must be a date like 2026-06-01, got {shown(value)}")
            return None
        if not EARLIEST_DAY <= value <= LATEST_DAY:
            self.problem(
                where,
                f"'{name}' must be a day from {EARLIEST_DAY} to {LATEST_DAY}, got {value}",
            )
            return None
        return value

    def member(self, enum_type: type[E], raw: Any, name: str, where: str) -> E | None:
        if isinstance(raw, str):
            wanted = raw.strip().casefold()
            for candidate in enum_type:
                if wanted in (str(candidate.value).casefold(), candidate.name.casefold()):
                    return candidate
        valid = ", ".join(str(candidate.value) for candidate in enum_type)
        self.problem(where, f"unknown {name} {shown(raw)} (valid: {valid})")
        return None

    def members(
        self,
        enum_type: type[E],
        table: dict[str, Any],
        field_name: str,
        what: str,
        where: str,
        *,
        required: bool,
    ) -> frozenset[E]:
        raw = self.items(table, field_name, where, required)
        found = (self.member(enum_type, item, what, where) for item in raw)
        return frozenset(item for item in found if item is not None)

    def series(self, table: dict[str, Any], where: str) -> frozenset[str]:
        codes: set[str] = set()
        for raw in self.items(table, "series", where, required=False):
            code = raw.strip().upper() if isinstance(raw, str) else None
            if code not in KNOWN_SERIES:
                self.problem(
                    where, f"unknown series {shown(raw)} (valid: {', '.join(KNOWN_SERIES)})"
                )
            else:
                codes.add(code)
        return frozenset(codes)

    def items(self, table: dict[str, Any], name: str, where: str, required: bool) -> list[Any]:
        value = table.get(name)
        if self.absent(value, name, where, required):
            return []
        if not isinstance(value, list):
            self.problem(where, f"'{name}' must be a list, got {shown(value)}")
            return []
        if required and not value:
            self.problem(where, f"'{name}' must not be empty")
        return value

    def season_window(self, raw: dict[str, Any], where: str) -> Window:
        """`{ seasons = 2, season_start = "07-01" }`: this season and the one before."""
        if set(raw) & {"months", "from", "to"}:
            self.problem(where, "a window by season has no 'months', 'from' or 'to'")
            return ANY_TIME
        seasons = self.integer(raw, "seasons", where, minimum=1, maximum=MAX_SEASONS)
        start = (1, 1)
        if "season_start" in raw:
            found = season_start(raw["season_start"])
            if found is None:
                self.problem(
                    where,
                    "'season_start' must be a month and day like \"07-01\" that every year "
                    f"has, got {shown(raw['season_start'])}",
                )
            else:
                start = found
        if seasons is None:
            return ANY_TIME
        return Window(seasons=seasons, season_start=start)

    def window(self, table: dict[str, Any], where: str) -> Window:
        raw = table.get("window")
        if raw is None:
            return ANY_TIME
        if not isinstance(raw, dict):
            self.problem(
                where, f"'window' must be a table like {{ months = 24 }}, got {shown(raw)}"
            )
            return ANY_TIME
        unknown = set(raw) - {"months", "from", "to", "seasons", "season_start"}
        if unknown:
            self.problem(where, f"unknown window field(s) {', '.join(sorted(unknown))}")
        if "seasons" in raw or "season_start" in raw:
            return self.season_window(raw, where)
        months = self.integer(raw, "months", where, required=False, minimum=1, maximum=MAX_MONTHS)
        from_date = self.day(raw, "from", where, required=False)
        to_date = self.day(raw, "to", where, required=False)
        if months is not None and (from_date or to_date):
            self.problem(where, "a window has either 'months' or 'from'/'to', not both")
            return ANY_TIME
        if from_date and to_date and from_date > to_date:
            self.problem(where, f"window 'from' {from_date} is after 'to' {to_date}")
            return ANY_TIME
        if months is None and from_date is None and to_date is None and "months" not in raw:
            self.problem(where, "an empty window: give 'months' or 'from'/'to'")
        return Window(months=months, from_date=from_date, to_date=to_date)


def season_start(text: Any) -> tuple[int, int] | None:
    """'07-01' as (7, 1); None unless a day every year has (so no 29 February)."""
    if not isinstance(text, str) or not re.fullmatch(r"\d\d-\d\d", text):
        return None
    month, day = int(text[:2]), int(text[3:])
    try:
        date(2001, month, day)
    except ValueError:
        return None
    return month, day


# What a competency key looks like (the rubric page makes them so).
COMPETENCY_KEY = re.compile(r"[a-z][a-z0-9_]{0,49}")
