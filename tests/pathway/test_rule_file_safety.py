"""Any rule file the loader accepts evaluates without error for any driver's facts on any day
the engine accepts (issue 13, "safe activation"; issue 15 finding 2): numbers are drawn far
beyond what a rule file means, and whatever loads must evaluate and give a horizon."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.pathway.engine import EARLIEST_AS_OF, LATEST_AS_OF, evaluate, evaluate_licence_grade
from academy.pathway.horizon import unchanged_through
from academy.pathway.loader import RuleSetError, parse_rule_set
from academy.pathway.rules import KNOWN_COMPETENCIES
from tests.pathway.builders import requirement, rule_data, stage
from tests.pathway.test_pathway_properties import drivers

huge = st.integers(-(10**30), 10**30)
small = st.integers(-3, 30)
whole = st.one_of(small, huge, st.sampled_from([0, 1, 100, 101, 240, 241, 730, 731, 2000, 2001]))
number = st.one_of(
    whole,
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=0.01, max_value=50),
)
edge_days = st.dates(date(1, 1, 1), date(9999, 12, 31)) | st.dates(
    date(1899, 12, 1), date(2101, 1, 31)
)
window = st.one_of(
    st.fixed_dictionaries({"months": whole}),
    st.fixed_dictionaries({}, optional={"from": edge_days, "to": edge_days}),
    st.fixed_dictionaries(
        {"seasons": whole},
        optional={"season_start": st.sampled_from(["07-01", "12-31", "02-29", "13-01", "x"])},
    ),
)
evaluation_days = st.dates(EARLIEST_AS_OF, LATEST_AS_OF)


def _requirements() -> st.SearchStrategy[dict]:
    kinds = {
        "min_age": st.fixed_dictionaries(
            {"years": whole},
            optional={"counted": st.sampled_from(["birthday", "calendar_year", "moon"])},
        ),
        "min_licence_grade": st.fixed_dictionaries(
            {"grade": st.sampled_from(["international_c", "national"])},
            optional={"warn_days": whole},
        ),
        "valid_medical": st.fixed_dictionaries({}, optional={"warn_days": whole}),
        "classified_starts": st.fixed_dictionaries(
            {"count": whole},
            optional={
                "window": window,
                "min_race_hours": number,
                "top": whole,
                "position": st.sampled_from(["overall", "class"]),
            },
        ),
        "endurance_hours": st.fixed_dictionaries({"hours": number}, optional={"window": window}),
        "minimum_driving_time": st.fixed_dictionaries(
            {"count": whole},
            optional={
                "window": window,
                "classes": st.just(["LMP2", "LMP2 PRO-AM"]),
                "series": st.just(["ALMS", "ELMS"]),
            },
        ),
        "night_running": st.fixed_dictionaries(
            {"count": whole},
            optional={
                "window": window,
                "include_sessions": st.booleans(),
                "session_types": st.just(["track", "test_day"]),
            },
        ),
        "sessions_completed": st.fixed_dictionaries(
            {"count": whole, "session_types": st.just(["track", "test_day"])},
            optional={
                "window": window,
                "min_laps": whole,
                "per_day": st.booleans(),
                "aco_approved": st.booleans(),
            },
        ),
        "coach_grades": st.fixed_dictionaries(
            {
                "competencies": st.lists(st.sampled_from(KNOWN_COMPETENCIES), min_size=1),
                "min_level": number,
                "mode": st.sampled_from(["latest", "average_last_n"]),
                "n": whole,
            }
        ),
    }
    leaves = st.one_of(
        *(
            fields.map(lambda fields, kind=kind: requirement(kind, **fields))
            for kind, fields in kinds.items()
        )
    )
    groups = st.tuples(
        st.sampled_from(["any_of", "all_of"]), st.lists(leaves, min_size=1, max_size=3)
    ).map(lambda found: requirement(found[0], requirements=found[1]))
    return st.one_of(leaves, groups)


@st.composite
def rule_files(draw) -> dict:
    requirements = draw(st.lists(_requirements(), min_size=1, max_size=4))
    for index, item in enumerate(requirements):
        item["id"] = f"r{index}"
        for part_index, part in enumerate(item.get("requirements", ())):
            part["id"] = f"r{index}.{part_index}"
    grade_requirements = [
        {
            **item,
            "id": f"g{index}",
            "requirements": [
                dict(part, id=f"g{index}.{n}")
                for n, part in enumerate(item.get("requirements", ()))
            ],
        }
        if "requirements" in item
        else dict(item, id=f"g{index}")
        for index, item in enumerate(requirements)
    ]
    reached_by = draw(
        st.none()
        | st.fixed_dictionaries(
            {"classes": st.just(["LMP2"])}, optional={"series": st.just(["ALMS"])}
        )
    )
    first = stage("first", *requirements)
    if reached_by is not None:
        first["reached_by"] = reached_by
        requirements[0]["hold"] = draw(st.booleans())
    data = rule_data(
        first,
        stage("second", requirement("min_age", id="second.age", years=18), requires_stage="first"),
        expiry_warning_days=draw(whole),
        effective_from=draw(edge_days),
        licence_grades={"international_b": {"requirements": grade_requirements}},
    )
    return data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule_files(), drivers(), evaluation_days)
def test_whatever_loads_evaluates_for_anyone_on_any_day(data, facts, as_of):
    try:
        rule_set = parse_rule_set(data, "generated.toml")
    except RuleSetError:
        return  # refused with its reasons: that is the safe answer
    pathway = evaluate(facts, rule_set, as_of)
    assert len(pathway.stages) == 2
    assert EARLIEST_AS_OF <= max(unchanged_through(facts, pathway), as_of) <= date(2100, 12, 31)
    grade = rule_set.licence_grades[0].grade
    assert evaluate_licence_grade(facts, rule_set, grade, as_of).requirements
