"""The navigation bar, per role. An area adds its entry here; entries whose endpoint is not
registered are left out. The director's tools used now and then (`more=True`) sit in a "More"
menu, so the director's bar stays on one line at 1280 px."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request, url_for

from academy.enums import Role

ALL_ROLES = frozenset(Role)


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    roles: frozenset[Role]
    more: bool = False


NAV_ITEMS: list[NavItem] = [
    NavItem("Dashboard", "main.dashboard", ALL_ROLES),
    NavItem("Drivers", "drivers.index", frozenset({Role.COACH, Role.ADMIN})),
    NavItem("My profile", "drivers.my_profile", frozenset({Role.DRIVER})),
    # Staff reach the seasons and the calendar from Events (their menu is full).
    NavItem("Seasons", "championship.seasons", frozenset({Role.DRIVER, Role.PRINCIPAL})),
    NavItem("Events", "results.events", frozenset({Role.COACH, Role.ADMIN})),
    NavItem("Calendar", "calendar.index", frozenset({Role.DRIVER, Role.PRINCIPAL})),
    NavItem("Import results", "results.upload", frozenset({Role.COACH, Role.ADMIN})),
    NavItem("My coaching", "coaching.my_coaching", frozenset({Role.DRIVER})),
    NavItem("Log session", "coaching.log_session", frozenset({Role.COACH, Role.ADMIN})),
    NavItem("Cohort grades", "coaching.cohort", frozenset({Role.COACH, Role.ADMIN})),
    NavItem("Rubric", "coaching.rubric", frozenset({Role.ADMIN}), more=True),
    NavItem("My progress", "progress.my_progress", frozenset({Role.DRIVER})),
    NavItem("Pathway board", "progress.board", frozenset({Role.COACH, Role.ADMIN})),
    NavItem("Licences", "licensing.applications", frozenset({Role.COACH, Role.ADMIN})),
    NavItem("Endorsements", "endorsements.mine", frozenset({Role.COACH})),
    NavItem("Scouting", "scouting.portal", frozenset({Role.PRINCIPAL, Role.ADMIN})),
    NavItem("Fits my crew", "scouting.crew_finder", frozenset({Role.PRINCIPAL})),
    NavItem("Users", "admin.users", frozenset({Role.ADMIN}), more=True),
    NavItem("Rule sets", "rules_admin.index", frozenset({Role.ADMIN}), more=True),
    NavItem("Audit log", "admin.audit_log", frozenset({Role.ADMIN}), more=True),
    NavItem("Jobs", "jobs.index", frozenset({Role.ADMIN}), more=True),
]


def shown_items(items: list[NavItem], user: Any, app: Any) -> list[NavItem]:
    """The items the user's role may see whose endpoints the app registered (none signed out)."""
    if not user.is_authenticated:
        return []
    return [
        item for item in items if user.role in item.roles and item.endpoint in app.view_functions
    ]


@dataclass(frozen=True)
class NavLink:
    label: str
    endpoint: str
    href: str
    more: bool = False  # in the "More" menu


def nav_for(user: Any, app: Any) -> tuple[NavLink, ...]:
    """The role's entries with their addresses (the bar and the "More" menu together), worked
    out once per role and mount point: every page's layout shows them, and building a dozen
    URLs cost a tenth of a small page."""
    if not user.is_authenticated:
        return ()
    links: dict[tuple[Role, str], tuple[NavLink, ...]] = app.extensions.setdefault(
        "academy_nav", {}
    )
    key = (user.role, request.script_root)
    if key not in links:
        links[key] = tuple(
            NavLink(item.label, item.endpoint, url_for(item.endpoint), item.more)
            for item in shown_items(NAV_ITEMS, user, app)
        )
    return links[key]
