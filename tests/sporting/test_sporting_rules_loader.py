"""Sporting-rules files: the shipped ones load, bad ones are refused with file, key and reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from academy.enums import Categorisation
from academy.sporting import (
    RuleSetError,
    SportingRulesNotFound,
    TieBreakStep,
    available_sporting_rules,
    load_all_sporting_rules,
    load_sporting_rules,
    parse_sporting_text,
    sporting_rules_for,
)
from academy.sporting.loader import MAX_TEXT_CHARS, SPORTING_DIR
from tests.sporting.builders import rules_from, shipped_data

SHIPPED = ["alms-2024-25", "alms-2025-26", "elms-2025", "elms-2026", "lemans-2026"]


def refusal(data: dict, file: str = "test.toml") -> list[tuple[str, str]]:
    with pytest.raises(RuleSetError) as caught:
        rules_from(data, file)
    assert all(problem.file == file for problem in caught.value.problems)
    return [(problem.where, problem.reason) for problem in caught.value.problems]


def test_every_shipped_file_loads():
    loaded = load_all_sporting_rules()
    assert sorted(loaded) == SHIPPED == available_sporting_rules()
    assert {(r.series, r.season) for r in loaded.values()} == {
        ("ALMS", "2024-25"),
        ("ALMS", "2025-26"),
        ("ELMS", "2025"),
        ("ELMS", "2026"),
        ("LM24", "2026"),
    }


def test_alms_2024_25_holds_the_scale_the_invitations_and_the_bronze_rule():
    rules = sporting_rules_for("ALMS", "2024-25")
    assert rules.races == 6
    assert [c.name for c in rules.classes] == ["LMP2", "LMP3", "GT"]
    scale = rules.season_class("lmp2").points
    assert scale.positions == (25, 18, 15, 12, 10, 8, 6, 4, 2, 1)
    assert (scale.other_classified, scale.pole) == (0.5, 1)
    assert scale.citation.unconfirmed  # the 2022 scale: the 2024-25 text was not read
    assert [(i.class_name, i.places, i.le_mans, i.into) for i in rules.invitations] == [
        ("LMP2", 1, 2025, "LMP2"),
        ("GT", 1, 2025, "LMGT3"),
    ]
    assert rules.invitation("LMP3") is None
    for class_name in ("LMP2", "LMP3", "GT"):
        limits = rules.crew_rule(class_name).limits
        assert any(lim.categories == {Categorisation.BRONZE} and lim.minimum == 1 for lim in limits)
    lmp3 = rules.crew_rule("LMP3").limits
    assert any(lim.categories == {Categorisation.PLATINUM} and lim.maximum == 0 for lim in lmp3)
    assert rules.tie_break.order == (TieBreakStep.COUNTBACK, TieBreakStep.LAST_RACE)
    assert rules.tie_break.citation.unconfirmed


def test_elms_gives_five_invitations_and_le_mans_has_its_driving_time_limits():
    elms = sporting_rules_for("ELMS", "2025")
    assert [(i.class_name, i.places, i.into) for i in elms.invitations] == [
        ("LMP2", 2, "LMP2"),
        ("LMP2 Pro/Am", 1, "LMP2"),
        ("LMP3", 1, "LMP2"),
        ("LMGT3", 1, "LMGT3"),
    ]
    le_mans = sporting_rules_for("LM24", "2026")
    assert not le_mans.championship
    limits = le_mans.driving_time
    assert (limits.max_total_ms, limits.rolling_window_ms, limits.rolling_max_ms) == (
        14 * 3_600_000,
        6 * 3_600_000,
        4 * 3_600_000,
    )
    hypercar = le_mans.crew_rule("Hypercar").limits
    assert any(lim.categories == {Categorisation.BRONZE} and lim.maximum == 0 for lim in hypercar)


def test_every_value_cites_a_source():
    for rules in load_all_sporting_rules().values():
        citations = [rules.calendar, rules.driving_time.citation]
        citations += [c.citation for c in rules.classes]
        citations += [c.points.citation for c in rules.classes if c.points]
        citations += [i.citation for i in rules.invitations]
        for crew in rules.crews:
            citations += [crew.citation, *(limit.citation for limit in crew.limits)]
        citations += [limit.citation for limit in rules.driving_time.limits]
        if rules.championship:
            citations.append(rules.tie_break.citation)
        assert all(citation.source for citation in citations), rules.key


def test_an_unknown_series_and_season_is_a_clear_lookup_error():
    with pytest.raises(SportingRulesNotFound, match="ALMS 2030-31.*alms-2024-25"):
        sporting_rules_for("ALMS", "2030-31")


def test_an_invitation_for_a_class_the_season_does_not_run_is_refused():
    data = shipped_data()
    data["invitations"]["LMP3 Pro"] = {"places": 1, "le_mans": 2025, "into": "LMP2", "source": "x"}
    assert (
        "invitations.LMP3 Pro",
        "class 'LMP3 Pro' is not one of the season's classes (LMP2, LMP3, GT)",
    ) in refusal(data)


def test_a_crew_rule_or_driving_time_for_a_missing_class_is_refused():
    data = shipped_data()
    data["crews"]["Hypercar"] = {"min_drivers": 2, "max_drivers": 3, "source": "x"}
    data["driving_time"]["limits"][0]["classes"] = ["LMP1"]
    problems = refusal(data)
    assert any(
        where == "crews.Hypercar" and "not one of the season's" in why for where, why in problems
    )
    assert any(
        where == "driving_time.limits[1]" and "class 'LMP1' is not one" in why
        for where, why in problems
    )


def test_a_class_without_points_is_refused():
    data = shipped_data()
    del data["classes"]["GT"]["points"]
    assert (
        "classes.GT",
        "missing key 'points': a class of the championship without points",
    ) in refusal(data)


def test_a_class_naming_an_undefined_scale_is_refused():
    data = shipped_data()
    data["classes"]["GT"]["points"] = "double"
    assert ("classes.GT", "points scale 'double' is not defined (known: aco)") in refusal(data)


def test_points_that_do_not_decrease_are_refused():
    data = shipped_data()
    data["points"]["aco"]["positions"] = [25, 18, 18, 12]
    assert (
        "points.aco",
        "points must decrease: P3 gives 18, not less than P2's 18",
    ) in refusal(data)


def test_half_points_not_below_the_last_position_are_refused():
    data = shipped_data()
    data["points"]["aco"]["positions"] = [25, 18, 15, 12, 10, 8, 6, 4, 2, 0.5]
    problems = refusal(data)
    assert any("'other_classified' gives 0.5, not less than" in why for _, why in problems)


def test_points_out_of_bounds_or_not_in_quarter_steps_are_refused():
    data = shipped_data()
    data["points"]["aco"]["pole"] = 1000
    data["points"]["aco"]["other_classified"] = 0.3
    problems = refusal(data)
    assert ("points.aco", "'pole' must be from 0 to 100, got 1000") in problems
    assert (
        "points.aco",
        "'other_classified' must be whole, half or quarter points, got 0.3",
    ) in problems


def test_every_number_is_bounded():
    data = shipped_data()
    data["calendar"]["races"] = 10**20
    data["crews"]["LMP2"]["max_drivers"] = 99
    data["invitations"]["LMP2"]["le_mans"] = 3000
    data["driving_time"]["limits"][0]["min_minutes"] = -5
    problems = refusal(data)
    assert ("calendar", "'races' must be from 1 to 30, got 100000000000000000000") in problems
    assert ("crews.LMP2", "'max_drivers' must be from 1 to 10, got 99") in problems
    assert ("invitations.LMP2", "'le_mans' must be from 1923 to 2100, got 3000") in problems
    assert ("driving_time.limits[1]", "'min_minutes' must be from 1 to 2880, got -5") in problems


def test_a_crew_rule_with_min_over_max_is_refused():
    data = shipped_data()
    data["crews"]["LMP2"]["min_drivers"] = 4
    assert ("crews.LMP2", "'min_drivers' 4 is more than 'max_drivers' 3") in refusal(data)


def test_a_crew_rule_whose_category_minimums_overflow_the_crew_is_refused():
    data = shipped_data()
    data["crews"]["GT"]["limits"] = [
        {"categories": ["bronze"], "min": 2, "source": "x"},
        {"categories": ["silver"], "min": 2, "source": "x"},
    ]
    problems = refusal(data)
    assert (
        "crews.GT",
        "no crew can meet this rule: no mix of 2 to 3 drivers satisfies every category limit "
        "together",
    ) in problems


def test_a_crew_limit_that_contradicts_another_is_refused():
    data = shipped_data()
    # At least one Bronze, and no Bronze or Silver: no crew meets both.
    data["crews"]["GT"]["limits"].append(
        {"categories": ["bronze", "silver"], "max": 0, "source": "x"}
    )
    assert any(where == "crews.GT" and "no crew can meet" in why for where, why in refusal(data))


def test_a_category_minimum_above_the_crew_size_is_refused():
    data = shipped_data()
    data["crews"]["GT"]["limits"][0]["min"] = 4
    assert (
        "crews.GT.limits[1]",
        "'min' 4 is more than the crew's 'max_drivers' 3",
    ) in refusal(data)


def test_unknown_keys_are_refused_everywhere():
    data = shipped_data()
    data["colour"] = "blue"
    data["points"]["aco"]["bonus"] = 3
    data["crews"]["LMP2"]["limits"][0]["at_least"] = 1
    data["driving_time"]["max_total_hours"] = 14
    problems = refusal(data)
    assert ("top level", "unknown key(s): colour") in problems
    assert ("points.aco", "unknown key(s): bonus") in problems
    assert ("crews.LMP2.limits[1]", "unknown key(s): at_least") in problems
    assert ("driving_time", "unknown key(s): max_total_hours") in problems


def test_an_unknown_category_or_tie_break_step_is_refused():
    data = shipped_data()
    data["crews"]["LMP2"]["limits"][0]["categories"] = ["copper"]
    data["tie_break"]["order"] = ["countback", "coin_toss"]
    problems = refusal(data)
    assert any("unknown category 'copper'" in why for _, why in problems)
    assert any("unknown step 'coin_toss'" in why for _, why in problems)


def test_a_driving_time_minimum_above_its_maximum_is_refused():
    data = shipped_data()
    data["driving_time"]["limits"][0]["max_minutes"] = 60
    assert ("driving_time.limits[1]", "'min_minutes' is more than 'max_minutes'") in refusal(data)


def test_a_rolling_window_needs_both_numbers_and_fits_in_itself():
    data = shipped_data()
    data["driving_time"]["rolling_window_minutes"] = 360
    problems = refusal(data)
    assert (
        "driving_time",
        "give both 'rolling_window_minutes' and 'rolling_max_minutes'",
    ) in problems
    data["driving_time"]["rolling_max_minutes"] = 400
    assert ("driving_time", "'rolling_max_minutes' is longer than the window it limits") in refusal(
        data
    )


def test_every_problem_is_listed_at_once():
    data = shipped_data()
    data["points"]["aco"]["positions"] = [1, 2]
    data["crews"]["LMP2"]["min_drivers"] = 9
    assert len(refusal(data)) >= 2


def test_a_file_too_large_or_too_deep_or_not_toml_is_refused():
    with pytest.raises(RuleSetError, match="a sporting-rules file may have"):
        parse_sporting_text("#" * (MAX_TEXT_CHARS + 1), "big.toml")
    with pytest.raises(RuleSetError, match="nested more than 16 levels"):
        parse_sporting_text("x = " + "[" * 40 + "]" * 40, "deep.toml")
    with pytest.raises(RuleSetError, match="TOML syntax"):
        parse_sporting_text("key = ", "broken.toml")


def test_a_file_whose_key_is_not_its_name_is_refused(tmp_path: Path):
    copy = tmp_path / "alms-2099.toml"
    shutil.copy(SPORTING_DIR / "alms-2024-25.toml", copy)
    with pytest.raises(RuleSetError) as caught:
        load_sporting_rules(copy)
    assert str(caught.value.problems[0]) == (
        f"{copy}: key: the file is named 'alms-2099' but its key is 'alms-2024-25'"
    )


def test_an_invitation_into_a_class_le_mans_does_not_run_is_refused_across_files(tmp_path: Path):
    for key in ("alms-2025-26", "lemans-2026"):
        shutil.copy(SPORTING_DIR / f"{key}.toml", tmp_path / f"{key}.toml")
    path = tmp_path / "alms-2025-26.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('into = "LMGT3"', 'into = "GTE"'))
    with pytest.raises(RuleSetError) as caught:
        load_all_sporting_rules(tmp_path)
    assert caught.value.problems[0].where == "invitations.GT"
    assert (
        "'into' 'GTE' is not a class of 24 Hours of Le Mans 2026" in caught.value.problems[0].reason
    )


def test_loading_is_cached_by_content():
    text = (SPORTING_DIR / "alms-2024-25.toml").read_text(encoding="utf-8")
    first = parse_sporting_text(text, "a.toml")
    assert parse_sporting_text(text, "a.toml") is first
    changed = parse_sporting_text(text.replace("version = 1", "version = 2"), "a.toml")
    assert changed is not first and changed.version == "2"
    assert changed.digest != first.digest


def test_a_huge_number_is_refused_naming_its_line_and_key_as_in_a_pathway_file():
    text = (SPORTING_DIR / "alms-2024-25.toml").read_text(encoding="utf-8")
    huge = text.replace("races = ", "races = " + "9" * 5000, 1)
    line = text[: text.index("races = ")].count("\n") + 1
    with pytest.raises(RuleSetError) as caught:
        parse_sporting_text(huge, "huge.toml")
    (problem,) = caught.value.problems
    assert problem.where == f"line {line}, key 'races'"
    assert "a number with thousands of digits" in problem.reason


def test_a_blank_optional_note_reads_as_no_note_as_in_a_pathway_file():
    data = shipped_data()
    data["calendar"]["note"] = ""
    assert rules_from(data).calendar.note == ""
    data["calendar"]["source"] = ""
    assert refusal(data) == [("calendar", "'source' must be a non-empty text, got ''")]
