"""One JSON shape for API, CLI and pages."""

from __future__ import annotations

import json
from datetime import date

import pytest

from academy.enums import LicenceGrade
from academy.pathway.engine import evaluate, evaluate_licence_grade
from academy.pathway.serialise import (
    licence_grade_lines,
    pathway_lines,
    rule_set_summary,
    verdict_to_dict,
)
from tests.pathway.builders import AS_OF, driver, one_rule, result


def starts_pathway():
    rule_set = one_rule("classified_starts", count=3, window={"months": 24}, policy=True)
    return evaluate(driver(results=(result(date(2026, 1, 1), id=77),)), rule_set, AS_OF)


def test_pathway_dict_survives_a_json_round_trip():
    as_dict = verdict_to_dict(starts_pathway())
    assert json.loads(json.dumps(as_dict)) == as_dict


def test_pathway_dict_names_rule_set_day_and_stages():
    as_dict = verdict_to_dict(starts_pathway())
    assert as_dict["rule_set"] == {"key": "test-rules", "version": "1"}
    assert as_dict["as_of"] == "2026-06-01"
    assert (as_dict["current_stage"], as_dict["next_stage"]) == (None, "only")
    assert [stage["status"] for stage in as_dict["stages"]] == ["not_met"]


def test_requirement_dict_carries_status_evidence_missing_progress_and_flags():
    requirement = verdict_to_dict(starts_pathway())["stages"][0]["requirements"][0]
    assert requirement == {
        "id": "r",
        "label": "3 classified starts in the last 24 months",
        "kind": "classified_starts",
        "source": "Test regulation, art. 1",
        "status": "not_met",
        "met": False,
        "evidence": [{"kind": "result", "id": 77, "on": "2026-01-01", "detail": ""}],
        "missing": "2 more classified starts in the 24 months before 1 June 2026",
        "progress": {"have": 1, "need": 3, "unit": "starts"},
        "notes": [],
        "note": "",
        "policy": True,
        "unconfirmed": False,
    }


def test_licence_grade_dict_says_whether_the_driver_may_apply(shipped_rules):
    verdict = evaluate_licence_grade(driver(), shipped_rules, LicenceGrade.INTERNATIONAL_D, AS_OF)
    as_dict = verdict_to_dict(verdict)
    assert (as_dict["grade"], as_dict["grade_label"], as_dict["eligible"]) == (
        "international_d",
        "International D",
        False,
    )
    assert json.loads(json.dumps(as_dict)) == as_dict


def test_anything_else_is_not_a_verdict():
    with pytest.raises(TypeError, match="not a pathway verdict"):
        verdict_to_dict({"status": "met"})  # type: ignore[arg-type]


def test_text_lines_show_stage_status_and_what_is_missing():
    lines = pathway_lines(starts_pathway())
    assert lines[:3] == [
        "Driver 1: rule set test-rules 1, as of 1 June 2026",
        "Current stage: none yet. Next stage: ONLY.",
        "[not met]   ONLY",
    ]
    assert "missing: 2 more classified starts in the 24 months before 1 June 2026" in lines[4]


def test_licence_grade_lines_say_whether_the_driver_may_apply(shipped_rules):
    verdict = evaluate_licence_grade(driver(), shipped_rules, LicenceGrade.INTERNATIONAL_D, AS_OF)
    assert licence_grade_lines(verdict)[0] == (
        "Driver 1: International D licence, may not apply yet (as of 1 June 2026)"
    )


def test_rule_set_summary_lists_stages_and_grades(shipped_rules):
    summary = rule_set_summary(shipped_rules)
    assert summary["stages"][0] == {"key": "alms-lmp3", "name": "ALMS LMP3 seat"}
    assert summary["licence_grades"] == [
        "international_d",
        "international_c",
        "international_b",
        "international_a",
    ]
