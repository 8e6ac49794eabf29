"""Forgotten passwords: a link e-mailed to the account's address, expiring and single use.

Nothing is stored: the link carries a token signed with the app's SECRET_KEY (itsdangerous,
with its own salt) holding the user's id and a fingerprint of their current password hash. The
hash has a fresh random salt each time a password is set, so setting a password through the
link (or in any other way) changes the fingerprint and every link sent before stops working:
single use. The signature's timestamp makes it expire after PASSWORD_RESET_SECONDS.

Asking for a link answers the same whether or not the address has an account, and does the same
work in the request either way: the request only queues a job with the typed address; the job
looks the account up and, for an active one, sends the e-mail (so neither the answer nor its
time tells a stranger which addresses exist). The link itself is made in the job and exists
only in the e-mail sent, never in the database.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from academy import audit
from academy.extensions import db
from academy.models import User

SALT = "academy-password-reset"
# Which jobs send reset e-mails (academy.jobs.service.KINDS).
JOB_KIND = "password_reset_mail"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:20]


def make_token(user: User) -> str:
    return _serializer().dumps([user.id, _fingerprint(user)])


class ResetLinkInvalid(Exception):
    """The link cannot be used; the message says why, for the person who opened it."""


def user_for_token(token: str) -> User:
    """The account a reset link is for, while it holds: not expired, not used (the password
    not changed since it was made), the account active. ResetLinkInvalid otherwise."""
    try:
        user_id, fingerprint = _serializer().loads(
            token, max_age=current_app.config["PASSWORD_RESET_SECONDS"]
        )
    except SignatureExpired as error:
        raise ResetLinkInvalid(
            "This link has expired. Ask for a new one below: links last "
            f"{_lasts()} after they are sent."
        ) from error
    except (BadSignature, ValueError, TypeError) as error:
        raise ResetLinkInvalid("This link is not a valid password reset link.") from error
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or fingerprint != _fingerprint(user):
        raise ResetLinkInvalid(
            "This link has already been used, or a newer password was set since it was sent. "
            "Ask for a new one below if you still need it."
        )
    return user


def _lasts() -> str:
    seconds = int(current_app.config["PASSWORD_RESET_SECONDS"])
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = seconds // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def normalised_email(email: str) -> str:
    return email.strip().lower()


def queue_reset_mail(email: str, requested_by: User | None):
    """The job that sends a reset link to `email` if it is an active account's (the request's
    part: the same whatever the address). Flushes; the caller commits and dispatches."""
    from academy.jobs import service as jobs

    return jobs.create(JOB_KIND, requested_by, {"email": normalised_email(email)})


def set_new_password(user: User, password: str) -> None:
    """Set the password from a reset link: the link (and every other sent) stops working, every
    session ends, a temporary first password no longer needs changing. Flushes."""
    user.set_password(password)
    user.must_change_password = False
    audit.record("password_reset", user, actor_id=user.id)
    db.session.flush()


@dataclass(frozen=True)
class SentReset:
    sent: bool


def send_reset_mail(email: str) -> SentReset:
    """In the job: the link, made now, e-mailed to the account with this address when it is
    active; nothing for any other address."""
    from academy.inbox.mail import public_url, render_email, send_email

    user = db.session.execute(
        db.select(User).filter_by(email=normalised_email(email))
    ).scalar_one_or_none()
    if user is None or not user.active:
        return SentReset(False)
    context = {
        "user": user,
        "academy_name": current_app.config["ACADEMY_NAME"],
        "reset_url": public_url("auth.reset_password", token=make_token(user)),
        "forgot_url": public_url("auth.forgot_password"),
        "lasts": _lasts(),
    }
    text, html = render_email("password_reset", context)
    send_email(user, f"Set a new password for {context['academy_name']}", text, html)
    return SentReset(True)
