"""The demo academy's verdicts, under both rule sets, are those the engine gave before it was
made faster (tests/pathway/verdict_snapshot.py)."""

from __future__ import annotations

from datetime import date

import pytest

from academy.extensions import db
from academy.progress.facts_loader import EVERY_DRIVER, load_facts
from tests.demo.seed import DEMO_AS_OF, seed_demo
from tests.pathway.verdict_snapshot import WRITING, digests, read_snapshot, rule_sets, write_part

DAYS = (date(2025, 12, 1), date(2026, 6, 15), DEMO_AS_OF)


def test_demo_academy_verdicts_are_those_of_the_engine_before(app):
    seed_demo(2026)
    db.session.commit()
    loaded = load_facts(EVERY_DRIVER)
    cohort = loaded.in_order()
    names = [driver.legal_name for driver in loaded.drivers]
    assert len(set(names)) == len(names)
    found = {
        f"{rule_set.version}@{as_of.isoformat()}": digests(cohort, rule_set, as_of, names)
        for rule_set in rule_sets()
        for as_of in DAYS
    }
    if WRITING:
        write_part("demo academy", found)
        pytest.skip("snapshot written")
    expected = read_snapshot()["demo academy"]
    for key, per_driver in found.items():
        changed = sorted(
            name for name, value in per_driver.items() if expected[key].get(name) != value
        )
        assert not changed, f"{key}: verdicts changed for {changed}"
    assert found.keys() == expected.keys()
