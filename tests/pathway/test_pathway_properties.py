"""Properties that hold for any driver: the same facts give the same verdicts whatever their
order, and more racing never makes a driver less ready."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from academy.enums import Categorisation, LicenceGrade, RaceClass, ResultStatus, SessionType
from academy.pathway.engine import Status, evaluate
from academy.pathway.facts import (
    DriverFacts,
    GradeFact,
    LicenceFact,
    MedicalFact,
    ResultFact,
    SessionFact,
)
from academy.pathway.loader import load_rule_set_by_key, parse_rule_set
from academy.pathway.rules import KNOWN_COMPETENCIES, months_before
from tests.pathway.builders import AS_OF, requirement, rule_data, stage

SHIPPED = load_rule_set_by_key("alms-to-le-mans")
SERIES = ("ALMS", "ELMS", "LMC", "WEC", "LM24", "NATIONAL")
days = st.dates(min_value=date(2022, 1, 1), max_value=date(2027, 12, 31))


@st.composite
def results(draw, id: int) -> ResultFact:
    return ResultFact(
        id=id,
        event_date=draw(days),
        series_code=draw(st.sampled_from(SERIES)),
        race_class=draw(st.sampled_from(list(RaceClass))),
        status=draw(st.sampled_from(list(ResultStatus))),
        drive_time_seconds=draw(st.none() | st.integers(0, 6 * 3600)),
        race_duration_hours=draw(st.none() | st.sampled_from((4.0, 6.0, 12.0, 24.0))),
        night=draw(st.booleans()),
        driving_time_minimum_met=draw(st.none() | st.booleans()),
    )


@st.composite
def drivers(draw) -> DriverFacts:
    result_count = draw(st.integers(0, 25))
    session_count = draw(st.integers(0, 8))
    graded = draw(
        st.lists(
            st.tuples(st.integers(1, 40), st.sampled_from(KNOWN_COMPETENCIES)),
            unique=True,  # one current grade per session and competency
            max_size=20,
        )
    )
    return DriverFacts(
        driver_id=1,
        date_of_birth=draw(st.none() | st.dates(date(1980, 1, 1), date(2012, 12, 31))),
        categorisation=draw(st.none() | st.sampled_from(list(Categorisation))),
        licences=tuple(
            LicenceFact(
                id=100 + index,
                grade=draw(st.sampled_from(list(LicenceGrade))),
                issued_on=draw(st.none() | days),
                expires_on=draw(st.none() | days),
            )
            for index in range(draw(st.integers(0, 3)))
        ),
        medicals=tuple(
            MedicalFact(id=200 + index, expires_on=draw(st.none() | days))
            for index in range(draw(st.integers(0, 2)))
        ),
        results=tuple(draw(results(1000 + index)) for index in range(result_count)),
        sessions=tuple(
            SessionFact(
                id=300 + index,
                held_on=draw(days),
                session_type=draw(st.sampled_from(list(SessionType))),
                laps=draw(st.none() | st.integers(0, 40)),
                night=draw(st.booleans()),
            )
            for index in range(session_count)
        ),
        grades=tuple(
            GradeFact(
                session_id=session_id,
                competency_key=competency,
                score=draw(st.integers(1, 10)),
                graded_on=draw(days),
            )
            for session_id, competency in graded
        ),
    )


def with_results(facts: DriverFacts, *extra: ResultFact) -> DriverFacts:
    return DriverFacts(
        driver_id=facts.driver_id,
        date_of_birth=facts.date_of_birth,
        categorisation=facts.categorisation,
        licences=facts.licences,
        medicals=facts.medicals,
        results=facts.results + extra,
        sessions=facts.sessions,
        grades=facts.grades,
    )


def reversed_facts(facts: DriverFacts) -> DriverFacts:
    return DriverFacts(
        driver_id=facts.driver_id,
        date_of_birth=facts.date_of_birth,
        categorisation=facts.categorisation,
        licences=facts.licences[::-1],
        medicals=facts.medicals[::-1],
        results=facts.results[::-1],
        sessions=facts.sessions[::-1],
        grades=facts.grades[::-1],
    )


def met_ids(pathway) -> set[str]:
    return {
        verdict.requirement_id
        for stage_verdict in pathway.stages
        for verdict in stage_verdict.requirements
        if verdict.met
    }


@settings(max_examples=150, deadline=None)
@given(drivers(), days)
def test_evaluation_is_deterministic(facts, as_of):
    assert evaluate(facts, SHIPPED, as_of) == evaluate(facts, SHIPPED, as_of)


@settings(max_examples=150, deadline=None)
@given(drivers())
def test_the_order_facts_arrive_in_does_not_matter(facts):
    assert evaluate(reversed_facts(facts), SHIPPED, AS_OF) == evaluate(facts, SHIPPED, AS_OF)


@settings(max_examples=150, deadline=None)
@given(drivers(), results(5000))
def test_another_result_never_unmeets_a_requirement(facts, extra):
    before = met_ids(evaluate(facts, SHIPPED, AS_OF))
    after = met_ids(evaluate(with_results(facts, extra), SHIPPED, AS_OF))
    assert before <= after


@settings(max_examples=150, deadline=None)
@given(
    drivers(),
    st.integers(1, 6),
    st.sets(st.sampled_from(SERIES), max_size=3),
    st.sets(st.sampled_from(list(RaceClass)), max_size=3),
    st.integers(1, 36),
    st.data(),
)
def test_a_qualifying_start_adds_exactly_one_and_never_unmeets(
    facts, count, series, classes, months, data
):
    rule_set = parse_rule_set(
        rule_data(
            stage(
                "only",
                requirement(
                    "classified_starts",
                    count=count,
                    series=sorted(series),
                    classes=sorted(member.value for member in classes),
                    window={"months": months},
                ),
            )
        ),
        "generated.toml",
    )
    qualifying = ResultFact(
        id=5000,
        event_date=data.draw(st.dates(months_before(AS_OF, months), AS_OF)),
        series_code=data.draw(st.sampled_from(sorted(series) or SERIES)),
        race_class=data.draw(
            st.sampled_from(sorted(classes, key=list(RaceClass).index) or list(RaceClass))
        ),
        status=ResultStatus.CLASSIFIED,
    )
    before = evaluate(facts, rule_set, AS_OF).stages[0].requirements[0]
    after = evaluate(with_results(facts, qualifying), rule_set, AS_OF).stages[0].requirements[0]
    assert after.progress.have == before.progress.have + 1
    assert not (before.status is Status.MET and after.status is Status.NOT_MET)
