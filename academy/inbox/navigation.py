"""The inbox count beside "Dashboard" in the navigation.

Working the inbox out costs a few statements, so it is done where the inbox is shown (the
dashboard) and its count kept in the signed session cookie for the other pages: no page but
the dashboard pays for it, and the count is as fresh as the user's last look at the inbox."""

from __future__ import annotations

from typing import Any

from flask import session

SESSION_KEY = "inbox_count"


def remember_inbox_count(inbox: Any) -> None:
    count = inbox.count if inbox is not None else 0
    if session.get(SESSION_KEY) != count:
        session[SESSION_KEY] = count


def inbox_count() -> int | None:
    return session.get(SESSION_KEY)
