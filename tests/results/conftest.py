"""Fixtures for the timing-file parser tests: the real Le Mans file and generated Al Kamel races."""

from __future__ import annotations

from datetime import time

import pytest

from tests.demo.timing_files import SampleRace, sample_grid, simulate_race
from tests.results.independent import REAL_HOUR_BY_HOUR


@pytest.fixture(scope="session")
def real_hour_by_hour() -> bytes:
    return REAL_HOUR_BY_HOUR.read_bytes()


@pytest.fixture(scope="session")
def night_race() -> SampleRace:
    """Seven cars, one retiring, starting at 21:30 so laps run into the night."""
    return simulate_race(
        sample_grid(7, seed=11), laps=45, seed=11, retirements=1, start=time(21, 30)
    )
