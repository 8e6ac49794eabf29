"""Issue 13, item 3: competencies come from the rubric (one list), and the rule loader accepts
any competency the rubric has, the ones added on the rubric page too."""

from __future__ import annotations

import html
import io

import pytest

from academy.competencies import DEFAULT_KEYS, RUBRIC
from academy.extensions import db
from academy.models import Competency, RuleSetRecord
from academy.pathway import rules, wording
from academy.pathway.loader import RULESETS_DIR, RuleSetError, parse_rule_text
from academy.progress.rule_sets import current_rule_set
from academy.rubric import DEFAULT_RUBRIC
from tests.builders import login

SHIPPED = (RULESETS_DIR / "alms-to-le-mans.toml").read_text(encoding="utf-8")
WITH_PIT_STOPS = SHIPPED.replace('version = "2026.2"', 'version = "pit"').replace(
    'competencies = ["night_driving", "traffic_management"]',
    'competencies = ["night_driving", "traffic_management", "pit_stops"]',
)


def _upload(client, text: str):
    return client.post(
        "/admin/rules/",
        data={"rule_file": (io.BytesIO(text.encode("utf-8")), "pit.toml")},
        content_type="multipart/form-data",
    )


def test_the_rubric_is_listed_once():
    assert rules.KNOWN_COMPETENCIES == DEFAULT_KEYS == tuple(key for key, _, _ in DEFAULT_RUBRIC)
    assert set(wording.COMPETENCY_WORDS) == {line.key for line in RUBRIC}


def test_the_pure_loader_checks_against_the_default_rubric_or_the_one_given():
    with pytest.raises(RuleSetError, match="unknown competency 'pit_stops'"):
        parse_rule_text(WITH_PIT_STOPS, "pit.toml")
    assert parse_rule_text(WITH_PIT_STOPS, "pit.toml", [*DEFAULT_KEYS, "pit_stops"])
    with pytest.raises(RuleSetError, match="is not a competency key"):
        parse_rule_text(WITH_PIT_STOPS.replace('"pit_stops"', '"Pit Stops!"'), "pit.toml", None)


def test_a_competency_added_on_the_rubric_page_is_accepted_by_the_rule_loader(client, academy):
    for position, (key, name, description) in enumerate(DEFAULT_RUBRIC, start=1):
        db.session.add(Competency(key=key, name=name, description=description, position=position))
    db.session.add(Competency(key="pit_stops", name="Pit stops", description="", position=9))
    db.session.commit()
    login(client, academy.admin)
    assert _upload(client, WITH_PIT_STOPS).status_code == 302
    [record] = db.session.execute(db.select(RuleSetRecord)).scalars().all()
    assert client.post(f"/admin/rules/{record.id}/activate").status_code == 302
    db.session.expire_all()
    assert current_rule_set().version == "pit"  # and pages read it
    assert client.get(f"/drivers/{academy.driver.id}/progress").status_code == 200


def test_a_competency_the_rubric_lacks_is_refused_naming_the_rubric(client, academy):
    db.session.add(Competency(key="racecraft", name="Racecraft", description="", position=1))
    db.session.commit()
    login(client, academy.admin)
    page = html.unescape(_upload(client, WITH_PIT_STOPS).get_data(as_text=True))
    assert "unknown competency 'pit_stops' (the rubric has: racecraft)" in page
