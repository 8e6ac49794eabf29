"""Read and check sporting-rules files (TOML), one per series and season.

A file that does not pass is refused as a whole with `RuleSetError` (the pathway loader's
error, so every rule file reads the same way) listing every problem, each naming the file, the
key and the reason. Every number is bounded, every key known, and the text is limited in size and
nesting before the TOML parser sees it. Loaded files are cached by their content.

The format (academy/rulesets/sporting/<key>.toml; every table may say `source`, which most
require, `unconfirmed = true` and `note`)::

    key = "alms-2025-26"            # the file's name
    name = "Asian Le Mans Series 2025-26"
    series = "ALMS"                 # a code of academy.pathway.rules.KNOWN_SERIES
    season = "2025-26"
    version = 1

    [calendar]
    races = 6                       # races in the season: what is left to be won

    [points.aco]                    # a named scale; a file without [points] has no championship
    positions = [25, 18, 15, 12, 10, 8, 6, 4, 2, 1]   # P1 first, decreasing
    other_classified = 0.5          # every other classified car
    pole = 1

    [classes.LMP2]                  # the season's classes, as the timing files name them
    points = "aco"                  # required when the file has [points]

    [classes.LMP3]
    points = "aco"

    [tie_break]
    order = ["countback", "last_race"]   # TieBreakStep values

    [invitations.LMP2]              # the top `places` teams are invited
    places = 1
    le_mans = 2026                  # the edition
    into = "LMP2"                   # the Le Mans class of the entry

    [crews.LMP3]
    min_drivers = 2
    max_drivers = 3
    limits = [
        { categories = ["bronze"], min = 1, source = "..." },
        { categories = ["platinum"], max = 0, source = "..." },
    ]

    [driving_time]                  # minutes
    max_total_minutes = 840
    rolling_window_minutes = 360
    rolling_max_minutes = 240
    limits = [
        { classes = ["LMP2"], categories = ["bronze"], min_minutes = 70, source = "..." },
    ]

Refused at load: a class named in invitations, crews or driving time that the season does not
run; a class of a championship without points; points that do not decrease; a crew rule no crew
can meet; any number out of its bounds; unknown keys; more than MAX_TEXT_CHARS or too deep.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from academy.enums import Categorisation
from academy.pathway.loader import (
    RuleProblem,
    RuleSetError,
    rule_file_text,
    text_digest,
    toml_data,
)
from academy.pathway.reading import FieldReader, shown
from academy.pathway.rules import KNOWN_SERIES
from academy.sporting.rules import (
    MINUTE_MS,
    NO_DRIVING_TIME_RULES,
    CategoryLimit,
    Citation,
    CrewRule,
    DriveLimit,
    DrivingTimeRules,
    InvitationRule,
    PointsScale,
    SeasonClass,
    SportingRules,
    TieBreak,
    TieBreakStep,
    class_key,
)

SPORTING_DIR = Path(__file__).resolve().parents[1] / "rulesets" / "sporting"

MAX_TEXT_CHARS = 128 * 1024  # a shipped file is about 8 KB
MAX_RACES = 30  # races in one season
MAX_POSITIONS = 50  # class positions that score
MAX_POINTS = 100.0  # points for one position or one pole
POINT_STEP = 0.25  # points are whole, halves or quarters: sums stay exact
MAX_CLASSES = 20
MAX_CREW = 10  # drivers in one crew
MAX_RACE_MINUTES = 48 * 60  # a driving-time limit: at most the length of a long race
MAX_LIMITS = 100
MAX_LE_MANS = 2100
MIN_LE_MANS = 1923
MAX_NAME_CHARS = 200
MAX_SOURCE_CHARS = 2000

CITATION_FIELDS = frozenset({"source", "unconfirmed", "note"})
TOP_FIELDS = frozenset(
    {
        "key",
        "name",
        "series",
        "season",
        "version",
        "calendar",
        "points",
        "classes",
        "tie_break",
        "invitations",
        "crews",
        "driving_time",
    }
)
CALENDAR_FIELDS = CITATION_FIELDS | {"races"}
SCALE_FIELDS = CITATION_FIELDS | {"positions", "other_classified", "pole"}
CLASS_FIELDS = CITATION_FIELDS | {"points"}
TIE_BREAK_FIELDS = CITATION_FIELDS | {"order"}
INVITATION_FIELDS = CITATION_FIELDS | {"places", "le_mans", "into"}
CREW_FIELDS = CITATION_FIELDS | {"min_drivers", "max_drivers", "limits"}
LIMIT_FIELDS = CITATION_FIELDS | {"categories", "min", "max"}
DRIVING_FIELDS = CITATION_FIELDS | {
    "max_total_minutes",
    "rolling_window_minutes",
    "rolling_max_minutes",
    "limits",
}
DRIVE_LIMIT_FIELDS = CITATION_FIELDS | {
    "classes",
    "categories",
    "crew_sizes",
    "min_minutes",
    "max_minutes",
}


class SportingRulesNotFound(LookupError):
    def __init__(self, wanted: str, available: list[str]) -> None:
        self.wanted = wanted
        known = ", ".join(available) or "none"
        super().__init__(f"No sporting rules for {wanted} in {SPORTING_DIR} (available: {known})")


class _Reader(FieldReader):
    """Turns a sporting-rules file's raw TOML values into rule objects."""

    entry_word = "key"

    def text_limit(self, name: str) -> int:
        return MAX_SOURCE_CHARS if name in ("source", "note") else MAX_NAME_CHARS

    def table(self, raw: Any, where: str, *, required: bool = True) -> dict[str, Any] | None:
        if raw is None:
            if required:
                self.problem(where, "missing table")
            return None
        if not isinstance(raw, dict):
            self.problem(where, f"must be a table, got {shown(raw)}")
            return None
        return raw

    def points(self, value: Any, name: str, where: str) -> float | None:
        """A points figure: from 0 to MAX_POINTS, in steps of a quarter point."""
        points = self.finite(value, name, where, "a number of points")
        if points is None:
            return None
        if not 0 <= points <= MAX_POINTS:
            self.problem(where, f"'{name}' must be from 0 to {MAX_POINTS:g}, got {shown(value)}")
            return None
        if (points / POINT_STEP) != int(points / POINT_STEP):
            self.problem(
                where,
                f"'{name}' must be whole, half or quarter points, got {shown(value)}",
            )
            return None
        return points

    def citation(self, table: Mapping[str, Any], where: str) -> Citation:
        return Citation(
            source=self.text(table, "source", where),
            unconfirmed=self.flag(table, "unconfirmed", where),
            note=self.text(table, "note", where, required=False),
        )

    def array(self, table: Mapping[str, Any], name: str, where: str, *, limit: int) -> list[Any]:
        value = table.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(where, f"'{name}' must be a list, got {shown(value)}")
            return []
        if len(value) > limit:
            self.problem(where, f"'{name}' has {len(value)} items; at most {limit}")
            return []
        return value

    def categories(self, table: Mapping[str, Any], where: str) -> frozenset[Categorisation] | None:
        """The categories a limit speaks of; None when the key is absent (any category)."""
        if "categories" not in table:
            return None
        raw = self.array(table, "categories", where, limit=len(Categorisation))
        found: set[Categorisation] = set()
        for item in raw:
            member = _category(item)
            if member is None:
                valid = ", ".join(category.value for category in Categorisation)
                self.problem(where, f"unknown category {shown(item)} (valid: {valid})")
            else:
                found.add(member)
        if not raw:
            self.problem(where, "'categories' must name at least one category")
        return frozenset(found)

    def minutes(self, table: Mapping[str, Any], name: str, where: str) -> int | None:
        value = self.integer(
            table, name, where, minimum=1, maximum=MAX_RACE_MINUTES, required=False
        )
        return None if value is None else value * MINUTE_MS


def _category(raw: Any) -> Categorisation | None:
    if not isinstance(raw, str):
        return None
    wanted = raw.strip().casefold()
    for member in Categorisation:
        if wanted in (member.value, member.name.casefold()):
            return member
    return None


def _scales(reader: _Reader, raw: Any) -> dict[str, PointsScale]:
    scales: dict[str, PointsScale] = {}
    table = reader.table(raw, "points", required=False)
    if table is None:
        return scales
    if len(table) > MAX_CLASSES:
        reader.problem("points", f"{len(table)} scales; at most {MAX_CLASSES}")
        return scales
    for name, raw_scale in table.items():
        where = f"points.{name}"
        scale = reader.table(raw_scale, where)
        if scale is None:
            continue
        reader.fields(scale, SCALE_FIELDS, where)
        raw_positions = scale.get("positions")
        positions: list[float] = []
        if not isinstance(raw_positions, list) or not raw_positions:
            reader.problem(where, "'positions' must be a non-empty list of points (P1 first)")
        elif len(raw_positions) > MAX_POSITIONS:
            reader.problem(where, f"'positions' has {len(raw_positions)}; at most {MAX_POSITIONS}")
        else:
            for index, value in enumerate(raw_positions, start=1):
                points = reader.points(value, f"positions[{index}]", where)
                if points is not None:
                    positions.append(points)
            if len(positions) == len(raw_positions):
                for index in range(1, len(positions)):
                    if positions[index] >= positions[index - 1]:
                        reader.problem(
                            where,
                            f"points must decrease: P{index + 1} gives {positions[index]:g}, "
                            f"not less than P{index}'s {positions[index - 1]:g}",
                        )
        other = scale.get("other_classified", 0)
        other_points = reader.points(other, "other_classified", where)
        if other_points is not None and positions and other_points >= positions[-1]:
            reader.problem(
                where,
                f"points must decrease: 'other_classified' gives {other_points:g}, not less "
                f"than the last scoring position's {positions[-1]:g}",
            )
        pole = reader.points(scale.get("pole", 0), "pole", where)
        citation = reader.citation(scale, where)
        if other_points is not None and pole is not None:
            scales[name] = PointsScale(
                name=name,
                positions=tuple(positions),
                other_classified=other_points,
                pole=pole,
                citation=citation,
            )
    return scales


def _classes(
    reader: _Reader, raw: Any, scales: dict[str, PointsScale], has_points: bool
) -> list[SeasonClass]:
    classes: list[SeasonClass] = []
    table = reader.table(raw, "classes")
    if table is None:
        return classes
    if not table:
        reader.problem("classes", "the season must name at least one class")
    if len(table) > MAX_CLASSES:
        reader.problem("classes", f"{len(table)} classes; at most {MAX_CLASSES}")
        return classes
    seen: dict[str, str] = {}
    for name, raw_class in table.items():
        where = f"classes.{name}"
        entry = reader.table(raw_class, where)
        if entry is None:
            continue
        if not name.strip() or len(name) > MAX_NAME_CHARS:
            reader.problem(where, f"a class name must be a short non-empty text, got {shown(name)}")
            continue
        key = class_key(name)
        if key in seen:
            reader.problem(where, f"the same class as {seen[key]!r}")
            continue
        seen[key] = name
        reader.fields(entry, CLASS_FIELDS, where)
        scale: PointsScale | None = None
        scale_name = entry.get("points")
        if scale_name is None:
            if has_points:
                reader.problem(
                    where, "missing key 'points': a class of the championship without points"
                )
        elif not isinstance(scale_name, str) or scale_name not in scales:
            known = ", ".join(sorted(scales)) or "none"
            reader.problem(
                where, f"points scale {shown(scale_name)} is not defined (known: {known})"
            )
        else:
            scale = scales[scale_name]
        classes.append(
            SeasonClass(name=name.strip(), points=scale, citation=reader.citation(entry, where))
        )
    return classes


def _tie_break(reader: _Reader, raw: Any, has_points: bool) -> TieBreak:
    table = reader.table(raw, "tie_break", required=has_points)
    if table is None:
        return TieBreak((), Citation("no tie-break in the file"))
    reader.fields(table, TIE_BREAK_FIELDS, "tie_break")
    steps: list[TieBreakStep] = []
    for item in reader.array(table, "order", "tie_break", limit=len(TieBreakStep)):
        step = next((s for s in TieBreakStep if s.value == item), None)
        if step is None:
            valid = ", ".join(s.value for s in TieBreakStep)
            reader.problem("tie_break", f"unknown step {shown(item)} (valid: {valid})")
        elif step in steps:
            reader.problem("tie_break", f"step {step.value!r} is listed twice")
        else:
            steps.append(step)
    if "order" not in table:
        reader.problem("tie_break", "missing key 'order'")
    return TieBreak(tuple(steps), reader.citation(table, "tie_break"))


def _known_class(reader: _Reader, name: str, where: str, classes: dict[str, SeasonClass]) -> bool:
    if class_key(name) not in classes:
        known = ", ".join(season_class.name for season_class in classes.values()) or "none"
        reader.problem(where, f"class {name!r} is not one of the season's classes ({known})")
        return False
    return True


def _class_rules(
    reader: _Reader,
    raw: Any,
    section: str,
    allowed: frozenset[str],
    classes: dict[str, SeasonClass],
) -> Iterator[tuple[str, str, dict[str, Any], bool]]:
    """The tables of [invitations] or [crews], one per class: (the class as written, where,
    the table, whether the season runs that class)."""
    table = reader.table(raw, section, required=False)
    if table is None:
        return
    for name, raw_rule in table.items():
        where = f"{section}.{name}"
        entry = reader.table(raw_rule, where)
        if entry is None:
            continue
        reader.fields(entry, allowed, where)
        yield name, where, entry, _known_class(reader, name, where, classes)


def _limit_tables(
    reader: _Reader, table: dict[str, Any], where: str, allowed: frozenset[str]
) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """A rule's `limits`, each with where it stands; None for one that is not a table."""
    for index, raw_limit in enumerate(reader.array(table, "limits", where, limit=MAX_LIMITS), 1):
        limit_where = f"{where}.limits[{index}]"
        limit = reader.table(raw_limit, limit_where)
        if limit is not None:
            reader.fields(limit, allowed, limit_where)
        yield limit_where, limit


def _invitations(
    reader: _Reader, raw: Any, classes: dict[str, SeasonClass]
) -> list[InvitationRule]:
    rules: list[InvitationRule] = []
    for name, where, entry, known in _class_rules(
        reader, raw, "invitations", INVITATION_FIELDS, classes
    ):
        if known and classes[class_key(name)].points is None:
            reader.problem(where, f"class {name!r} has no points: no championship to invite from")
        places = reader.integer(entry, "places", where, minimum=1, maximum=MAX_CLASSES)
        le_mans = reader.integer(entry, "le_mans", where, minimum=MIN_LE_MANS, maximum=MAX_LE_MANS)
        into = reader.text(entry, "into", where)
        citation = reader.citation(entry, where)
        if known and places is not None and le_mans is not None and into:
            rules.append(
                InvitationRule(
                    class_name=classes[class_key(name)].name,
                    places=places,
                    le_mans=le_mans,
                    into=into,
                    citation=citation,
                )
            )
    return rules


def _crews(
    reader: _Reader, raw: Any, classes: dict[str, SeasonClass], series: str
) -> list[CrewRule]:
    rules: list[CrewRule] = []
    for name, where, entry, known in _class_rules(reader, raw, "crews", CREW_FIELDS, classes):
        low = reader.integer(entry, "min_drivers", where, minimum=1, maximum=MAX_CREW)
        high = reader.integer(entry, "max_drivers", where, minimum=1, maximum=MAX_CREW)
        if low is not None and high is not None and low > high:
            reader.problem(where, f"'min_drivers' {low} is more than 'max_drivers' {high}")
            continue
        limits: list[CategoryLimit] = []
        failed = False
        for limit_where, limit in _limit_tables(reader, entry, where, LIMIT_FIELDS):
            if limit is None:
                failed = True
                continue
            categories = reader.categories(limit, limit_where)
            if categories is None:
                reader.problem(limit_where, "missing key 'categories'")
            minimum = reader.integer(
                limit, "min", limit_where, minimum=0, maximum=MAX_CREW, required=False
            )
            maximum = reader.integer(
                limit, "max", limit_where, minimum=0, maximum=MAX_CREW, required=False
            )
            if "min" not in limit and "max" not in limit:
                reader.problem(limit_where, "give 'min', 'max' or both")
            citation = reader.citation(limit, limit_where)
            minimum = minimum or 0
            if maximum is not None and minimum > maximum:
                reader.problem(limit_where, f"'min' {minimum} is more than 'max' {maximum}")
                failed = True
                continue
            if high is not None and minimum > high:
                reader.problem(
                    limit_where, f"'min' {minimum} is more than the crew's 'max_drivers' {high}"
                )
                failed = True
                continue
            if not categories:
                failed = True
                continue
            limits.append(CategoryLimit(categories, minimum, maximum, citation))
        citation = reader.citation(entry, where)
        if not known or low is None or high is None or failed:
            continue
        rule = CrewRule(
            classes[class_key(name)].name, low, high, tuple(limits), citation, series=series
        )
        if not _some_crew_meets(rule):
            reader.problem(
                where,
                "no crew can meet this rule: no mix of "
                f"{low} to {high} drivers satisfies every category limit together",
            )
            continue
        rules.append(rule)
    return rules


def _some_crew_meets(rule: CrewRule) -> bool:
    """Whether any crew (counts of each category) meets the rule; at most 1,001 mixes."""
    categories = tuple(Categorisation)
    for size in range(rule.min_drivers, rule.max_drivers + 1):
        for mix in itertools.combinations_with_replacement(categories, size):
            if all(
                limit.allows(sum(1 for category in mix if category in limit.categories))
                for limit in rule.limits
            ):
                return True
    return False


def _driving_time(reader: _Reader, raw: Any, classes: dict[str, SeasonClass]) -> DrivingTimeRules:
    table = reader.table(raw, "driving_time", required=False)
    if table is None:
        return NO_DRIVING_TIME_RULES
    where = "driving_time"
    reader.fields(table, DRIVING_FIELDS, where)
    max_total = reader.minutes(table, "max_total_minutes", where)
    window = reader.minutes(table, "rolling_window_minutes", where)
    window_max = reader.minutes(table, "rolling_max_minutes", where)
    if ("rolling_window_minutes" in table) != ("rolling_max_minutes" in table):
        reader.problem(where, "give both 'rolling_window_minutes' and 'rolling_max_minutes'")
    if window is not None and window_max is not None and window_max > window:
        reader.problem(where, "'rolling_max_minutes' is longer than the window it limits")
    limits: list[DriveLimit] = []
    for limit_where, limit in _limit_tables(reader, table, where, DRIVE_LIMIT_FIELDS):
        if limit is None:
            continue
        class_names: frozenset[str] | None = None
        if "classes" in limit:
            names = reader.array(limit, "classes", limit_where, limit=MAX_CLASSES)
            if not names:
                reader.problem(limit_where, "'classes' must name at least one class")
            valid = [
                name
                for name in names
                if isinstance(name, str) and _known_class(reader, name, limit_where, classes)
            ]
            for name in names:
                if not isinstance(name, str):
                    reader.problem(limit_where, f"a class must be a text, got {shown(name)}")
            class_names = frozenset(class_key(name) for name in valid)
        categories = reader.categories(limit, limit_where)
        crew_sizes: frozenset[int] | None = None
        if "crew_sizes" in limit:
            sizes = reader.array(limit, "crew_sizes", limit_where, limit=MAX_CREW)
            found: set[int] = set()
            for size in sizes:
                if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_CREW:
                    reader.problem(
                        limit_where, f"a crew size must be from 1 to {MAX_CREW}, got {shown(size)}"
                    )
                else:
                    found.add(size)
            if not sizes:
                reader.problem(limit_where, "'crew_sizes' must name at least one size")
            crew_sizes = frozenset(found)
        low = reader.minutes(limit, "min_minutes", limit_where)
        high = reader.minutes(limit, "max_minutes", limit_where)
        if "min_minutes" not in limit and "max_minutes" not in limit:
            reader.problem(limit_where, "give 'min_minutes', 'max_minutes' or both")
        if low is not None and high is not None and low > high:
            reader.problem(limit_where, "'min_minutes' is more than 'max_minutes'")
        if low is not None and max_total is not None and low > max_total:
            reader.problem(limit_where, "'min_minutes' is more than the race's 'max_total_minutes'")
        citation = reader.citation(limit, limit_where)
        if low is None and high is None:
            continue
        limits.append(DriveLimit(class_names, categories, crew_sizes, low, high, citation))
    return DrivingTimeRules(
        max_total, window, window_max, tuple(limits), reader.citation(table, where)
    )


def parse_sporting_rules(data: Mapping[str, Any], file: str) -> SportingRules:
    """SportingRules from parsed TOML; RuleSetError listing every problem."""
    reader = _Reader(file)
    top = "top level"
    reader.fields(data, TOP_FIELDS, top)
    key = reader.text(data, "key", top)
    name = reader.text(data, "name", top)
    series = reader.text(data, "series", top)
    if series and series not in KNOWN_SERIES:
        reader.problem(top, f"unknown series {series!r} (valid: {', '.join(KNOWN_SERIES)})")
    season = reader.text(data, "season", top)
    version = reader.version(data, top)

    calendar = reader.table(data.get("calendar"), "calendar")
    races = 0
    calendar_citation = Citation("")
    if calendar is not None:
        reader.fields(calendar, CALENDAR_FIELDS, "calendar")
        races = reader.integer(calendar, "races", "calendar", minimum=1, maximum=MAX_RACES) or 0
        calendar_citation = reader.citation(calendar, "calendar")

    scales = _scales(reader, data.get("points"))
    has_points = "points" in data
    class_list = _classes(reader, data.get("classes"), scales, has_points)
    classes = {season_class.key: season_class for season_class in class_list}
    used = {season_class.points.name for season_class in class_list if season_class.points}
    for unused in sorted(set(scales) - used):
        reader.problem(f"points.{unused}", "a points scale no class uses")
    tie_break = _tie_break(reader, data.get("tie_break"), has_points)
    invitations = _invitations(reader, data.get("invitations"), classes)
    crews = _crews(reader, data.get("crews"), classes, series)
    driving_time = _driving_time(reader, data.get("driving_time"), classes)

    if reader.problems:
        raise RuleSetError(file, reader.problems)
    return SportingRules(
        key=key,
        name=name,
        series=series,
        season=season,
        version=version,
        races=races,
        calendar=calendar_citation,
        classes=tuple(class_list),
        tie_break=tie_break,
        invitations=tuple(invitations),
        crews=tuple(crews),
        driving_time=driving_time,
        source_file=file,
    )


def parse_sporting_text(text: str, file: str) -> SportingRules:
    """Sporting rules from TOML text; `file` names it in errors. Cached by content and name."""
    return _parse_cached(text, file)


@lru_cache(maxsize=64)
def _parse_cached(text: str, file: str) -> SportingRules:
    too_long = f"a sporting-rules file may have {MAX_TEXT_CHARS:,}"
    data = toml_data(text, file, max_chars=MAX_TEXT_CHARS, too_long=too_long)
    return dataclasses.replace(parse_sporting_rules(data, file), digest=text_digest(text))


def load_sporting_rules(path: str | Path) -> SportingRules:
    """Read one sporting-rules file; RuleSetError if it is unreadable or malformed, or if its
    key is not its file name."""
    path = Path(path)
    file = str(path)
    rules = parse_sporting_text(rule_file_text(path), file)
    if rules.key != path.stem:
        problem = RuleProblem(
            file, "key", f"the file is named {path.stem!r} but its key is {rules.key!r}"
        )
        raise RuleSetError(file, [problem])
    return rules


def available_sporting_rules(directory: Path = SPORTING_DIR) -> list[str]:
    """Keys of the shipped sporting-rules files (one file per key: <key>.toml)."""
    return sorted(path.stem for path in directory.glob("*.toml"))


def load_all_sporting_rules(directory: Path = SPORTING_DIR) -> dict[str, SportingRules]:
    """Every sporting-rules file of `directory`, by key. Also checks the files against each
    other: an invitation into a Le Mans edition whose file is there must name one of its classes.
    One RuleSetError for the first file refused."""
    loaded = {
        key: load_sporting_rules(directory / f"{key}.toml")
        for key in available_sporting_rules(directory)
    }
    le_mans = {rules.season: rules for rules in loaded.values() if rules.series == "LM24"}
    for rules in loaded.values():
        problems = []
        for invitation in rules.invitations:
            edition = le_mans.get(str(invitation.le_mans))
            if edition is not None and edition.season_class(invitation.into) is None:
                known = ", ".join(season_class.name for season_class in edition.classes)
                problems.append(
                    RuleProblem(
                        rules.source_file,
                        f"invitations.{invitation.class_name}",
                        f"'into' {invitation.into!r} is not a class of {edition.name} ({known})",
                    )
                )
        if problems:
            raise RuleSetError(rules.source_file, problems)
    return loaded


def sporting_rules_for(series: str, season: str, directory: Path = SPORTING_DIR) -> SportingRules:
    """The shipped rules of a series and season ("ALMS", "2024-25"); RuleSetNotFound if none."""
    for rules in load_all_sporting_rules(directory).values():
        if rules.series == series.strip().upper() and rules.season == season.strip():
            return rules
    raise SportingRulesNotFound(f"{series} {season}", available_sporting_rules(directory))
