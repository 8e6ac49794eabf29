"""The real ALMS 2024-25 Sepang race 1 (shared/data/real, see SOURCES.md), read by the timing
importer and scored with the season's rules: every class's points exactly as the scale says."""

from __future__ import annotations

import pytest

from academy.enums import ResultStatus
from academy.results.timing import parse_timing_file
from academy.sporting import Race, RaceResult, season_standings, sporting_rules_for
from tests.conftest import REAL_DATA

SEPANG = REAL_DATA / "alms-2025-sepang-race1-classification.csv"
SCALE = [25, 18, 15, 12, 10, 8, 6, 4, 2, 1]  # read from the scale, not from the engine


@pytest.fixture(scope="module")
def sepang():
    if not SEPANG.is_file():
        pytest.skip(f"real timing data not found at {SEPANG}")
    parsed = parse_timing_file(SEPANG.read_bytes(), SEPANG.name)
    assert parsed.ok, parsed.refusal
    results = tuple(
        RaceResult(
            entry=car.number,
            class_name=car.class_name,
            class_position=car.position_in_class,
            status=car.status,
            drivers=tuple(driver.name for driver in car.drivers),
        )
        for car in parsed.cars
    )
    return parsed, Race("sepang-1", "Sepang race 1", results)


def expected_points(status: ResultStatus, class_position: int | None) -> float:
    if status is not ResultStatus.CLASSIFIED:
        return 0
    return SCALE[class_position - 1] if class_position <= len(SCALE) else 0.5


def test_every_car_scores_what_the_scale_gives_its_class_position(sepang):
    parsed, race = sepang
    season = season_standings(sporting_rules_for("ALMS", "2024-25"), [race])
    assert season.unscored == ()
    scored = {}
    for table in season.teams:
        for row in table.rows:
            scored[row.key] = row.points
    assert len(scored) == len(parsed.cars) == 42
    for car in parsed.cars:
        assert scored[car.number] == expected_points(car.status, car.position_in_class), car.number


def test_each_class_totals_and_leaders_match_the_classification(sepang):
    parsed, race = sepang
    season = season_standings(sporting_rules_for("ALMS", "2024-25"), [race])
    for table in season.teams:
        cars = [car for car in parsed.cars if car.class_name == table.class_name]
        classified = sorted(
            car.position_in_class for car in cars if car.status is ResultStatus.CLASSIFIED
        )
        assert classified == list(range(1, len(classified) + 1))  # no gaps, no duplicates
        expected_total = sum(SCALE[: len(classified)]) + 0.5 * max(0, len(classified) - 10)
        assert sum(row.points for row in table.rows) == expected_total, table.class_name
    assert season.team_class("LMP2").leader.key == "30"  # RD Limited won LMP2
    gt = season.team_class("GT")
    assert [row.points for row in gt.rows if row.points == 0.5]  # GT had more than ten classified
    assert gt.row("89").races[0].words == (
        "Sepang race 1: classified outside the top ten (P11 in class): 0.5"
    )


def test_cars_not_classified_or_disqualified_score_nothing(sepang):
    parsed, race = sepang
    season = season_standings(sporting_rules_for("ALMS", "2024-25"), [race])
    unscored = [car for car in parsed.cars if car.status is not ResultStatus.CLASSIFIED]
    assert len(unscored) == 7  # 6 not classified, 1 disqualified (SOURCES.md)
    for car in unscored:
        row = season.team_class(car.class_name).row(car.number)
        assert row.points == 0
        assert row.races[0].items[0].words.endswith(": 0")


def test_driver_standings_give_each_driver_their_car_s_points(sepang):
    parsed, race = sepang
    season = season_standings(sporting_rules_for("ALMS", "2024-25"), [race])
    lmp2 = season.driver_class("LMP2")
    winner = parsed.car("30")
    for driver in winner.drivers:
        assert lmp2.row(driver.name).points == 25
