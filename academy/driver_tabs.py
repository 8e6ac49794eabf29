"""The tabs of a driver's pages. Each area adds its tab here; a tab whose endpoint is not
registered, or that the viewer may not see, is left out. Every endpoint takes `driver_id`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from academy.enums import Role

STAFF_AND_DRIVER = frozenset({Role.ADMIN, Role.COACH, Role.DRIVER})


@dataclass(frozen=True)
class DriverTab:
    label: str
    endpoint: str
    roles: frozenset[Role]


DRIVER_TABS: list[DriverTab] = [
    DriverTab("Profile", "drivers.profile", STAFF_AND_DRIVER),
    DriverTab("Race history", "drivers.history", STAFF_AND_DRIVER),
    DriverTab("Coaching", "coaching.driver_sessions", STAFF_AND_DRIVER),
    DriverTab("Progress", "progress.progress", STAFF_AND_DRIVER),
    DriverTab("Licence", "licensing.driver_applications", STAFF_AND_DRIVER),
    DriverTab("Dossiers", "dossiers.driver_dossiers", STAFF_AND_DRIVER),
]


def tabs_for(user: Any, app: Any) -> list[DriverTab]:
    if not user.is_authenticated:
        return []
    return [
        tab for tab in DRIVER_TABS if user.role in tab.roles and tab.endpoint in app.view_functions
    ]
