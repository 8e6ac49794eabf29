"""Whether a driver met a race's minimum driving time, for the pathway's `ResultFact`
(`driving_time_minimum_met`). Pure: the sporting engine says which minimum applies to a driver
of a category in a crew of a size in a class (`academy.sporting.driving_times`, asked once per
combination and remembered); the driver's time is compared with it.

Kept apart so that it can move into `academy.sporting` if the engine grows a function of its
own for one driver.
"""

from __future__ import annotations

from functools import lru_cache

from academy.enums import Categorisation
from academy.sporting import (
    CrewMember,
    MinimumStatus,
    SportingRules,
    SportingRulesNotFound,
    driving_times,
    sporting_rules_for,
)


@lru_cache(maxsize=64)
def _rules(series: str, season: str) -> SportingRules | None:
    try:
        return sporting_rules_for(series, season)
    except SportingRulesNotFound:
        return None


@lru_cache(maxsize=4096)
def _minimum_ms(
    series: str, season: str, class_name: str, category: Categorisation, crew_size: int
) -> int | None | bool:
    """The minimum for such a driver in ms; None when no minimum applies; False when the season
    has no sporting rules (not known)."""
    rules = _rules(series, season)
    if rules is None:
        return False
    crew = [CrewMember("driver", "", category)] + [
        CrewMember(f"other {seat}", "", category) for seat in range(1, crew_size)
    ]
    time = driving_times(rules, class_name, crew, drive_times={"driver": 0})[0]
    if time.minimum is MinimumStatus.NO_MINIMUM:
        return None
    return time.min_ms


def minimum_met(
    series: str,
    season: str,
    class_name: str,
    category: Categorisation | None,
    crew_size: int,
    drive_time_ms: int | None,
) -> bool | None:
    """True: met, or no minimum applies; False: not met; None: not known (no rules for the
    season, the driver's category or time not known)."""
    if category is None or crew_size < 1:
        return None
    minimum = _minimum_ms(series, season, class_name, category, crew_size)
    if minimum is False:
        return None
    if minimum is None:
        return True
    if drive_time_ms is None:
        return None
    return drive_time_ms >= minimum
