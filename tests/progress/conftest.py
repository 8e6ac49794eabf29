"""Pathway page helpers: a driver with what the first stage (ALMS LMP3 seat) asks for."""

from __future__ import annotations

import re
from datetime import date, timedelta

from academy.models import Driver, User
from tests.progress.builders import add_grade, add_result, add_session, make_event

AS_OF = date(2026, 6, 1)


def make_lmp3_ready(driver: Driver, coach: User, as_of: date = AS_OF, *, starts: int = 4) -> None:
    """Classified starts, three track sessions and grades of 7: every requirement of the first
    stage of alms-to-le-mans met on `as_of` (the driver builder gives licence and medical)."""
    for index in range(starts):
        add_result(
            driver,
            make_event(as_of - timedelta(days=60 + 7 * index), name=f"ALMS round {index + 1}"),
        )
    for index in range(3):
        session = add_session(driver, coach, as_of - timedelta(days=20 + index))
        for key in ("racecraft", "traffic_management", "consistency"):
            add_grade(session, key, 7)


def board_column(html: str, key: str) -> str:
    """One column of the cohort board page (key: a stage key, or "none")."""
    match = re.search(
        rf'<section class="board-column" aria-labelledby="column-{key}">(.*?)</section>', html, re.S
    )
    assert match, f"no column {key}"
    return match.group(1)
