"""Who may use what. Every view declares its policy with one of the decorators below;
create_app() refuses to start if any view has none, so access is denied by default.

Object-level predicates (`can_view_driver`, ...) answer True/False and are safe to use in
templates; views call `require(...)`, which aborts with 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort, request
from flask_login import current_user

from academy.enums import Role

F = TypeVar("F", bound=Callable[..., Any])

PUBLIC = "public"
AUTHENTICATED = "authenticated"


def _mark(view: F, policy: str | frozenset[Role]) -> F:
    view.access_policy = policy  # type: ignore[attr-defined]
    return view


def public(view: F) -> F:
    """Anyone, signed in or not (login page, health checks, dossier verification)."""
    return _mark(view, PUBLIC)


def authenticated(view: F) -> F:
    """Any signed-in user, whatever the role."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            from academy.extensions import login_manager

            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return _mark(cast(F, wrapper), AUTHENTICATED)


def roles(*allowed: Role) -> Callable[[F], F]:
    """Signed-in users with one of these roles; others get 403."""
    allowed_set = frozenset(allowed)

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                from academy.extensions import login_manager

                return login_manager.unauthorized()
            if current_user.role not in allowed_set:
                abort(403)
            return view(*args, **kwargs)

        return _mark(wrapper, allowed_set)  # type: ignore[return-value]

    return decorator


def policy_of(view: Callable[..., Any]) -> str | frozenset[Role] | None:
    return getattr(view, "access_policy", None)


def require(allowed: bool) -> None:
    if not allowed:
        abort(403)


# Object-level predicates -------------------------------------------------------------


def is_admin(user: Any) -> bool:
    return user.is_authenticated and user.role is Role.ADMIN


def is_driver_themself(user: Any, driver: Any) -> bool:
    return (
        user.is_authenticated
        and user.role is Role.DRIVER
        and driver.user_id is not None
        and driver.user_id == user.id
    )


def is_coach_of(user: Any, driver: Any) -> bool:
    return user.is_authenticated and user.role is Role.COACH and driver.coach_id == user.id


def can_view_driver(user: Any, driver: Any) -> bool:
    """The director, the driver's coach, or the driver themself."""
    return is_admin(user) or is_coach_of(user, driver) or is_driver_themself(user, driver)


def can_manage_driver(user: Any, driver: Any) -> bool:
    """Edit profile, licences, results; grade; endorse: the director or the driver's coach."""
    return is_admin(user) or is_coach_of(user, driver)


def can_delete_session(user: Any, session: Any) -> bool:
    """A wrongly logged session is taken back by the coach who logged it (while they coach the
    driver) or by the director."""
    return is_admin(user) or (is_coach_of(user, session.driver) and session.coach_id == user.id)


def can_manage_plan(user: Any, plan: Any) -> bool:
    """A planned session is recorded or cancelled by the coach who planned it, or the director."""
    return is_admin(user) or (
        user.is_authenticated and user.role is Role.COACH and plan.coach_id == user.id
    )


def can_scout_driver(user: Any, driver: Any) -> bool:
    """Principals see the scouting view of drivers who consented, and nothing else."""
    return user.is_authenticated and user.role is Role.PRINCIPAL and bool(driver.consent_scouting)


def may_know_academy_driver(user: Any, driver: Any) -> bool:
    """Whether a page may tell this viewer that `driver` (anything with `consent_scouting`) is
    an academy driver: staff and drivers, yes; a principal only of a driver open to scouting,
    since a name in public results marked "academy" is what the driver did not consent to."""
    if not user.is_authenticated:
        return False
    return user.role is not Role.PRINCIPAL or bool(driver.consent_scouting)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"
