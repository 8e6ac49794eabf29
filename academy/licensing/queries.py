"""What the licensing pages load, each a fixed number of statements."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from academy.enums import ApplicationStatus
from academy.extensions import db
from academy.models import ApplicationTransition, Driver, Licence, LicenceApplication


def _with_history():
    return (
        selectinload(LicenceApplication.transitions).selectinload(ApplicationTransition.actor),
        selectinload(LicenceApplication.created_by),
        selectinload(LicenceApplication.granted_licence),
    )


def driver_applications(driver_id: int) -> list[LicenceApplication]:
    return list(
        db.session.execute(
            select(LicenceApplication)
            .where(LicenceApplication.driver_id == driver_id)
            .options(*_with_history())
            .order_by(LicenceApplication.created_at.desc(), LicenceApplication.id.desc())
        ).scalars()
    )


def application_of_driver(driver_id: int, application_id: int) -> LicenceApplication | None:
    """The application, only if it belongs to this driver (an id from another driver's page
    is no way in)."""
    return db.session.execute(
        select(LicenceApplication)
        .where(
            LicenceApplication.id == application_id,
            LicenceApplication.driver_id == driver_id,
        )
        .options(*_with_history())
    ).scalar_one_or_none()


def driver_licences(driver_id: int) -> list[Licence]:
    return list(
        db.session.execute(
            select(Licence)
            .where(Licence.driver_id == driver_id)
            .order_by(Licence.expires_on.desc(), Licence.id.desc())
        ).scalars()
    )


def all_applications(
    coach_id: int | None,
    statuses: Collection[ApplicationStatus] | None = None,
    driver_id: int | None = None,
    with_creator: bool = True,
) -> list[LicenceApplication]:
    """Every application (the director), or those of one coach's drivers; only those in
    `statuses` and of one driver when given, without who created them if not needed (the
    inboxes)."""
    loads = [selectinload(LicenceApplication.driver)]
    if with_creator:
        loads.append(selectinload(LicenceApplication.created_by))
    query = (
        select(LicenceApplication)
        .join(Driver, LicenceApplication.driver_id == Driver.id)
        .options(*loads)
        .order_by(LicenceApplication.updated_at.desc(), LicenceApplication.id.desc())
    )
    if coach_id is not None:
        query = query.where(Driver.coach_id == coach_id)
    if statuses is not None:
        query = query.where(LicenceApplication.status.in_(list(statuses)))
    if driver_id is not None:
        query = query.where(LicenceApplication.driver_id == driver_id)
    return list(db.session.execute(query).scalars())
