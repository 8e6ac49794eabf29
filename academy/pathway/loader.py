"""Read and validate rule files (TOML).

A malformed file is refused as a whole with a RuleSetError that lists every
problem found, each naming the file, where in it (stage and requirement) and why.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import math
import re
import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from academy.enums import Categorisation, LicenceGrade, RaceClass, ResultStatus, SessionType
from academy.pathway.rules import (
    ANY_TIME,
    GROUP_KINDS,
    KINDS,
    KNOWN_COMPETENCIES,
    KNOWN_SERIES,
    CategorisationIn,
    ClassifiedStarts,
    CoachGrades,
    EnduranceHours,
    GradeRequirements,
    Group,
    MinAge,
    MinLicenceGrade,
    NightRunning,
    PreviousStage,
    ReachedBy,
    Requirement,
    RuleParams,
    RuleSet,
    SessionsCompleted,
    Stage,
    ValidMedical,
    Window,
)

RULESETS_DIR = Path(__file__).resolve().parents[1] / "rulesets"

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

COMMON_FIELDS = frozenset(
    {"id", "kind", "source", "label", "note", "unconfirmed", "policy", "hold"}
)
KIND_FIELDS: dict[str, frozenset[str]] = {
    "min_licence_grade": frozenset({"grade", "warn_days"}),
    "min_age": frozenset({"years", "counted"}),
    "valid_medical": frozenset({"warn_days"}),
    "classified_starts": frozenset(
        {"count", "series", "classes", "window", "statuses", "min_race_hours", "top", "position"}
    ),
    "endurance_hours": frozenset({"hours", "series", "classes", "window"}),
    "night_running": frozenset({"count", "series", "window", "include_sessions", "session_types"}),
    "coach_grades": frozenset({"competencies", "min_level", "mode", "n"}),
    "categorisation_in": frozenset({"allowed"}),
    "sessions_completed": frozenset(
        {"count", "session_types", "min_laps", "window", "per_day", "aco_approved"}
    ),
    "previous_stage": frozenset({"stage"}),
    "any_of": frozenset({"requirements"}),
    "all_of": frozenset({"requirements"}),
}
MAX_GROUP_DEPTH = 3  # groups inside groups
MAX_PARTS = 20
TOP_FIELDS = frozenset(
    {
        "key",
        "name",
        "version",
        "season",
        "effective_from",
        "expiry_warning_days",
        "description",
        "stages",
        "licence_grades",
    }
)
STAGE_FIELDS = frozenset(
    {"key", "name", "requires_stage", "description", "requirements", "reached_by"}
)
REACHED_BY_FIELDS = frozenset({"series", "classes", "statuses"})
GRADE_FIELDS = frozenset({"description", "requirements"})


@dataclass(frozen=True, slots=True)
class RuleProblem:
    file: str
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.reason}"


class RuleSetError(ValueError):
    """A rule file that cannot be used; `problems` lists every reason."""

    def __init__(self, file: str, problems: list[RuleProblem]) -> None:
        self.file = file
        self.problems = tuple(problems)
        count = len(problems)
        lines = "\n".join(f"  - {problem}" for problem in problems)
        plural = "problem" if count == 1 else "problems"
        super().__init__(f"Rule file {file} is refused ({count} {plural}):\n{lines}")


class RuleSetNotFound(LookupError):
    def __init__(self, key: str, available: list[str]) -> None:
        self.key = key
        known = ", ".join(available) or "none"
        super().__init__(f"No rule set '{key}' in {RULESETS_DIR} (available: {known})")


E = TypeVar("E", bound=enum.Enum)


def shown(value: Any) -> str:
    """A refused value as an error repeats it: its repr, cut short (a 4,000-digit number is
    not worth printing)."""
    text = repr(value)
    if len(text) <= _SHOWN_CHARS:
        return text
    return f"{text[:_SHOWN_CHARS]}... ({len(text)} characters)"


def nesting_problem(text: str) -> str | None:
    """Why a text nests too deeply for a rule file, or None. Brackets and braces inside strings
    and comments do not count. Run before the TOML parser, which would recurse once per level."""
    depth = 0
    deepest = 0
    i = 0
    length = len(text)
    while i < length:
        char = text[i]
        if char == "#":
            newline = text.find("\n", i)
            i = length if newline < 0 else newline
            continue
        if char in "\"'":
            quote = char * 3 if text.startswith(char * 3, i) else char
            i += len(quote)
            while i < length and not text.startswith(quote, i):
                if char == '"' and text[i] == "\\":
                    i += 1
                elif len(quote) == 1 and text[i] == "\n":
                    break
                i += 1
            i += len(quote)
            continue
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    line = text.count("\n", 0, i) + 1
                    return (
                        f"nested more than {MAX_NESTING} levels deep (line {line}); "
                        "a rule file needs 3"
                    )
        elif char in "]}":
            depth = max(0, depth - 1)
        i += 1
    return None


class _Reader:
    """Collects problems while turning raw TOML values into rule objects."""

    def __init__(self, file: str, competencies: Collection[str] | None) -> None:
        self.file = file
        self.competencies = competencies
        self.problems: list[RuleProblem] = []

    def problem(self, where: str, reason: str) -> None:
        self.problems.append(RuleProblem(self.file, where, reason))

    # -- scalar helpers ------------------------------------------------------------------

    def text(self, table: dict[str, Any], name: str, where: str, required: bool = True) -> str:
        value = table.get(name)
        if value is None:
            if required:
                self.problem(where, f"missing field '{name}'")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(where, f"'{name}' must be a non-empty text, got {shown(value)}")
            return ""
        return value.strip()

    def integer(
        self,
        table: dict[str, Any],
        name: str,
        where: str,
        *,
        required: bool = True,
        minimum: int = 0,
        maximum: int,
        default: int | None = None,
    ) -> int | None:
        value = table.get(name)
        if value is None:
            if required:
                self.problem(where, f"missing field '{name}'")
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(where, f"'{name}' must be a whole number, got {shown(value)}")
            return default
        if not minimum <= value <= maximum:
            self.problem(where, f"'{name}' must be from {minimum} to {maximum}, got {shown(value)}")
            return default
        return value

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
        if value is None:
            if required:
                self.problem(where, f"missing field '{name}'")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(where, f"'{name}' must be a number, got {shown(value)}")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(where, f"'{name}' must be a finite number, got {value}")
            return None
        if not 0 < value <= maximum:
            self.problem(
                where,
                f"'{name}' must be greater than 0 and at most {maximum:g}, got {shown(value)}",
            )
            return None
        return float(value)

    def flag(self, table: dict[str, Any], name: str, where: str) -> bool:
        value = table.get(name, False)
        if not isinstance(value, bool):
            self.problem(where, f"'{name}' must be true or false, got {shown(value)}")
            return False
        return value

    def choice(self, table: dict[str, Any], name: str, choices: tuple[str, ...], where: str) -> str:
        """One of `choices` (the first when the field is absent)."""
        value = table.get(name, choices[0])
        if value not in choices:
            self.problem(where, f"'{name}' must be one of {', '.join(choices)}, got {shown(value)}")
            return choices[0]
        return value

    def day(self, table: dict[str, Any], name: str, where: str, required: bool) -> date | None:
        value = table.get(name)
        if value is None:
            if required:
                self.problem(where, f"missing field '{name}'")
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
        raw = self._list(table, field_name, where, required)
        found = (self.member(enum_type, item, what, where) for item in raw)
        return frozenset(item for item in found if item is not None)

    def series(self, table: dict[str, Any], where: str) -> frozenset[str]:
        codes: set[str] = set()
        for raw in self._list(table, "series", where, required=False):
            code = raw.strip().upper() if isinstance(raw, str) else None
            if code not in KNOWN_SERIES:
                self.problem(
                    where, f"unknown series {shown(raw)} (valid: {', '.join(KNOWN_SERIES)})"
                )
            else:
                codes.add(code)
        return frozenset(codes)

    def _list(self, table: dict[str, Any], name: str, where: str, required: bool) -> list[Any]:
        value = table.get(name)
        if value is None:
            if required:
                self.problem(where, f"missing field '{name}'")
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
            found = _season_start(raw["season_start"])
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


def _season_start(text: Any) -> tuple[int, int] | None:
    """'07-01' as (7, 1); None unless a day every year has (so no 29 February)."""
    if not isinstance(text, str) or not re.fullmatch(r"\d\d-\d\d", text):
        return None
    month, day = int(text[:2]), int(text[3:])
    try:
        date(2001, month, day)
    except ValueError:
        return None
    return month, day


def _requirement_params(
    reader: _Reader,
    kind: str,
    raw: dict[str, Any],
    where: str,
    default_warn_days: int,
    depth: int = 0,
) -> RuleParams | None:
    problems_before = len(reader.problems)
    params: RuleParams | None = None
    if kind == "min_licence_grade":
        grade = None
        if raw.get("grade") is None:
            reader.problem(where, "missing field 'grade'")
        else:
            grade = reader.member(LicenceGrade, raw["grade"], "licence grade", where)
        warn = reader.integer(
            raw,
            "warn_days",
            where,
            required=False,
            maximum=MAX_WARN_DAYS,
            default=default_warn_days,
        )
        if grade is not None:
            params = MinLicenceGrade(grade=grade, warn_days=warn or 0)
    elif kind == "min_age":
        years = reader.integer(raw, "years", where, minimum=1, maximum=MAX_YEARS)
        counted = reader.choice(raw, "counted", ("birthday", "calendar_year"), where)
        if years is not None:
            params = MinAge(years=years, counted=counted)
    elif kind == "valid_medical":
        warn = reader.integer(
            raw,
            "warn_days",
            where,
            required=False,
            maximum=MAX_WARN_DAYS,
            default=default_warn_days,
        )
        params = ValidMedical(warn_days=warn or 0)
    elif kind == "classified_starts":
        count = reader.integer(raw, "count", where, minimum=1, maximum=MAX_COUNT)
        statuses = reader.members(
            ResultStatus, raw, "statuses", "result status", where, required=False
        )
        params = ClassifiedStarts(
            count=count or 1,
            series=reader.series(raw, where),
            classes=reader.members(RaceClass, raw, "classes", "class", where, required=False),
            window=reader.window(raw, where),
            statuses=statuses or frozenset({ResultStatus.CLASSIFIED}),
            min_race_hours=reader.number(
                raw, "min_race_hours", where, required=False, maximum=MAX_RACE_HOURS
            ),
            top=reader.integer(raw, "top", where, required=False, minimum=1, maximum=MAX_COUNT),
            position=reader.choice(raw, "position", ("overall", "class"), where),
        )
    elif kind == "endurance_hours":
        hours = reader.number(raw, "hours", where, maximum=MAX_HOURS)
        params = EnduranceHours(
            hours=hours or 0.0,
            series=reader.series(raw, where),
            classes=reader.members(RaceClass, raw, "classes", "class", where, required=False),
            window=reader.window(raw, where),
        )
    elif kind == "night_running":
        count = reader.integer(raw, "count", where, minimum=1, maximum=MAX_COUNT)
        params = NightRunning(
            count=count or 1,
            series=reader.series(raw, where),
            window=reader.window(raw, where),
            include_sessions=reader.flag(raw, "include_sessions", where),
            session_types=reader.members(
                SessionType, raw, "session_types", "session type", where, required=False
            ),
        )
        if params.session_types and not params.include_sessions:
            reader.problem(where, "'session_types' needs 'include_sessions = true'")
    elif kind == "coach_grades":
        competencies: list[str] = []
        rubric = reader.competencies
        for item in reader._list(raw, "competencies", where, required=True):
            if not isinstance(item, str) or not _COMPETENCY_KEY.fullmatch(item):
                reader.problem(
                    where, f"{shown(item)} is not a competency key (like traffic_management)"
                )
            elif rubric is not None and item not in rubric:
                valid = ", ".join(rubric)
                reader.problem(where, f"unknown competency {shown(item)} (the rubric has: {valid})")
            else:
                competencies.append(item)
        min_level = reader.number(raw, "min_level", where, maximum=MAX_LEVEL)
        mode = raw.get("mode", "latest")
        n = reader.integer(raw, "n", where, required=False, minimum=1, maximum=MAX_GRADINGS)
        if mode not in ("latest", "average_last_n"):
            reader.problem(where, f"unknown mode {shown(mode)} (valid: latest, average_last_n)")
        elif mode == "average_last_n" and n is None:
            reader.problem(where, "mode 'average_last_n' needs 'n' (how many gradings)")
        elif mode == "latest" and n not in (None, 1):
            reader.problem(where, "'n' only applies to mode 'average_last_n'")
        params = CoachGrades(
            competencies=tuple(dict.fromkeys(competencies)),
            min_level=min_level or 0.0,
            mode=mode if mode == "average_last_n" else "latest",
            n=n if mode == "average_last_n" and n else 1,
        )
    elif kind == "categorisation_in":
        allowed = reader.members(
            Categorisation, raw, "allowed", "categorisation", where, required=True
        )
        params = CategorisationIn(allowed=allowed)
    elif kind == "sessions_completed":
        count = reader.integer(raw, "count", where, minimum=1, maximum=MAX_COUNT)
        params = SessionsCompleted(
            count=count or 1,
            session_types=reader.members(
                SessionType, raw, "session_types", "session type", where, required=True
            ),
            min_laps=reader.integer(
                raw, "min_laps", where, required=False, minimum=1, maximum=MAX_LAPS
            ),
            window=reader.window(raw, where),
            per_day=reader.flag(raw, "per_day", where),
            aco_approved=reader.flag(raw, "aco_approved", where),
        )
    elif kind == "previous_stage":
        stage = reader.text(raw, "stage", where)
        if stage:
            params = PreviousStage(stage=stage)
    elif kind in GROUP_KINDS:
        params = _group(reader, kind, raw, where, default_warn_days, depth)
    return params if len(reader.problems) == problems_before else None


def _group(
    reader: _Reader,
    kind: str,
    raw: dict[str, Any],
    where: str,
    default_warn_days: int,
    depth: int,
) -> Group | None:
    if depth >= MAX_GROUP_DEPTH:
        reader.problem(where, f"groups may sit inside one another {MAX_GROUP_DEPTH} deep at most")
        return None
    raw_parts = raw.get("requirements")
    if isinstance(raw_parts, list) and len(raw_parts) > MAX_PARTS:
        reader.problem(where, f"a group has at most {MAX_PARTS} parts, got {len(raw_parts)}")
        return None
    raw_id = raw.get("id")
    prefix = raw_id if isinstance(raw_id, str) else where
    parts = _requirements(reader, raw_parts, where, prefix, default_warn_days, depth + 1)
    if kind == "any_of" and isinstance(raw_parts, list) and len(raw_parts) < 2:
        reader.problem(where, "any_of needs at least two requirements to choose from")
    for part in parts:
        if isinstance(part.params, PreviousStage):
            reader.problem(where, "previous_stage cannot sit inside a group")
    return Group(parts=tuple(parts), any=kind == "any_of")


def _requirements(
    reader: _Reader,
    raw_list: Any,
    owner: str,
    default_id_prefix: str,
    default_warn_days: int,
    depth: int = 0,
) -> list[Requirement]:
    if raw_list is None:
        reader.problem(owner, "missing 'requirements' (give at least one)")
        return []
    if not isinstance(raw_list, list) or not raw_list:
        reader.problem(owner, "'requirements' must be a non-empty list of tables")
        return []
    requirements: list[Requirement] = []
    for index, raw in enumerate(raw_list, start=1):
        where = f"{owner} requirement #{index}"
        if not isinstance(raw, dict):
            reader.problem(where, "must be a table")
            continue
        if "id" in raw:
            where += f" (id {shown(raw['id'])})"
        requirement_id = raw.get("id", f"{default_id_prefix}.{index}")
        if not isinstance(requirement_id, str) or not requirement_id.strip():
            reader.problem(where, f"'id' must be a non-empty text, got {shown(requirement_id)}")
            continue
        kind = raw.get("kind")
        if kind is None:
            reader.problem(where, "missing field 'kind'")
            continue
        if kind not in KINDS:
            reader.problem(where, f"unknown kind {shown(kind)} (valid: {', '.join(KINDS)})")
            continue
        unknown = set(raw) - COMMON_FIELDS - KIND_FIELDS[kind]
        if unknown:
            reader.problem(where, f"unknown field(s) for {kind}: {', '.join(sorted(unknown))}")
        source = reader.text(raw, "source", where)
        label = reader.text(raw, "label", where, required=False)
        note = reader.text(raw, "note", where, required=False)
        unconfirmed = reader.flag(raw, "unconfirmed", where)
        policy = reader.flag(raw, "policy", where)
        hold = reader.flag(raw, "hold", where)
        params = _requirement_params(reader, kind, raw, where, default_warn_days, depth)
        if params is None or not source:
            continue
        requirements.append(
            Requirement(
                id=requirement_id.strip(),
                kind=kind,
                params=params,
                source=source,
                label=label,
                note=note,
                unconfirmed=unconfirmed,
                policy=policy or source.casefold().startswith("academy policy"),
                hold=hold,
            )
        )
    return requirements


def _reached_by(reader: _Reader, raw: Any, owner: str) -> ReachedBy | None:
    """`reached_by = { classes = ["LMP2"], series = ["ALMS"] }`: results that reach the stage."""
    if raw is None:
        return None
    where = f"{owner} reached_by"
    if not isinstance(raw, dict):
        reader.problem(where, f"must be a table like {{ classes = ['LMP2'] }}, got {shown(raw)}")
        return None
    unknown = set(raw) - REACHED_BY_FIELDS
    if unknown:
        reader.problem(where, f"unknown field(s): {', '.join(sorted(unknown))}")
    series = reader.series(raw, where)
    classes = reader.members(RaceClass, raw, "classes", "class", where, required=False)
    if not series and not classes:
        reader.problem(where, "give the 'classes' or 'series' whose results reach the stage")
    statuses = reader.members(ResultStatus, raw, "statuses", "result status", where, required=False)
    if ResultStatus.DNS in statuses:
        reader.problem(where, "a DNS is no race: it cannot reach a stage")
    if statuses:
        return ReachedBy(series=series, classes=classes, statuses=statuses)
    return ReachedBy(series=series, classes=classes)


def parse_rule_set(
    data: dict[str, Any],
    file: str,
    competencies: Collection[str] | None = KNOWN_COMPETENCIES,
) -> RuleSet:
    """Build a RuleSet from parsed TOML; raise RuleSetError listing every problem.

    `competencies` are the rubric's keys a coach_grades requirement may name: the default
    rubric unless the caller knows the academy's own (rules_admin passes the rubric page's);
    None accepts any well-formed key (a stored rule set, checked against the rubric when it was
    loaded)."""
    reader = _Reader(file, competencies)
    unknown = set(data) - TOP_FIELDS
    if unknown:
        reader.problem("top level", f"unknown field(s): {', '.join(sorted(unknown))}")
    key = reader.text(data, "key", "top level")
    name = reader.text(data, "name", "top level")
    raw_version = data.get("version")
    if raw_version is None:
        reader.problem("top level", "missing field 'version'")
    elif isinstance(raw_version, bool) or not isinstance(raw_version, str | int | float):
        reader.problem("top level", f"'version' must be a text or number, got {shown(raw_version)}")
    season = reader.text(data, "season", "top level")
    effective_from = reader.day(data, "effective_from", "top level", required=True)
    warn_days = reader.integer(
        data,
        "expiry_warning_days",
        "top level",
        required=False,
        minimum=0,
        maximum=MAX_WARN_DAYS,
        default=60,
    )
    default_warn_days = 60 if warn_days is None else warn_days

    stages: list[Stage] = []
    raw_stages = data.get("stages")
    if not isinstance(raw_stages, list) or not raw_stages:
        reader.problem("top level", "missing 'stages' (an ordered list of [[stages]] tables)")
        raw_stages = []
    stage_positions: dict[str, int] = {}
    for position, raw_stage in enumerate(raw_stages):
        if isinstance(raw_stage, dict) and isinstance(raw_stage.get("key"), str):
            stage_positions.setdefault(raw_stage["key"].strip(), position)
    seen_stage_keys: set[str] = set()
    seen_ids: set[str] = set()

    def check_stage_reference(where: str, referenced: str, position: int | None) -> None:
        if referenced not in stage_positions:
            reader.problem(where, f"refers to unknown stage {referenced!r}")
        elif position is not None and stage_positions[referenced] == position:
            reader.problem(where, f"stage {referenced!r} refers to itself")
        elif position is not None and stage_positions[referenced] > position:
            reader.problem(
                where,
                f"refers to the later stage {referenced!r}: a stage may only require "
                "stages listed before it (anything else would be a cycle)",
            )

    def check_requirements(
        requirements: list[Requirement], owner: str, position: int | None
    ) -> None:
        for requirement in requirements:
            where = f"{owner} requirement (id {requirement.id!r})"
            if requirement.id in seen_ids:
                reader.problem(where, f"duplicate requirement id {requirement.id!r}")
            seen_ids.add(requirement.id)
            if isinstance(requirement.params, PreviousStage):
                check_stage_reference(where, requirement.params.stage, position)
            if isinstance(requirement.params, Group):
                check_requirements(list(requirement.params.parts), owner, position)

    for position, raw_stage in enumerate(raw_stages):
        owner = f"stage #{position + 1}"
        if not isinstance(raw_stage, dict):
            reader.problem(owner, "must be a table")
            continue
        stage_key = reader.text(raw_stage, "key", owner)
        if stage_key:
            owner = f"stage {stage_key!r}"
        unknown = set(raw_stage) - STAGE_FIELDS
        if unknown:
            reader.problem(owner, f"unknown field(s): {', '.join(sorted(unknown))}")
        if stage_key in seen_stage_keys:
            reader.problem(owner, f"duplicate stage key {stage_key!r}")
        seen_stage_keys.add(stage_key)
        stage_name = reader.text(raw_stage, "name", owner)
        requires = raw_stage.get("requires_stage")
        if requires is not None:
            if not isinstance(requires, str) or not requires.strip():
                reader.problem(
                    owner, f"'requires_stage' must be a stage key, got {shown(requires)}"
                )
                requires = None
            else:
                requires = requires.strip()
                check_stage_reference(f"{owner} requires_stage", requires, position)
        requirements = _requirements(
            reader, raw_stage.get("requirements"), owner, stage_key or owner, default_warn_days
        )
        check_requirements(requirements, owner, position)
        if requires:
            # The stage order is itself a requirement, shown to the driver like any other.
            requirements.insert(
                0,
                Requirement(
                    id=f"{stage_key}.requires",
                    kind="previous_stage",
                    params=PreviousStage(stage=requires),
                    source="rule set stage order",
                ),
            )
        stages.append(
            Stage(
                key=stage_key,
                name=stage_name,
                requirements=tuple(requirements),
                requires_stage=requires,
                description=reader.text(raw_stage, "description", owner, required=False),
                reached_by=_reached_by(reader, raw_stage.get("reached_by"), owner),
            )
        )

    grades: list[GradeRequirements] = []
    raw_grades = data.get("licence_grades", {})
    if not isinstance(raw_grades, dict):
        reader.problem("licence_grades", "must be a table keyed by licence grade")
        raw_grades = {}
    for grade_name, raw_grade in raw_grades.items():
        owner = f"licence_grades.{grade_name}"
        grade = reader.member(LicenceGrade, grade_name, "licence grade", owner)
        if not isinstance(raw_grade, dict):
            reader.problem(owner, "must be a table with 'requirements'")
            continue
        unknown = set(raw_grade) - GRADE_FIELDS
        if unknown:
            reader.problem(owner, f"unknown field(s): {', '.join(sorted(unknown))}")
        requirements = _requirements(
            reader, raw_grade.get("requirements"), owner, f"grade-{grade_name}", default_warn_days
        )
        check_requirements(requirements, owner, None)
        if grade is not None:
            grades.append(
                GradeRequirements(
                    grade=grade,
                    requirements=tuple(requirements),
                    description=reader.text(raw_grade, "description", owner, required=False),
                )
            )

    if reader.problems:
        raise RuleSetError(file, reader.problems)
    assert effective_from is not None
    return RuleSet(
        key=key,
        name=name,
        version=str(raw_version),
        season=season,
        effective_from=effective_from,
        stages=tuple(stages),
        licence_grades=tuple(sorted(grades, key=lambda entry: entry.grade.rank)),
        expiry_warning_days=default_warn_days,
        source_file=file,
    )


_COMPETENCY_KEY = re.compile(r"[a-z][a-z0-9_]{0,49}")
_HUGE_NUMBER = re.compile(r"^[ \t]*(?P<key>[^=\n]*?)[ \t]*=[ \t]*[+-]?[0-9_]{100,}", re.MULTILINE)


def _huge_number_problem(text: str, file: str, error: ValueError) -> RuleProblem:
    """The key and line of the number too long to read, when it can be found."""
    found = _HUGE_NUMBER.search(text)
    if found is None:
        return RuleProblem(file, "TOML value", f"a value TOML cannot hold: {shown(str(error))}")
    line = text.count("\n", 0, found.start()) + 1
    return RuleProblem(
        file,
        f"line {line}, key {shown(found['key'].strip())}",
        "a number with thousands of digits; every number in a rule file is small "
        f"(ages up to {MAX_YEARS}, counts up to {MAX_COUNT})",
    )


def parse_rule_text(
    text: str, file: str, competencies: Collection[str] | None = KNOWN_COMPETENCIES
) -> RuleSet:
    """A rule set from TOML text (e.g. the copy kept in the database); `file` names it in errors."""
    if len(text) > MAX_RULE_TEXT_CHARS:
        reason = (
            f"{len(text):,} characters; a rule file may have {MAX_RULE_TEXT_CHARS:,} at most "
            "(the shipped one has about 20,000)"
        )
        raise RuleSetError(file, [RuleProblem(file, "file", reason)])
    too_deep = nesting_problem(text)
    if too_deep:
        raise RuleSetError(file, [RuleProblem(file, "TOML structure", too_deep)])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RuleSetError(file, [RuleProblem(file, "TOML syntax", str(error))]) from error
    except ValueError as error:
        # Python refuses to read integers of more than 4,300 digits (int_max_str_digits).
        raise RuleSetError(file, [_huge_number_problem(text, file, error)]) from error
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return dataclasses.replace(parse_rule_set(data, file, competencies), digest=digest)


def load_rule_set(
    path: str | Path, competencies: Collection[str] | None = KNOWN_COMPETENCIES
) -> RuleSet:
    """Read one rule file; RuleSetError if it is unreadable or malformed."""
    path = Path(path)
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise RuleSetError(file, [RuleProblem(file, "file", f"cannot read: {error}")]) from error
    except UnicodeDecodeError as error:
        raise RuleSetError(file, [RuleProblem(file, "file", f"not UTF-8 text: {error}")]) from error
    return parse_rule_text(text, file, competencies)


def check_rule_file(
    path: str | Path, competencies: Collection[str] | None = KNOWN_COMPETENCIES
) -> list[str]:
    """Every problem in a rule file as 'file: where: reason' lines; [] when it loads clean.

    What the `rules check FILE` command prints.
    """
    try:
        load_rule_set(path, competencies)
    except RuleSetError as error:
        return [str(problem) for problem in error.problems]
    return []


def available_rule_sets(directory: Path = RULESETS_DIR) -> list[str]:
    """Keys of the shipped rule sets (one file per key: <key>.toml)."""
    return sorted(path.stem for path in directory.glob("*.toml"))


def load_rule_set_by_key(key: str, directory: Path = RULESETS_DIR) -> RuleSet:
    path = directory / f"{key}.toml"
    if not path.is_file():
        raise RuleSetNotFound(key, available_rule_sets(directory))
    rule_set = load_rule_set(path)
    if rule_set.key != key:
        problem = RuleProblem(
            str(path), "key", f"file is named {key!r} but its key is {rule_set.key!r}"
        )
        raise RuleSetError(str(path), [problem])
    return rule_set
