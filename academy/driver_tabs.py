"""The tabs of a driver's pages. Each area adds its tab here; a tab whose endpoint is not
registered, or that the viewer may not see, is left out (as in the navigation bar). Every
endpoint takes `driver_id`."""

from __future__ import annotations

from typing import Any

from academy.enums import Role
from academy.navigation import NavItem, shown_items

STAFF_AND_DRIVER = frozenset({Role.ADMIN, Role.COACH, Role.DRIVER})

DRIVER_TABS: list[NavItem] = [
    NavItem("Profile", "drivers.profile", STAFF_AND_DRIVER),
    NavItem("Race history", "drivers.history", STAFF_AND_DRIVER),
    NavItem("Coaching", "coaching.driver_sessions", STAFF_AND_DRIVER),
    NavItem("Progress", "progress.progress", STAFF_AND_DRIVER),
    NavItem("Licence", "licensing.driver_applications", STAFF_AND_DRIVER),
    NavItem("Dossiers", "dossiers.driver_dossiers", STAFF_AND_DRIVER),
]


def tabs_for(user: Any, app: Any) -> list[NavItem]:
    return shown_items(DRIVER_TABS, user, app)
