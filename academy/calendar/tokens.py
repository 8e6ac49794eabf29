"""The secret of a user's calendar feed: a random token in the feed's URL, of which only the
SHA-256 is stored (a stolen database gives no working URL). One per user: a new token replaces
the old one's hash, so the old URL stops working at once; revoking deletes it. Writes flush;
the request commits."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import delete, select

from academy import audit
from academy.extensions import db, rows_changed
from academy.models import CalendarFeed, User
from academy.models._types import utcnow

TOKEN_BYTES = 32


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.execute(
        select(CalendarFeed).where(CalendarFeed.user_id == user.id)
    ).scalar_one_or_none()


def new_token(user: User) -> str:
    """A fresh token for the user (the old one, if any, stops working); shown once."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    feed = feed_of(user)
    replaced = feed is not None
    if feed is None:
        feed = CalendarFeed(user_id=user.id, token_sha256=_digest(token))
        db.session.add(feed)
    else:
        feed.token_sha256 = _digest(token)
        feed.created_at = utcnow()
    db.session.flush()
    audit.record(
        "calendar_feed_renewed" if replaced else "calendar_feed_created",
        entity_type="users",
        entity_id=user.id,
    )
    return token


def revoke(user: User) -> bool:
    removed = rows_changed(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
    db.session.flush()
    if removed:
        audit.record("calendar_feed_revoked", entity_type="users", entity_id=user.id)
    return bool(removed)


def user_for_token(token: str) -> User | None:
    """The active user whose feed this token opens, or None (one statement)."""
    if not token or len(token) > 200:
        return None
    return db.session.execute(
        select(User)
        .join(CalendarFeed, CalendarFeed.user_id == User.id)
        .where(CalendarFeed.token_sha256 == _digest(token), User.active.is_(True))
    ).scalar_one_or_none()
