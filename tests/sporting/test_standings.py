"""Championship standings by hand: points, half points, poles, ties broken step by step, and
results that cannot be counted shown as such."""

from __future__ import annotations

import pytest

from academy.enums import ResultStatus
from academy.sporting import (
    PointsKind,
    StandingsInputError,
    StandingsKind,
    TieBreakStep,
    class_standings,
    season_standings,
)
from academy.sporting.wording import points_explanation_words, standing_note_words
from tests.sporting.builders import finishing, race, result, rules_from, shipped, shipped_data

RULES = shipped()  # ALMS 2024-25: 25-18-15-12-10-8-6-4-2-1, 0.5, pole 1; countback, last race


def table(races, rules=RULES, class_name="LMP2", kind=StandingsKind.TEAMS):
    return class_standings(rules, races, class_name, kind)


def order(standings):
    return [(row.position, row.key, row.points) for row in standings.rows]


def with_tie_break(*steps: str):
    data = shipped_data()
    data["tie_break"]["order"] = list(steps)
    return rules_from(data)


def test_points_add_up_race_by_race_with_the_pole_point():
    races = [
        finishing("A", "x", "y", "z", pole="x"),
        race("B", result("y", 1), result("x", 2 + 1), result("z", None, status=ResultStatus.DNF)),
    ]
    standings = table(races)
    assert order(standings) == [(1, "y", 43), (2, "x", 41), (3, "z", 15)]
    x = standings.row("x")
    assert [score.words for score in x.races] == [
        "A: P1 in class: 25; pole: 1 (26)",
        "B: P3 in class: 15",
    ]
    assert points_explanation_words(x) == (
        "A: P1 in class: 25; pole: 1 (26)",
        "B: P3 in class: 15",
        "total: 41",
    )
    assert [score.words for score in standings.row("z").races] == [
        "A: P3 in class: 15",
        "B: did not finish: 0",
    ]


def test_cars_classified_outside_the_top_ten_score_half_a_point():
    entries = [f"c{n}" for n in range(1, 13)]
    standings = table([finishing("A", *entries), finishing("B", *entries)])
    assert [row.points for row in standings.rows] == [50, 36, 30, 24, 20, 16, 12, 8, 4, 2, 1, 1]
    eleventh = standings.row("c11").races[0].items[0]
    assert eleventh.kind is PointsKind.OTHER_CLASSIFIED and eleventh.points == 0.5
    assert eleventh.words == "classified outside the top ten (P11 in class): 0.5"


def test_half_points_sum_exactly_over_a_season():
    races = [race(f"R{n}", result("w", 1), result("h", 14)) for n in range(6)]
    assert table(races).row("h").points == 3.0


def test_a_car_not_classified_scores_nothing_and_says_why():
    races = [
        race(
            "A",
            result("ok", 1),
            result("nc", None, status=ResultStatus.NOT_CLASSIFIED),
            result("dsq", 2, status=ResultStatus.DSQ),
        )
    ]
    standings = table(races)
    assert standings.row("dsq").points == 0  # a position on a disqualified car is not counted
    assert standings.row("dsq").races[0].items[0].words == "disqualified: 0"
    assert standings.row("nc").races[0].items[0].words == "not classified: 0"


def test_a_classified_result_without_a_class_position_is_not_counted_and_flagged():
    standings = table([race("A", result("known", 1), result("lost", None))])
    lost = standings.row("lost")
    assert lost.points == 0 and lost.incomplete
    assert not lost.races[0].counted
    assert lost.races[0].items[0].kind is PointsKind.NO_POSITION
    assert "not counted" in lost.races[0].words
    assert "without a class position" in standing_note_words(lost)
    assert not standings.row("known").incomplete


def test_the_pole_point_counts_even_when_the_car_does_not_finish():
    standings = table(
        [race("A", result("x", 1), result("p", None, status=ResultStatus.DNF, pole=True))]
    )
    assert standings.row("p").points == 1
    assert [item.words for item in standings.row("p").races[0].items] == [
        "did not finish: 0",
        "pole: 1",
    ]


def test_a_tie_on_points_goes_to_more_wins():
    # x: a win and a retirement = 25; y: third and fifth = 15 + 10 = 25.
    races = [
        race("A", result("x", 1), result("y", 3)),
        race("B", result("y", 5), result("x", None, status=ResultStatus.DNF)),
    ]
    standings = table(races)
    assert order(standings) == [(1, "x", 25), (2, "y", 25)]
    assert standings.row("y").decided_by is TieBreakStep.COUNTBACK
    assert not standings.row("x").tied


def test_level_on_wins_the_tie_goes_to_more_second_places():
    # x: second and seventh = 18 + 6 = 24; y: fourth twice = 24. No wins for either.
    races = [
        race("A", result("w", 1), result("x", 2), result("y", 4)),
        race("B", result("w", 1), result("y", 4), result("x", 7)),
    ]
    standings = table(races)
    assert [row.key for row in standings.rows] == ["w", "x", "y"]
    assert standings.row("y").decided_by is TieBreakStep.COUNTBACK


def test_level_on_countback_the_last_race_decides():
    # Both won once and were third once: 40 each; y won the last race.
    races = [
        race("A", result("x", 1), result("y", 3)),
        race("B", result("y", 1), result("x", 3)),
    ]
    standings = table(races)
    assert order(standings) == [(1, "y", 40), (2, "x", 40)]
    assert standings.row("x").decided_by is TieBreakStep.LAST_RACE
    assert "the better result in the last race" in standing_note_words(standings.row("x"))


def test_level_after_every_step_the_position_is_shared():
    # One win each, neither classified in the last race.
    races = [
        race("A", result("x", 1), result("y", None, status=ResultStatus.DNF)),
        race("B", result("y", 1), result("x", None, status=ResultStatus.DNF)),
        race(
            "C",
            result("w", 1),
            result("x", None, status=ResultStatus.DNF),
            result("y", None, status=ResultStatus.DNF),
        ),
    ]
    standings = table(races)
    assert {row.key: row.position for row in standings.rows} == {"w": 1, "x": 2, "y": 2}
    assert standings.row("x").tied and standings.row("y").tied
    assert "after every tie-break" in standing_note_words(standings.row("y"))


def test_going_back_race_by_race_separates_what_the_last_race_alone_cannot():
    races = [
        race("A", result("x", 1), result("y", None, status=ResultStatus.DNF)),
        race("B", result("y", 1), result("x", None, status=ResultStatus.DNF)),
        race(
            "C",
            result("w", 1),
            result("x", None, status=ResultStatus.DNF),
            result("y", None, status=ResultStatus.DNF),
        ),
    ]
    standings = table(races, rules=with_tie_break("countback", "last_races"))
    assert [row.key for row in standings.rows] == ["w", "y", "x"]
    assert standings.row("y").decided_by is TieBreakStep.LAST_RACES  # w won the last race
    assert standings.row("x").decided_by is TieBreakStep.LAST_RACES
    assert not standings.row("x").tied


def test_more_poles_can_break_a_tie():
    # x: second from pole = 19; y: second and tenth = 18 + 1 = 19.
    races = [
        race("A", result("w", 1), result("x", 2, pole=True), result("y", 10)),
        race("B", result("w", 1), result("y", 2)),
    ]
    standings = table(races, rules=with_tie_break("most_poles"))
    assert [(row.key, row.points) for row in standings.rows][1:] == [("x", 19), ("y", 19)]
    assert standings.row("y").decided_by is TieBreakStep.MOST_POLES


def test_driver_standings_follow_the_driver_from_car_to_car():
    races = [
        race("A", result("c1", 1, drivers=("ann", "bob")), result("c2", 2, drivers=("cat",))),
        race("B", result("c2", 1, drivers=("ann", "cat")), result("c1", 2, drivers=("bob",))),
    ]
    drivers = table(races, kind=StandingsKind.DRIVERS)
    # bob and cat: one win and one second each; bob was second in the last race, cat won it.
    assert order(drivers) == [(1, "ann", 50), (2, "cat", 43), (3, "bob", 43)]
    assert drivers.row("bob").decided_by is TieBreakStep.LAST_RACE
    assert drivers.row("ann").entries == ("c1", "c2")


def test_season_standings_cover_every_class_and_keep_unknown_classes_apart():
    races = [
        race(
            "A",
            result("p2", 1),
            result("gt", 1, class_name="gt"),
            result("x", 1, class_name="Invitational"),
        )
    ]
    season = season_standings(RULES, races)
    assert [t.class_name for t in season.teams] == ["LMP2", "LMP3", "GT"]
    assert season.team_class("GT").rows[0].key == "gt"
    assert season.team_class("LMP3").rows == ()
    assert [(race_key, r.entry) for race_key, r in season.unscored] == [("A", "x")]
    assert season.driver_class("lmp2") is not None


def test_bad_results_are_refused_with_a_reason():
    with pytest.raises(StandingsInputError, match="entry 'x' has more than one result"):
        table([race("A", result("x", 1), result("x", 2))])
    with pytest.raises(StandingsInputError, match="driver 'ann' is in the crews of both"):
        table([race("A", result("x", 1, drivers=("ann",)), result("y", 2, drivers=("ann",)))])
    with pytest.raises(StandingsInputError, match="positions start at 1"):
        table([race("A", result("x", 0))])
    with pytest.raises(StandingsInputError, match="no championship for class 'Hypercar'"):
        table([], class_name="Hypercar")
    with pytest.raises(StandingsInputError, match="given twice"):
        table([finishing("A", "x"), finishing("A", "y")])
