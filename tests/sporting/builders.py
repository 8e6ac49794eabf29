"""Small builders for the sporting engine's tests: rule data, races and crews by hand."""

from __future__ import annotations

import copy
import tomllib
from typing import Any

from academy.enums import Categorisation, ResultStatus
from academy.sporting import (
    CrewMember,
    Race,
    RaceResult,
    SportingRules,
    load_sporting_rules,
)
from academy.sporting.loader import SPORTING_DIR, parse_sporting_rules

ALMS = "alms-2024-25"


def shipped(key: str = ALMS) -> SportingRules:
    return load_sporting_rules(SPORTING_DIR / f"{key}.toml")


def shipped_data(key: str = ALMS) -> dict[str, Any]:
    """The parsed TOML of a shipped file, a fresh copy to change."""
    with open(SPORTING_DIR / f"{key}.toml", "rb") as handle:
        return copy.deepcopy(tomllib.load(handle))


def rules_from(data: dict[str, Any], file: str = "test.toml") -> SportingRules:
    return parse_sporting_rules(data, file)


def result(
    entry: str,
    position: int | None,
    *,
    class_name: str = "LMP2",
    status: ResultStatus = ResultStatus.CLASSIFIED,
    pole: bool = False,
    drivers: tuple[str, ...] = (),
) -> RaceResult:
    return RaceResult(entry, class_name, position, status, pole, drivers)


def race(key: str, *results: RaceResult) -> Race:
    return Race(key, key, tuple(results))


def finishing(key: str, *entries: str, class_name: str = "LMP2", pole: str | None = None) -> Race:
    """A race where `entries` finished in this class order, all classified."""
    return race(
        key,
        *(
            result(entry, index, class_name=class_name, pole=entry == pole)
            for index, entry in enumerate(entries, start=1)
        ),
    )


def crew(*categories: Categorisation | None) -> list[CrewMember]:
    return [
        CrewMember(f"d{index}", f"Driver {index}", category)
        for index, category in enumerate(categories, start=1)
    ]
