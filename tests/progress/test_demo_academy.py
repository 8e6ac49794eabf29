"""The demo academy shows the whole pathway and the whole licence workflow."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from academy.enums import ApplicationStatus
from academy.extensions import db
from academy.models import Driver, LicenceApplication
from academy.pathway.engine import evaluate_many
from academy.progress.facts_loader import load_facts
from academy.progress.rule_sets import current_rule_set
from tests.demo.seed import DEMO_AS_OF, seed_demo


def test_the_demo_drivers_stand_at_every_stage_of_the_pathway(app):
    seed_demo(2026)
    db.session.commit()
    loaded = load_facts(select(Driver.id))
    rule_set = current_rule_set()
    reached = Counter(
        pathway.current_stage for pathway in evaluate_many(loaded.in_order(), rule_set, DEMO_AS_OF)
    )
    assert set(reached) == {None} | {stage.key for stage in rule_set.stages}


def test_the_demo_has_a_licence_application_in_every_state(app):
    seed_demo(2026)
    db.session.commit()
    statuses = set(db.session.execute(select(LicenceApplication.status)).scalars())
    assert statuses == set(ApplicationStatus)


def test_demo_overrides_name_their_reason(app):
    seed_demo(2026)
    db.session.commit()
    for application in db.session.execute(select(LicenceApplication)).scalars():
        if any(transition.overridden for transition in application.transitions):
            assert application.override_reason
