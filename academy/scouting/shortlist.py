"""A scout's shortlist, kept between visits in the database (one row per scout and driver).

Consent is asked on every read: a driver who withdraws it stays on no one's visible list, and
comes back if they give it again. Writes flush; the request commits.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from academy.extensions import db, rows_changed
from academy.models import Driver, ShortlistEntry, User

MAX_SHORTLIST = 100


class ShortlistFull(ValueError):
    pass


def shortlisted_ids(user: User) -> list[int]:
    """The consenting drivers on the user's list, in the order they were added (one
    statement)."""
    return list(
        db.session.execute(
            select(ShortlistEntry.driver_id)
            .join(Driver, Driver.id == ShortlistEntry.driver_id)
            .where(ShortlistEntry.user_id == user.id, Driver.consent_scouting.is_(True))
            .order_by(ShortlistEntry.added_at, ShortlistEntry.id)
        ).scalars()
    )


def on_shortlist(user: User, driver_id: int) -> bool:
    return (
        db.session.execute(
            select(ShortlistEntry.id).where(
                ShortlistEntry.user_id == user.id, ShortlistEntry.driver_id == driver_id
            )
        ).first()
        is not None
    )


def add(user: User, driver: Driver) -> bool:
    """Put a (consenting: the caller checked) driver on the list; False if already on it."""
    if on_shortlist(user, driver.id):
        return False
    count = len(
        db.session.execute(select(ShortlistEntry.id).where(ShortlistEntry.user_id == user.id)).all()
    )
    if count >= MAX_SHORTLIST:
        raise ShortlistFull(
            f"Your shortlist holds at most {MAX_SHORTLIST} drivers; remove one to add another."
        )
    db.session.add(ShortlistEntry(user_id=user.id, driver_id=driver.id))
    db.session.flush()
    return True


def remove(user: User, driver_id: int) -> bool:
    """Take a driver off the list; False if they were not on it."""
    removed = rows_changed(
        delete(ShortlistEntry).where(
            ShortlistEntry.user_id == user.id, ShortlistEntry.driver_id == driver_id
        )
    )
    db.session.flush()
    return bool(removed)
