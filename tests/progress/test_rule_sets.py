"""Which rule set the pages use, and what they say when there is none to use."""

from __future__ import annotations

from datetime import date

import pytest

from academy.extensions import db
from academy.models import RuleSetRecord
from academy.pathway.loader import RULESETS_DIR
from academy.progress import rule_sets
from academy.progress.rule_sets import (
    RuleSetUnavailable,
    current_rule_set,
    rule_set_for_key,
    shipped_rule_set,
)

SHIPPED = (RULESETS_DIR / "alms-to-le-mans.toml").read_text(encoding="utf-8")


def _record(text: str, *, key: str = "alms-to-le-mans", version: str = "db-1", active=True):
    record = RuleSetRecord(
        key=key,
        version=version,
        name="Loaded",
        effective_from=date(2025, 7, 1),
        source_text=text,
        sha256="x" * 64,
        active=active,
    )
    db.session.add(record)
    db.session.commit()
    return record


def test_without_an_active_record_the_shipped_default_is_used(app):
    assert current_rule_set().key == "alms-to-le-mans"


def test_an_active_record_is_used_before_the_shipped_file(app):
    _record(SHIPPED.replace('version = "2026.2"', 'version = "2027.0"'))
    assert current_rule_set().version == "2027.0"


def test_an_inactive_record_is_not_used(app):
    _record(SHIPPED.replace('version = "2026.2"', 'version = "2027.0"'), active=False)
    assert current_rule_set().version == "2026.2"


def test_a_malformed_active_record_is_refused_with_its_problem(app):
    _record(SHIPPED.replace("years = 16", "years = -3", 1))
    with pytest.raises(RuleSetUnavailable, match="years"):
        current_rule_set()


def test_a_rule_set_that_no_longer_exists_is_named_in_the_refusal(app):
    with pytest.raises(RuleSetUnavailable, match="'alms-2019' no longer exists"):
        rule_set_for_key("alms-2019")


def test_a_key_found_only_in_the_database_is_found(app):
    _record(
        SHIPPED.replace('key = "alms-to-le-mans"', 'key = "alms-2019"'),
        key="alms-2019",
        active=False,
    )
    assert rule_set_for_key("alms-2019").key == "alms-2019"


def test_the_same_text_is_parsed_once(app):
    first = shipped_rule_set("alms-to-le-mans")
    assert shipped_rule_set("alms-to-le-mans") is first


def test_a_changed_text_is_parsed_again(app):
    first = current_rule_set()
    _record(SHIPPED.replace('version = "2026.2"', 'version = "2026.9"'))
    assert current_rule_set() is not first


def test_the_default_missing_from_disk_is_an_honest_refusal(app, monkeypatch):
    monkeypatch.setattr(rule_sets, "DEFAULT_RULE_SET_KEY", "retired-rules")
    with pytest.raises(RuleSetUnavailable, match="no longer exists"):
        current_rule_set()
