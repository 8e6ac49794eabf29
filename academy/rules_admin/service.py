"""Loading rule set files into the academy and choosing the one in use. Every change audited."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from academy import audit
from academy.extensions import db
from academy.jobs.service import JobRefused
from academy.models import RuleSetRecord
from academy.pathway.engine import EvaluationFailed
from academy.pathway.loader import RuleProblem, RuleSetError, parse_rule_text
from academy.pathway.rules import RuleSet
from academy.progress.rule_sets import rubric_keys
from academy.progress.standings import BoardStandings, store_todays_standings

RECORD_FIELDS = ["key", "version", "name", "effective_from", "sha256", "active"]


@dataclass(frozen=True)
class LoadOutcome:
    record: RuleSetRecord | None
    problems: tuple[RuleProblem, ...] = ()
    message: str = ""


def load_rule_text(text: str, file_name: str, user_id: int | None) -> LoadOutcome:
    """Validate and store a rule set as a new, inactive record. Nothing is stored when the
    file is refused; loading the same text twice changes nothing."""
    try:
        rule_set: RuleSet = parse_rule_text(text, file_name, rubric_keys())
    except RuleSetError as error:
        return LoadOutcome(None, error.problems, f"{file_name} is refused; nothing was loaded.")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = db.session.execute(
        db.select(RuleSetRecord).filter_by(key=rule_set.key, version=rule_set.version)
    ).scalar_one_or_none()
    if existing is not None:
        if existing.sha256 == digest:
            return LoadOutcome(
                existing, (), f"{rule_set.key} {rule_set.version} is already loaded."
            )
        problem = RuleProblem(
            file_name,
            "top level",
            f"version {rule_set.version!r} of {rule_set.key!r} is already loaded with different "
            "content: give the changed file a new version",
        )
        return LoadOutcome(None, (problem,), f"{file_name} is refused; nothing was loaded.")
    record = RuleSetRecord(
        key=rule_set.key,
        version=rule_set.version,
        name=rule_set.name,
        effective_from=rule_set.effective_from,
        source_text=text,
        sha256=digest,
        active=False,
        loaded_by_id=user_id,
    )
    db.session.add(record)
    audit.record("rule_set_loaded", record, after=audit.snapshot(record, RECORD_FIELDS))
    return LoadOutcome(record, (), f"Loaded {rule_set.name} {rule_set.version}.")


class ActivationRefused(JobRefused):
    """The record cannot become the rule set in use; the message says why, for the director."""


def activate(record: RuleSetRecord, actor_id: int | None = None) -> BoardStandings:
    """Make this record the rule set in use; the previously active one steps down.

    Every driver is evaluated under it first and their standings stored (flushed): the caller
    commits only when this returns, so a rule set that cannot evaluate someone is never in use
    (ActivationRefused, and the caller rolls back)."""
    try:
        rule_set = parse_rule_text(
            record.source_text, f"{record.key} {record.version}", rubric_keys(), stored=True
        )
    except RuleSetError as error:
        raise ActivationRefused(
            f"{record.name} {record.version} cannot be used: {error}. Nothing was changed."
        ) from error
    try:
        standings = store_todays_standings(rule_set)
    except EvaluationFailed as error:
        raise ActivationRefused(
            f"{record.name} {record.version} was not put in use: {error}. The rule set in use "
            "is unchanged."
        ) from error
    for other in db.session.execute(
        db.select(RuleSetRecord).where(
            RuleSetRecord.active.is_(True), RuleSetRecord.id != record.id
        )
    ).scalars():
        _set_active(other, False, actor_id)
    _set_active(record, True, actor_id)
    return standings


def _set_active(record: RuleSetRecord, active: bool, actor_id: int | None) -> None:
    before = audit.snapshot(record, RECORD_FIELDS)
    record.active = active
    audit.record(
        "rule_set_activated" if active else "rule_set_deactivated",
        record,
        before=before,
        after=audit.snapshot(record, RECORD_FIELDS),
        actor_id=actor_id,
    )
