"""The invitation race by hand: decided, not decided, and exactly catchable (a tie on points
could go either way, so drawing level counts as catching)."""

from __future__ import annotations

from academy.enums import ResultStatus
from academy.sporting import invitation_race, invitation_races
from academy.sporting.wording import holder_words
from tests.sporting.builders import race, result, rules_from, shipped_data


def season_of(races_in_calendar: int, key: str = "alms-2024-25"):
    data = shipped_data(key)
    data["calendar"]["races"] = races_in_calendar
    return rules_from(data)


THREE_RACES = season_of(3)  # two held below: one left, 26 points (a win from pole)


def two_races(**positions: tuple[int | None, int | None]):
    """Two LMP2 races; `a` wins both from pole, the others finish where told (None: DNF)."""
    races = []
    for index in range(2):
        results = [result("a", 1, pole=True)]
        for entry, places in positions.items():
            place = places[index]
            status = ResultStatus.CLASSIFIED if place else ResultStatus.DNF
            results.append(result(entry, place, status=status))
        races.append(race(f"R{index + 1}", *results))
    return races


def test_out_of_reach_by_one_point_is_decided():
    # a: 52; b: third and fifth = 25; one race left gives at most 26: b reaches 51.
    standing = invitation_race(THREE_RACES, two_races(b=(3, 5)), "LMP2")
    assert (standing.races_left, standing.points_left, standing.points_per_race) == (1, 26, 26)
    holder = standing.holders[0]
    assert (holder.entry, holder.gap_to_next, holder.margin) == ("a", 27, 27)
    assert holder.secure and standing.decided
    assert standing.contenders == ()
    assert standing.words == "LMP2: the invitation to Le Mans 2025 (LMP2), decided"
    assert holder.words == "a has secured invitation place 1"
    assert holder_words(holder, "Team A #7") == "Team A #7 has secured invitation place 1"


def test_exactly_catchable_is_not_decided():
    # b: second and sixth = 26: a win from pole in the last race draws level on 52.
    standing = invitation_race(THREE_RACES, two_races(b=(2, 6)), "LMP2")
    holder = standing.holders[0]
    assert holder.margin == 26 == standing.points_left
    assert not holder.secure and not standing.decided
    assert standing.contenders == ("b",)
    assert standing.in_contention("b") and standing.in_contention("a")
    assert standing.words == (
        "LMP2: the invitation to Le Mans 2025 (LMP2), not decided: 26 points still to be won in "
        "1 race"
    )


def test_within_reach_is_not_decided_and_far_behind_is_out_of_contention():
    standing = invitation_race(THREE_RACES, two_races(b=(2, 2), c=(None, None)), "LMP2")
    assert not standing.decided
    assert standing.contenders == ("b",)  # c: 0 + 26 < 52
    assert not standing.in_contention("c")


def test_early_in_the_season_even_a_car_yet_to_score_could_catch_the_leader():
    standing = invitation_race(season_of(6), two_races(b=(None, None)), "LMP2")
    assert standing.points_left == 4 * 26
    assert not standing.holders[0].secure


def test_after_the_last_race_the_leader_holds_it_unless_level_after_every_tie_break():
    over = season_of(2)
    assert invitation_race(over, two_races(b=(2, 2)), "LMP2").decided
    level = [
        race("R1", result("a", 1), result("b", None, status=ResultStatus.DNF)),
        race("R2", result("b", 1), result("a", None, status=ResultStatus.DNF), result("w", 2)),
    ]
    # a and b: one win each and no result in the last race... b won the last race: b ahead.
    assert invitation_race(over, level, "LMP2").holders[0].entry == "b"
    dead_level = [
        race("R1", result("a", 1), result("b", None, status=ResultStatus.DNF)),
        race(
            "R2",
            result("b", 1),
            result("a", None, status=ResultStatus.DNF),
        ),
    ]
    data = shipped_data()
    data["calendar"]["races"] = 2
    data["tie_break"]["order"] = ["countback"]
    standing = invitation_race(rules_from(data), dead_level, "LMP2")
    assert not standing.decided
    assert standing.races_left == 0
    assert "level after every tie-break" in standing.words


def test_two_places_each_holder_secure_on_its_own():
    elms = season_of(3, "elms-2025")
    # a: 52, b: second twice = 36, c: fourth and fifth = 22 (c can reach 48, past b).
    standing = invitation_race(elms, two_races(b=(2, 2), c=(4, 5)), "LMP2")
    first, second = standing.holders
    assert (first.place, first.entry, first.secure) == (1, "a", True)
    assert (second.place, second.entry, second.secure) == (2, "b", False)
    assert (first.gap_to_next, first.margin, second.margin) == (16, 30, 14)
    assert not standing.decided and standing.contenders == ("c",)
    # c eighth twice = 8: reaches 34 at most, b's 36 is safe.
    settled = invitation_race(elms, two_races(b=(2, 2), c=(8, 8)), "LMP2")
    assert settled.decided


def test_every_invitation_class_has_its_race_and_other_classes_none():
    races = two_races(b=(2, 2))
    rules = season_of(3)
    assert [standing.class_name for standing in invitation_races(rules, races)] == ["LMP2", "GT"]
    assert invitation_race(rules, races, "LMP3") is None
    gt = invitation_race(rules, races, "GT")
    assert gt.holders == () and not gt.decided  # no GT results yet
