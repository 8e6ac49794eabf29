"""The engine gives the synthetic cohort the verdicts it gave before it was made faster."""

from __future__ import annotations

import pytest

from tests.pathway.verdict_snapshot import WRITING, cohort_digests, read_snapshot, write_part


def test_synthetic_cohort_verdicts_are_those_of_the_engine_before():
    found = cohort_digests()
    if WRITING:
        write_part("synthetic cohort", found)
        pytest.skip("snapshot written")
    assert found == read_snapshot()["synthetic cohort"]
