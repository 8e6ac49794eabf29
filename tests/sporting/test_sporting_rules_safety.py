"""Whatever sporting-rules file the loader accepts, the engine runs on it: numbers are drawn far
beyond what a file means, wrong types too, and a file either is refused with file, key and
reason, or scores a season, runs the invitation race, checks crews and driving time without
error (like the pathway rules' safe activation)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.enums import Categorisation, ResultStatus
from academy.sporting import (
    DriverLap,
    RuleSetError,
    check_crew,
    crew_fits,
    driving_times,
    invitation_races,
    season_standings,
)
from academy.sporting.loader import parse_sporting_rules
from tests.sporting.builders import crew, race, result, shipped_data

values = st.one_of(
    st.integers(-(10**30), 10**30),
    st.integers(-3, 30),
    st.sampled_from([0, 1, 2, 3, 10, 11, 30, 31, 100, 101, 2880, 2881, 1923, 2100]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.25, 0.5, 0.3, 99.75, 100.25]),
    st.booleans(),
    st.text(max_size=5),
    st.lists(st.integers(-2, 30), max_size=12),
)
KEYS = ("alms-2024-25", "elms-2025", "lemans-2026")


def numeric_paths(data, prefix=()):
    """Every place in the data that holds a number or a list of numbers."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from numeric_paths(value, (*prefix, key))
    elif isinstance(data, list):
        if data and all(isinstance(item, int | float) for item in data):
            yield prefix
        for index, value in enumerate(data):
            yield from numeric_paths(value, (*prefix, index))
    elif isinstance(data, int | float) and not isinstance(data, bool):
        yield prefix


def put(data, path, value):
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    key=st.sampled_from(KEYS),
    seed=st.integers(0, 10**6),
    drawn=st.lists(values, min_size=1, max_size=4),
)
def test_a_file_is_refused_or_safe_to_use(key, seed, drawn):
    data = shipped_data(key)
    rng = random.Random(seed)
    for value in drawn:
        put(data, rng.choice(list(numeric_paths(data))), value)
    try:
        rules = parse_sporting_rules(data, "drawn.toml")
    except RuleSetError as error:
        assert error.problems
        assert all(p.file == "drawn.toml" and p.where and p.reason for p in error.problems)
        return
    classes = [season_class.name for season_class in rules.classes]
    races = []
    for number in range(min(rules.races, 3)):
        results = []
        for class_index, class_name in enumerate(classes):
            for car in range(4):
                retired = rng.random() < 0.2
                results.append(
                    result(
                        f"{class_index}-{car}",
                        None if retired else rng.randrange(1, 60),
                        class_name=class_name,
                        status=ResultStatus.DNF if retired else ResultStatus.CLASSIFIED,
                        pole=car == 0,
                        drivers=(f"{class_index}-{car}-a", f"{class_index}-{car}-b"),
                    )
                )
        races.append(race(f"R{number}", *results))
    if rules.championship:
        season_standings(rules, races)
        for standing in invitation_races(rules, races):
            assert len(standing.holders) <= standing.rule.places
    categories = [rng.choice([*Categorisation, None]) for _ in range(rng.randrange(0, 5))]
    for class_name in classes:
        check_crew(rules, class_name, crew(*categories))
        rule = rules.crew_rule(class_name)
        if rule is not None:
            crew_fits(rule, categories[: rule.max_drivers])
        members = crew(*categories)
        if members:
            laps = [
                DriverLap(rng.choice(members).driver, rng.randrange(60_000, 600_000))
                for _ in range(30)
            ]
            driving_times(rules, class_name, members, laps=laps)
