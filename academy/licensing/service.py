"""Licence applications in the database: create them, check them against the pathway rules,
move them through the workflow. Each operation adds its rows and audit events to the session;
the view commits once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from academy import audit
from academy.enums import ApplicationStatus, LicenceGrade
from academy.extensions import db
from academy.licensing.workflow import TRANSITIONS, Action, decide
from academy.models import ApplicationTransition, Driver, Licence, LicenceApplication, User
from academy.pathway.engine import NoGradeRequirements, evaluate_licence_grade
from academy.pathway.verdicts import LicenceGradeVerdict
from academy.progress.facts_loader import load_driver_facts
from academy.progress.rule_sets import RuleSetUnavailable, rule_set_for_key

AUDITED_FIELDS = ["driver_id", "target_grade", "status", "asn", "rule_set_key", "override_reason"]


@dataclass(frozen=True)
class RuleCheck:
    """The pathway rules for an application's grade, checked on one day."""

    verdict: LicenceGradeVerdict | None
    problem: str = ""  # why the rules could not be checked at all

    @property
    def met(self) -> bool:
        return self.verdict is not None and self.verdict.eligible

    @property
    def missing(self) -> list[str]:
        if self.verdict is None:
            return [self.problem]
        return [
            f"{requirement.label}: {requirement.missing}"
            for requirement in self.verdict.requirements
            if not requirement.met
        ]


def check_rules(driver_id: int, grade: LicenceGrade, rule_set_key: str, as_of: date) -> RuleCheck:
    try:
        rule_set = rule_set_for_key(rule_set_key)
    except RuleSetUnavailable as error:
        return RuleCheck(None, str(error))
    facts = load_driver_facts(driver_id)
    if facts is None:
        return RuleCheck(None, "The driver no longer exists.")
    try:
        return RuleCheck(evaluate_licence_grade(facts, rule_set, grade, as_of))
    except NoGradeRequirements as error:
        return RuleCheck(None, f"{error}, so it cannot be checked.")


def open_application(driver_id: int, grade: LicenceGrade) -> LicenceApplication | None:
    """An application for this grade still on its way (neither granted nor rejected)."""
    return db.session.execute(
        select(LicenceApplication).where(
            LicenceApplication.driver_id == driver_id,
            LicenceApplication.target_grade == grade,
            LicenceApplication.status.not_in(
                [ApplicationStatus.GRANTED, ApplicationStatus.REJECTED]
            ),
        )
    ).scalar_one_or_none()


def create_application(
    driver: Driver,
    grade: LicenceGrade,
    asn: str,
    comment: str,
    actor: User,
    rule_set_key: str,
) -> LicenceApplication:
    application = LicenceApplication(
        driver_id=driver.id,
        target_grade=grade,
        status=ApplicationStatus.DRAFT,
        asn=asn.strip(),
        rule_set_key=rule_set_key,
        created_by_id=actor.id,
    )
    db.session.add(application)
    db.session.flush()
    _record_step(application, None, actor, comment.strip())
    audit.record(
        "licence_application_created",
        application,
        after={**audit.snapshot(application, AUDITED_FIELDS), "comment": comment.strip()},
        actor_id=actor.id,
    )
    return application


def _record_step(
    application: LicenceApplication,
    from_status: ApplicationStatus | None,
    actor: User,
    comment: str,
    *,
    overridden: bool = False,
) -> None:
    """The step that brought the application to its present status (from None: its creation),
    on the road shown with the application."""
    db.session.add(
        ApplicationTransition(
            application_id=application.id,
            from_status=from_status,
            to_status=application.status,
            actor_id=actor.id,
            comment=comment,
            overridden=overridden,
        )
    )


def end_of_licence_year(issued_on: date) -> date:
    """A licence runs to the end of the year it is issued in: the expiry when none is given."""
    return date(issued_on.year, 12, 31)


@dataclass(frozen=True)
class GrantDetails:
    number: str
    issued_on: date
    expires_on: date


@dataclass
class Outcome:
    done: bool
    message: str
    problems: list[str] = field(default_factory=list)
    overridden: bool = False
    about: str = ""  # the form field the refusal is about, if one


def take_action(
    application: LicenceApplication,
    action: Action,
    actor: User,
    *,
    seen_version: int,
    comment: str = "",
    override_reason: str = "",
    grant: GrantDetails | None = None,
    as_of: date,
) -> Outcome:
    """Move the application on, if the workflow and the rules allow it; else say why."""
    if seen_version != application.version:
        return Outcome(
            False,
            "Someone changed this application while you were looking at it (it is now "
            f"{application.status.value}). Nothing was changed: look at it again, then retry.",
        )
    transition = TRANSITIONS[action]
    coaches_driver = application.driver.coach_id == actor.id
    rule_check: RuleCheck | None = None
    if transition.checks_rules:
        rule_check = check_rules(
            application.driver_id, application.target_grade, application.rule_set_key, as_of
        )
    decision = decide(
        action,
        application.status,
        actor.role,
        coaches_driver,
        rules_met=rule_check.met if rule_check else True,
        override_reason=override_reason,
        comment=comment,
    )
    if not decision.allowed:
        problems = rule_check.missing if rule_check and not rule_check.met else []
        return Outcome(False, decision.reason, problems)
    if action is Action.GRANT:
        problem, about = _grant_problem(application, grant)
        if problem:
            return Outcome(False, problem, about=about)

    before = audit.snapshot(application, AUDITED_FIELDS)
    from_status = application.status
    application.status = transition.target
    note = comment.strip()
    if decision.overridden:
        application.override_reason = override_reason.strip()
        note = f"Rules not met; overridden by the director: {override_reason.strip()}" + (
            f"\n{note}" if note else ""
        )
    if action is Action.GRANT:
        assert grant is not None
        licence = Licence(
            driver_id=application.driver_id,
            grade=application.target_grade,
            asn=application.asn,
            number=grant.number.strip(),
            issued_on=grant.issued_on,
            expires_on=grant.expires_on,
        )
        db.session.add(licence)
        db.session.flush()
        application.granted_licence_id = licence.id
        audit.record("licence_granted", licence, after=audit.snapshot(licence), actor_id=actor.id)
    _record_step(application, from_status, actor, note, overridden=decision.overridden)
    after: dict[str, Any] = {
        **audit.snapshot(application, AUDITED_FIELDS),
        "comment": comment.strip(),
        "overridden": decision.overridden,
    }
    if rule_check is not None:
        after["rules_met"] = rule_check.met
        if not rule_check.met:
            after["rules_missing"] = rule_check.missing
    audit.record(
        f"licence_application_{action.value}",
        application,
        before=before,
        after=after,
        actor_id=actor.id,
    )
    message = f"Application {_done_words(action)}."
    if decision.overridden:
        message = f"Application {_done_words(action)} by override; the reason is in the audit log."
    return Outcome(True, message, overridden=decision.overridden)


def _grant_problem(application: LicenceApplication, grant: GrantDetails | None) -> tuple[str, str]:
    """What is wrong with the licence to record, and the field it is about ("" when fine)."""
    if grant is None or not grant.number.strip():
        return "Enter the number of the licence the ASN granted.", "number"
    if grant.expires_on < grant.issued_on:
        return "The licence cannot expire before it was issued.", "expires_on"
    taken = db.session.execute(
        select(Licence.id).where(
            Licence.asn == application.asn, Licence.number == grant.number.strip()
        )
    ).first()
    if taken:
        return f"{application.asn} already has a licence numbered {grant.number.strip()}.", "number"
    return "", ""


def _done_words(action: Action) -> str:
    return {
        Action.ENDORSE: "endorsed",
        Action.APPROVE: "approved",
        Action.SUBMIT: "marked as submitted to the ASN",
        Action.GRANT: "granted: the new licence is on the driver's record",
        Action.REJECT: "rejected",
    }[action]


def withdraw_application(application: LicenceApplication) -> None:
    """Take back a draft: it leaves the driver's record; the audit log keeps it, with every
    step it had taken."""
    audit.record(
        "licence_application_withdrawn",
        application,
        before={
            **audit.snapshot(application, AUDITED_FIELDS),
            "created_by_id": application.created_by_id,
            "steps": [
                {
                    "to_status": step.to_status.value,
                    "actor_id": step.actor_id,
                    "comment": step.comment,
                    "at": step.at.isoformat(),
                }
                for step in application.transitions
            ],
        },
    )
    for step in list(application.transitions):
        db.session.delete(step)
    db.session.flush()
    db.session.delete(application)
    db.session.flush()
