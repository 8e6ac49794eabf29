"""The licence-upgrade workflow as a table: which action moves an application from which
status to which, who may take it, and whether the pathway rules for the grade must be met.

draft -> endorsed (coach) -> approved (director) -> submitted to the ASN (director)
      -> granted (director records the new licence) or rejected (with a comment).

Pure Python: the routes ask `decide(...)`, the table answers, so every rule of the workflow is
tested without a request or a database.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from academy.enums import ApplicationStatus, LicenceGrade, Role, label

Status = ApplicationStatus


class Action(enum.Enum):
    ENDORSE = "endorse"
    APPROVE = "approve"
    SUBMIT = "submit"
    GRANT = "grant"
    REJECT = "reject"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[ApplicationStatus]
    target: ApplicationStatus
    roles: frozenset[Role]  # a coach only ever acts for the drivers they coach
    checks_rules: bool  # the grade's requirements must be met, or the director overrides
    needs_comment: bool
    button: str  # what the button says


TRANSITIONS: dict[Action, Transition] = {
    Action.ENDORSE: Transition(
        Action.ENDORSE,
        frozenset({Status.DRAFT}),
        Status.ENDORSED,
        frozenset({Role.COACH, Role.ADMIN}),
        checks_rules=True,
        needs_comment=False,
        button="Endorse",
    ),
    Action.APPROVE: Transition(
        Action.APPROVE,
        frozenset({Status.ENDORSED}),
        Status.APPROVED,
        frozenset({Role.ADMIN}),
        checks_rules=True,
        needs_comment=False,
        button="Approve",
    ),
    Action.SUBMIT: Transition(
        Action.SUBMIT,
        frozenset({Status.APPROVED}),
        Status.SUBMITTED,
        frozenset({Role.ADMIN}),
        checks_rules=False,
        needs_comment=False,
        button="Mark as submitted to the ASN",
    ),
    Action.GRANT: Transition(
        Action.GRANT,
        frozenset({Status.SUBMITTED}),
        Status.GRANTED,
        frozenset({Role.ADMIN}),
        checks_rules=False,
        needs_comment=False,
        button="Record the granted licence",
    ),
    Action.REJECT: Transition(
        Action.REJECT,
        frozenset({Status.DRAFT, Status.ENDORSED, Status.APPROVED, Status.SUBMITTED}),
        Status.REJECTED,
        frozenset({Role.ADMIN}),
        checks_rules=False,
        needs_comment=True,
        button="Reject",
    ),
}

# Only the academy director may let an application through when the rules are not met.
OVERRIDE_ROLES = frozenset({Role.ADMIN})
CREATE_ROLES = frozenset({Role.COACH, Role.ADMIN})
FINAL = frozenset({Status.GRANTED, Status.REJECTED})
# The road an application travels, for drawing it (a rejection leaves it where it stopped).
STEPS = (Status.DRAFT, Status.ENDORSED, Status.APPROVED, Status.SUBMITTED, Status.GRANTED)


def _acts_for_driver(role: Role, coaches_driver: bool) -> bool:
    return role is Role.ADMIN or (role is Role.COACH and coaches_driver)


def may_create(role: Role, coaches_driver: bool) -> bool:
    return role in CREATE_ROLES and _acts_for_driver(role, coaches_driver)


def may_withdraw(status: ApplicationStatus, created_by_id: int, user_id: int) -> bool:
    """Whoever started an application takes it back while it is still a draft; once endorsed
    it travels on (or the director rejects it)."""
    return status is Status.DRAFT and created_by_id == user_id


def downgrade_refusal(target: LicenceGrade, held: LicenceGrade | None) -> str:
    """Why an application for `target` makes no sense for a driver holding `held` ("" when
    it does): an application is for a grade above the one held."""
    if held is None or target >= held:
        return ""
    return (
        f"The driver already holds an {label(held)} licence; an application for "
        f"{label(target)} would be a downgrade. Choose {label(held)} or a higher grade."
    )


def may_override(role: Role) -> bool:
    return role in OVERRIDE_ROLES


def refusal(action: Action, status: ApplicationStatus, role: Role, coaches_driver: bool) -> str:
    """Why this person may not take this action on an application in this status ("" when
    they may, the rules of the grade aside)."""
    transition = TRANSITIONS[action]
    if status in FINAL:
        return f"The application is already {status.value}; it cannot change any more."
    if status not in transition.sources:
        allowed = " or ".join(sorted(source.value for source in transition.sources))
        return (
            f"An application cannot be {_past(action)} while it is {status.value} "
            f"(only when {allowed})."
        )
    if role not in transition.roles:
        who = " or ".join(_role_words(member) for member in sorted(transition.roles, key=_order))
        return f"Only {who} may {action.value} an application."
    if not _acts_for_driver(role, coaches_driver):
        return f"Only the driver's own coach or the director may {action.value} this application."
    return ""


def allowed_actions(status: ApplicationStatus, role: Role, coaches_driver: bool) -> list[Action]:
    return [action for action in Action if not refusal(action, status, role, coaches_driver)]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    overridden: bool = False
    reason: str = ""  # why not, when not allowed


def decide(
    action: Action,
    status: ApplicationStatus,
    role: Role,
    coaches_driver: bool,
    *,
    rules_met: bool,
    override_reason: str = "",
    comment: str = "",
) -> Decision:
    """May this action be taken now? `rules_met` says whether the pathway rules for the
    target grade are met today (ignored by actions that do not check them)."""
    why_not = refusal(action, status, role, coaches_driver)
    if why_not:
        return Decision(False, reason=why_not)
    transition = TRANSITIONS[action]
    if transition.needs_comment and not comment.strip():
        return Decision(False, reason=f"Say why: a comment is required to {action.value}.")
    if not transition.checks_rules or rules_met:
        return Decision(True)
    if not may_override(role):
        return Decision(
            False,
            reason=(
                f"The rules for this licence grade are not met, so the application cannot be "
                f"{_past(action)}. Only the director may override, naming the reason."
            ),
        )
    if not override_reason.strip():
        return Decision(
            False,
            reason=(
                "The rules for this licence grade are not met. To go ahead anyway, give the "
                "reason for the override; it is kept in the audit log."
            ),
        )
    return Decision(True, overridden=True)


_PAST = {
    Action.ENDORSE: "endorsed",
    Action.APPROVE: "approved",
    Action.SUBMIT: "submitted",
    Action.GRANT: "granted",
    Action.REJECT: "rejected",
}


def _past(action: Action) -> str:
    return _PAST[action]


def _role_words(role: Role) -> str:
    return {Role.ADMIN: "the director", Role.COACH: "the driver's coach"}.get(role, role.value)


def _order(role: Role) -> int:
    return list(Role).index(role)
