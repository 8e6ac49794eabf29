"""The licence workflow table, without a request or a database."""

from __future__ import annotations

import pytest

from academy.enums import ApplicationStatus as S
from academy.enums import Role
from academy.licensing.workflow import (
    TRANSITIONS,
    Action,
    allowed_actions,
    decide,
    may_create,
    refusal,
)


@pytest.mark.parametrize(
    ("action", "status", "role", "target"),
    [
        (Action.ENDORSE, S.DRAFT, Role.COACH, S.ENDORSED),
        (Action.ENDORSE, S.DRAFT, Role.ADMIN, S.ENDORSED),
        (Action.APPROVE, S.ENDORSED, Role.ADMIN, S.APPROVED),
        (Action.SUBMIT, S.APPROVED, Role.ADMIN, S.SUBMITTED),
        (Action.GRANT, S.SUBMITTED, Role.ADMIN, S.GRANTED),
        (Action.REJECT, S.SUBMITTED, Role.ADMIN, S.REJECTED),
        (Action.REJECT, S.DRAFT, Role.ADMIN, S.REJECTED),
    ],
)
def test_each_step_is_allowed_from_its_status_to_its_role(action, status, role, target):
    decision = decide(action, status, role, True, rules_met=True, comment="why")
    assert decision.allowed and not decision.overridden
    assert TRANSITIONS[action].target is target


@pytest.mark.parametrize(
    ("action", "status"),
    [
        (Action.APPROVE, S.DRAFT),
        (Action.SUBMIT, S.ENDORSED),
        (Action.GRANT, S.APPROVED),
        (Action.ENDORSE, S.APPROVED),
    ],
)
def test_a_step_out_of_order_is_refused_with_the_status_it_needs(action, status):
    decision = decide(action, status, Role.ADMIN, False, rules_met=True)
    assert not decision.allowed
    assert f"while it is {status.value}" in decision.reason


@pytest.mark.parametrize("status", [S.GRANTED, S.REJECTED])
@pytest.mark.parametrize("action", list(Action))
def test_a_granted_or_rejected_application_never_changes(action, status):
    assert "cannot change any more" in refusal(action, status, Role.ADMIN, True)


def test_a_coach_may_not_approve():
    decision = decide(Action.APPROVE, S.ENDORSED, Role.COACH, True, rules_met=True)
    assert not decision.allowed and "Only the director" in decision.reason


def test_a_coach_may_not_endorse_for_another_coachs_driver():
    decision = decide(Action.ENDORSE, S.DRAFT, Role.COACH, False, rules_met=True)
    assert not decision.allowed and "own coach" in decision.reason


@pytest.mark.parametrize("role", [Role.DRIVER, Role.PRINCIPAL])
def test_drivers_and_principals_take_no_step(role):
    assert allowed_actions(S.DRAFT, role, False) == []
    assert not may_create(role, False)


def test_a_coach_cannot_endorse_when_the_rules_are_not_met():
    decision = decide(Action.ENDORSE, S.DRAFT, Role.COACH, True, rules_met=False)
    assert not decision.allowed and "rules for this licence grade are not met" in decision.reason


def test_a_coach_cannot_override_even_with_a_reason():
    decision = decide(
        Action.ENDORSE, S.DRAFT, Role.COACH, True, rules_met=False, override_reason="trust me"
    )
    assert not decision.allowed


def test_the_director_needs_a_reason_to_override():
    decision = decide(Action.APPROVE, S.ENDORSED, Role.ADMIN, False, rules_met=False)
    assert not decision.allowed and "give the reason" in decision.reason


def test_a_blank_reason_is_no_reason():
    decision = decide(
        Action.APPROVE, S.ENDORSED, Role.ADMIN, False, rules_met=False, override_reason="   "
    )
    assert not decision.allowed


def test_the_director_overrides_with_a_reason_and_it_is_marked():
    decision = decide(
        Action.APPROVE,
        S.ENDORSED,
        Role.ADMIN,
        False,
        rules_met=False,
        override_reason="Results abroad confirmed by the ASN",
    )
    assert decision.allowed and decision.overridden


def test_steps_that_do_not_check_the_rules_ignore_them():
    decision = decide(Action.SUBMIT, S.APPROVED, Role.ADMIN, False, rules_met=False)
    assert decision.allowed and not decision.overridden


def test_a_rejection_needs_a_comment():
    decision = decide(Action.REJECT, S.ENDORSED, Role.ADMIN, False, rules_met=True, comment=" ")
    assert not decision.allowed and "comment is required" in decision.reason


def test_what_each_person_may_do_next():
    assert allowed_actions(S.DRAFT, Role.COACH, True) == [Action.ENDORSE]
    assert allowed_actions(S.DRAFT, Role.COACH, False) == []
    assert allowed_actions(S.DRAFT, Role.ADMIN, False) == [Action.ENDORSE, Action.REJECT]
    assert allowed_actions(S.SUBMITTED, Role.ADMIN, False) == [Action.GRANT, Action.REJECT]
    assert allowed_actions(S.ENDORSED, Role.COACH, True) == []


def test_who_may_start_an_application():
    assert may_create(Role.ADMIN, False)
    assert may_create(Role.COACH, True)
    assert not may_create(Role.COACH, False)
