"""The director's account tools: change a role, send a password reset link. Each flushes; the
request commits."""

from __future__ import annotations

from sqlalchemy import func, select

from academy import audit
from academy.enums import Role, label
from academy.extensions import db
from academy.models import Driver, Job, User

USER_FIELDS = ["email", "display_name", "role", "active", "must_change_password"]


class RoleRefused(Exception):
    """The role cannot change; the message says why, for the director."""


def change_role(user: User, role: Role) -> None:
    """Give the account another role, audited. Refused (RoleRefused) for the last active
    director, a coach who still coaches drivers and an account linked to a driver profile:
    each would leave records pointing at the wrong kind of account."""
    if role is user.role:
        raise RoleRefused(f"{user.display_name} is already {label(role).lower()}.")
    if user.role is Role.ADMIN:
        directors = db.session.execute(
            select(func.count(User.id)).where(
                User.role == Role.ADMIN, User.active.is_(True), User.id != user.id
            )
        ).scalar_one()
        if not directors:
            raise RoleRefused(
                f"{user.display_name} is the last active director: make another account "
                "director first, so that someone can still manage the academy."
            )
    if user.role is Role.COACH:
        coached = db.session.execute(
            select(func.count(Driver.id)).where(Driver.coach_id == user.id)
        ).scalar_one()
        if coached:
            raise RoleRefused(
                f"{user.display_name} coaches {coached} driver{'s' if coached != 1 else ''}: "
                "give them another coach first."
            )
    if user.role is Role.DRIVER:
        profile = db.session.execute(
            select(Driver.legal_name).where(Driver.user_id == user.id)
        ).scalar_one_or_none()
        if profile is not None:
            raise RoleRefused(
                f"This account is linked to the driver profile of {profile}: a driver's own "
                "account stays a driver."
            )
    before = audit.snapshot(user, USER_FIELDS)
    user.role = role
    audit.record("user_role_changed", user, before=before, after=audit.snapshot(user, USER_FIELDS))
    db.session.flush()


def send_reset_link(user: User, director: User) -> Job:
    """A password reset link e-mailed to the account (the director never sees or sets a
    password); audited. The job is dispatched after the request commits."""
    from academy.auth.reset import queue_reset_mail

    job = queue_reset_mail(user.email, director)
    audit.record("password_reset_sent", user, after={"email": user.email})
    db.session.flush()
    return job
