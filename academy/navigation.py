"""The navigation bar, per role. An area adds its entry here; entries whose endpoint is not
registered are left out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from academy.enums import Role

ALL_ROLES = frozenset(Role)


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    roles: frozenset[Role]


NAV_ITEMS: list[NavItem] = [
    NavItem("Dashboard", "main.dashboard", ALL_ROLES),
    NavItem("Users", "admin.users", frozenset({Role.ADMIN})),
    NavItem("Audit log", "admin.audit_log", frozenset({Role.ADMIN})),
]


def nav_for(user: Any, app: Any) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [
        item
        for item in NAV_ITEMS
        if user.role in item.roles and item.endpoint in app.view_functions
    ]
