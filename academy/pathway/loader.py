"""Read and validate rule files (TOML).

A malformed file is refused as a whole with a RuleSetError that lists every
problem found, each naming the file, where in it (stage and requirement) and why.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tomllib
from collections.abc import Collection
from pathlib import Path
from typing import Any

from academy.enums import LicenceGrade, RaceClass, ResultStatus
from academy.pathway.kinds import kind_named, kind_names
from academy.pathway.kinds.groups import Group
from academy.pathway.kinds.previous_stage import PreviousStage
from academy.pathway.reading import (
    MAX_COUNT,
    MAX_NESTING,
    MAX_RULE_TEXT_CHARS,
    MAX_WARN_DAYS,
    MAX_YEARS,
    Reader,
    shown,
)
from academy.pathway.reading import RuleProblem as RuleProblem  # what callers catch
from academy.pathway.rules import (
    KNOWN_COMPETENCIES,
    GradeRequirements,
    ReachedBy,
    Requirement,
    RuleSet,
    Stage,
)

RULESETS_DIR = Path(__file__).resolve().parents[1] / "rulesets"

# Fields every requirement may have; each kind adds its own (academy/pathway/kinds/).
COMMON_FIELDS = frozenset(
    {"id", "kind", "source", "source_note", "label", "note", "unconfirmed", "policy", "hold"}
)

# A requirement's `source` is a citation: what a reader can look up (a regulation, an article,
# a page). Remarks about the academy's own research ("count not yet read", "facts-found.md,
# second search, …") are internal notes: a rule file keeps them in `source_note`, and those
# older files wrote into `source` are split off by `split_source`, so that no page, PDF or API
# answer shows them.
INTERNAL_NOTE_MARKERS = (
    "facts-found",
    "facts found",
    "not yet read",
    "second search",
    "[unconfirmed]",
    "[check]",
)
_PARENTHESISED = re.compile(r"\s*\(([^()]*)\)")


def is_internal_note(text: str) -> bool:
    folded = text.casefold()
    return any(marker in folded for marker in INTERNAL_NOTE_MARKERS)


def split_source(source: str) -> tuple[str, str]:
    """A rule file's `source` as (the citation, the internal notes it carried): parenthesised
    remarks and ';'-separated parts that are notes about the research, not something to look
    up, go to the second."""
    notes: list[str] = []

    def drop_note(found: re.Match[str]) -> str:
        if is_internal_note(found.group(1)):
            notes.append(found.group(1).strip())
            return ""
        return found.group(0)

    kept = []
    for part in _PARENTHESISED.sub(drop_note, source).split(";"):
        if is_internal_note(part):
            notes.append(part.strip())
        elif part.strip():
            kept.append(part.strip())
    return "; ".join(kept).strip(" ,:"), "; ".join(notes)


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


def _requirements(
    reader: Reader,
    raw_list: Any,
    owner: str,
    default_id_prefix: str,
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
        found = kind_named(kind) if isinstance(kind, str) else None
        if found is None:
            valid = ", ".join(kind_names())
            reader.problem(where, f"unknown kind {shown(kind)} (valid: {valid})")
            continue
        unknown = set(raw) - COMMON_FIELDS - found.fields
        if unknown:
            reader.problem(where, f"unknown field(s) for {kind}: {', '.join(sorted(unknown))}")
        source, source_note = split_source(reader.text(raw, "source", where))
        written_note = reader.text(raw, "source_note", where, required=False)
        source_note = "; ".join(note for note in (written_note, source_note) if note)
        if not source and isinstance(raw.get("source"), str) and raw["source"].strip():
            reader.problem(
                where,
                "'source' must cite what a reader can look up; it holds only an internal note "
                f"({shown(raw['source'])}), which belongs in 'source_note'",
            )
        label = reader.text(raw, "label", where, required=False)
        note = reader.text(raw, "note", where, required=False)
        unconfirmed = reader.flag(raw, "unconfirmed", where)
        policy = reader.flag(raw, "policy", where)
        hold = reader.flag(raw, "hold", where)
        problems_before = len(reader.problems)
        params = found.read(reader, raw, where, depth)
        if params is None or len(reader.problems) > problems_before or not source:
            continue
        requirements.append(
            Requirement(
                id=requirement_id.strip(),
                kind=kind,
                params=params,
                source=source,
                source_note=source_note,
                label=label,
                note=note,
                unconfirmed=unconfirmed,
                policy=policy or source.casefold().startswith("academy policy"),
                hold=hold,
            )
        )
    return requirements


def _reached_by(reader: Reader, raw: Any, owner: str) -> ReachedBy | None:
    """`reached_by = { classes = ["LMP2"], series = ["ALMS"] }`: results that reach the stage."""
    if raw is None:
        return None
    where = f"{owner} reached_by"
    if not isinstance(raw, dict):
        reader.problem(where, f"must be a table like {{ classes = ['LMP2'] }}, got {shown(raw)}")
        return None
    reader.fields(raw, REACHED_BY_FIELDS, where)
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
    *,
    stored: bool = False,
) -> RuleSet:
    """Build a RuleSet from parsed TOML; raise RuleSetError listing every problem.

    `competencies` are the rubric's keys a coach_grades requirement may name: the default
    rubric unless the caller knows the academy's own (rules_admin passes the rubric page's);
    None accepts any well-formed key (a stored rule set, checked against the rubric when it was
    loaded). `stored`: the text of a record already loaded into the academy (see
    `FieldReader.version`)."""
    reader = Reader(file, competencies, _requirements)
    reader.fields(data, TOP_FIELDS, "top level")
    key = reader.text(data, "key", "top level")
    name = reader.text(data, "name", "top level")
    version = reader.version(data, "top level", stored=stored)
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
    reader.default_warn_days = default_warn_days

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
        reader.fields(raw_stage, STAGE_FIELDS, owner)
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
            reader, raw_stage.get("requirements"), owner, stage_key or owner
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
        reader.fields(raw_grade, GRADE_FIELDS, owner)
        requirements = _requirements(
            reader, raw_grade.get("requirements"), owner, f"grade-{grade_name}"
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
        version=version,
        season=season,
        effective_from=effective_from,
        stages=tuple(stages),
        licence_grades=tuple(sorted(grades, key=lambda entry: entry.grade.rank)),
        expiry_warning_days=default_warn_days,
        source_file=file,
    )


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


def toml_data(text: str, file: str, *, max_chars: int, too_long: str) -> dict[str, Any]:
    """The TOML of a rule file (pathway or sporting) read into tables; RuleSetError when it is
    longer than `max_chars` (`too_long` says what a file may have), nested too deep, not TOML,
    or holds a value TOML cannot."""
    if len(text) > max_chars:
        reason = f"{len(text):,} characters; {too_long}"
        raise RuleSetError(file, [RuleProblem(file, "file", reason)])
    too_deep = nesting_problem(text)
    if too_deep:
        raise RuleSetError(file, [RuleProblem(file, "TOML structure", too_deep)])
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RuleSetError(file, [RuleProblem(file, "TOML syntax", str(error))]) from error
    except ValueError as error:
        # Python refuses to read integers of more than 4,300 digits (int_max_str_digits).
        raise RuleSetError(file, [_huge_number_problem(text, file, error)]) from error


def text_digest(text: str) -> str:
    """What tells two texts of a rule file apart."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rule_file_text(path: Path) -> str:
    """A rule file's text; RuleSetError when it cannot be read or is not UTF-8."""
    file = str(path)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise RuleSetError(file, [RuleProblem(file, "file", f"cannot read: {error}")]) from error
    except UnicodeDecodeError as error:
        raise RuleSetError(file, [RuleProblem(file, "file", f"not UTF-8 text: {error}")]) from error


def parse_rule_text(
    text: str,
    file: str,
    competencies: Collection[str] | None = KNOWN_COMPETENCIES,
    *,
    stored: bool = False,
) -> RuleSet:
    """A rule set from TOML text (e.g. the copy kept in the database, `stored`); `file` names
    it in errors."""
    too_long = (
        f"a rule file may have {MAX_RULE_TEXT_CHARS:,} at most (the shipped one has about 20,000)"
    )
    data = toml_data(text, file, max_chars=MAX_RULE_TEXT_CHARS, too_long=too_long)
    rule_set = parse_rule_set(data, file, competencies, stored=stored)
    return dataclasses.replace(rule_set, digest=text_digest(text))


def load_rule_set(
    path: str | Path, competencies: Collection[str] | None = KNOWN_COMPETENCIES
) -> RuleSet:
    """Read one rule file; RuleSetError if it is unreadable or malformed."""
    path = Path(path)
    return parse_rule_text(rule_file_text(path), str(path), competencies)


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
