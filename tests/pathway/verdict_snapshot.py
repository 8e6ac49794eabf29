"""Every verdict the engine gives a cohort, as digests: the stages, each requirement (and the
parts of groups) with its status, evidence, missing words, progress and notes, the milestones,
the current and next stage, how long the statuses hold, and each licence grade's verdict.

test_verdicts_unchanged.py compares these against verdicts_before.json, written from the
engine as it was before it was made faster (issue 13, speed): a faster engine must give the
same verdicts to the letter. Write the file again only for a deliberate change of verdicts:

    WRITE_VERDICT_SNAPSHOT=1 .venv/bin/pytest -q tests/pathway/test_verdicts_unchanged.py \
        tests/demo/test_demo_verdicts.py
"""

from __future__ import annotations

import hashlib
import json
import os
import random
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from academy.enums import Categorisation, LicenceGrade, RaceClass, ResultStatus, SessionType
from academy.pathway.engine import evaluate_licence_grade, evaluate_many
from academy.pathway.facts import (
    CategorisationFact,
    DriverFacts,
    GradeFact,
    LicenceFact,
    MedicalFact,
    ResultFact,
    SessionFact,
)
from academy.pathway.horizon import unchanged_through
from academy.pathway.loader import RULESETS_DIR, load_rule_set, load_rule_set_by_key
from academy.pathway.rules import KNOWN_COMPETENCIES, RuleSet
from academy.pathway.verdicts import DriverPathway, Evidence, RequirementVerdict

SNAPSHOT = Path(__file__).with_name("verdicts_before.json")
WRITING = os.environ.get("WRITE_VERDICT_SNAPSHOT") == "1"


def rule_sets() -> tuple[RuleSet, ...]:
    """The shipped rule set and the version before it."""
    return (
        load_rule_set(RULESETS_DIR / "archive" / "alms-to-le-mans-2026.1.toml"),
        load_rule_set_by_key("alms-to-le-mans"),
    )


def _ranks(facts: DriverFacts) -> dict[tuple[str, int], int]:
    """Each fact's place among the driver's facts of its kind by id: stable where a database
    numbers rows differently from one run to the next (PostgreSQL sequences)."""
    ids: dict[str, Iterable[int]] = {
        "result": (item.id for item in facts.results),
        "session": (item.id for item in facts.sessions),
        "grade": (item.session_id for item in facts.grades),
        "licence": (item.id for item in facts.licences),
        "medical": (item.id for item in facts.medicals),
    }
    return {
        (kind, fact_id): rank
        for kind, found in ids.items()
        for rank, fact_id in enumerate(sorted(set(found)))
    }


def _evidence(items: Iterable[Evidence], ranks: dict[tuple[str, int], int]) -> list[Any]:
    return [
        [item.kind, ranks.get((item.kind, item.id), item.id), str(item.on), item.detail]
        for item in items
    ]


def _requirement(verdict: RequirementVerdict, ranks: dict[tuple[str, int], int]) -> list[Any]:
    return [
        verdict.requirement.id,
        verdict.requirement.label,
        verdict.status.value,
        _evidence(verdict.evidence, ranks),
        verdict.missing,
        None if verdict.progress is None else list(verdict.progress),
        list(verdict.notes),
        [_requirement(part, ranks) for part in verdict.parts],
    ]


def driver_form(
    facts: DriverFacts, pathway: DriverPathway, rule_set: RuleSet, as_of: date
) -> list[Any]:
    """One driver's verdicts under one rule set on one day, as plain lists."""
    ranks = _ranks(facts)
    stages = [
        [
            stage.key,
            stage.status.value,
            str(stage.reached_on),
            _evidence(stage.reached_by, ranks),
            [_requirement(item, ranks) for item in stage.requirements],
        ]
        for stage in pathway.stages
    ]
    grades = []
    for entry in rule_set.licence_grades:
        verdict = evaluate_licence_grade(facts, rule_set, entry.grade, as_of)
        grades.append(
            [
                entry.grade.value,
                verdict.status.value,
                [_requirement(item, ranks) for item in verdict.requirements],
            ]
        )
    return [
        pathway.current_stage,
        pathway.next_stage,
        list(pathway.notices),
        str(unchanged_through(facts, pathway)),
        stages,
        grades,
    ]


def digest(form: object) -> str:
    text = json.dumps(form, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def digests(
    cohort: list[DriverFacts], rule_set: RuleSet, as_of: date, names: list[str]
) -> dict[str, str]:
    """A digest per driver, by the name given for each."""
    pathways = evaluate_many(cohort, rule_set, as_of)
    return {
        name: digest(driver_form(facts, pathway, rule_set, as_of))
        for name, facts, pathway in zip(names, cohort, pathways, strict=True)
    }


def read_snapshot() -> dict[str, Any]:
    return json.loads(SNAPSHOT.read_text()) if SNAPSHOT.exists() else {}


def write_part(part: str, found: dict[str, Any]) -> None:
    snapshot = read_snapshot()
    snapshot[part] = found
    SNAPSHOT.write_text(json.dumps(snapshot, indent=1, sort_keys=True) + "\n")


# --- a synthetic cohort: every edge the engine has, drawn at random -------------------------

COHORT_DAYS = (date(2025, 3, 15), date(2026, 6, 1), date(2027, 2, 28))
SERIES = ("ALMS", "ELMS", "LMC", "WEC", "NATIONAL", "LM24", "alms", "IMSA")
CLASSES = tuple(RaceClass)
STATUSES = (ResultStatus.CLASSIFIED,) * 6 + tuple(ResultStatus)


def synthetic_driver(driver_id: int, rng: random.Random) -> DriverFacts:
    """A driver with four years of facts around 2026, a few of them odd (no drive time, no
    laps, the same day twice, undated documents, a dated categorisation history)."""
    start = date(2023, 1, 1)
    ids = driver_id * 1000

    def day() -> date:
        return start + timedelta(days=rng.randrange(5 * 365))

    results = tuple(
        ResultFact(
            id=ids + index,
            event_date=day(),
            series_code=rng.choice(SERIES),
            race_class=rng.choice(CLASSES),
            status=rng.choice(STATUSES),
            drive_time_seconds=None if rng.random() < 0.1 else rng.randrange(0, 9000),
            race_duration_hours=rng.choice((None, 4.0, 6.0, 12.0, 24.0)),
            night=rng.random() < 0.3,
            position_overall=rng.choice((None, *range(1, 30))),
            position_in_class=rng.choice((None, *range(1, 12))),
            driving_time_minimum_met=rng.choice((None, True, False)),
        )
        for index in range(rng.randrange(0, 40))
    )
    session_days = [day() for _ in range(8)]
    sessions = tuple(
        SessionFact(
            id=ids + 500 + index,
            held_on=rng.choice(session_days),
            session_type=rng.choice(list(SessionType)),
            laps=rng.choice((None, 3, 9, 12, 30)),
            night=rng.random() < 0.2,
            aco_approved=rng.random() < 0.2,
        )
        for index in range(rng.randrange(0, 20))
    )
    grades = tuple(
        GradeFact(
            session_id=ids + 500 + index % 20,
            competency_key=rng.choice(KNOWN_COMPETENCIES),
            score=rng.randrange(3, 11),
            graded_on=day(),
        )
        for index in range(rng.randrange(0, 40))
    )
    licences = tuple(
        LicenceFact(
            ids + 900 + index,
            rng.choice(list(LicenceGrade)),
            rng.choice((None, day())),
            rng.choice((None, day(), day())),
        )
        for index in range(rng.randrange(0, 4))
    )
    medicals = tuple(
        MedicalFact(ids + 950 + index, rng.choice((None, day())), rng.choice((None, day())))
        for index in range(rng.randrange(0, 3))
    )
    history = tuple(
        sorted(
            (
                CategorisationFact(rng.choice((None, *Categorisation)), day())
                for _ in range(rng.randrange(0, 3))
            ),
            key=lambda record: record.effective_on,
        )
    )
    return DriverFacts(
        driver_id=driver_id,
        date_of_birth=rng.choice((None, date(2008, 2, 29), date(rng.randrange(1985, 2011), 5, 17))),
        categorisation=rng.choice((None, *Categorisation)),
        licences=licences,
        medicals=medicals,
        results=results,
        sessions=sessions,
        grades=grades,
        categorisations=history,
    )


def synthetic_cohort(drivers: int = 400) -> list[DriverFacts]:
    rng = random.Random(13)
    return [synthetic_driver(driver_id, rng) for driver_id in range(1, drivers + 1)]


def cohort_digests() -> dict[str, str]:
    """One digest per rule set and day over the whole synthetic cohort."""
    cohort = synthetic_cohort()
    names = [str(facts.driver_id) for facts in cohort]
    found = {}
    for rule_set in rule_sets():
        for as_of in COHORT_DAYS:
            per_driver = digests(cohort, rule_set, as_of, names)
            found[f"{rule_set.version}@{as_of.isoformat()}"] = digest(per_driver)
    return found
