"""The current grade: a corrected grade gives way to the revision that supersedes it, for the
engine's facts and the dossiers alike (academy.models.coaching.standing_grades)."""

from __future__ import annotations

from dataclasses import dataclass

from academy.models.coaching import standing_grades


@dataclass(frozen=True)
class Row:
    id: int
    supersedes_id: int | None
    score: int


def test_only_the_last_revision_of_a_chain_stands():
    first, second, third = Row(1, None, 5), Row(2, 1, 6), Row(3, 2, 7)
    assert standing_grades([first, second, third]) == [third]


def test_grades_that_were_never_corrected_all_stand_in_their_order():
    rows = [Row(4, None, 8), Row(1, None, 5), Row(2, 1, 6)]
    assert standing_grades(rows) == [Row(4, None, 8), Row(2, 1, 6)]
