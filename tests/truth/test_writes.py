"""Writes in one shape: routes call service functions that flush, the request commits once; no
helper commits on its own and no GET commits (STYLE.md, "Writes in one shape")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from tests.builders import login
from tests.test_access import ROUTES, VIEWERS, other_driver_records

ACADEMY = Path(__file__).resolve().parents[2] / "academy"
COMMIT = re.compile(r"\.commit\(\)")
# Where a commit may be written: the request handlers and the command-line commands (each
# command is its own unit of work). The scouting archive streams its response and commits
# after each dossier it records, so every code handed out is on record even if the download
# is cut short; the demo builders are commands' data.
MAY_COMMIT = {"routes.py", "cli.py", "commands.py", "archive.py", "seed.py", "demo.py"}
# A job is a unit of work of its own, like a command: the runner commits its claim, its progress
# (read by a page on another connection) and, once, its work with its end; the mail sender
# commits each message's claim and outcome, so two senders never send one message twice.
MAY_COMMIT_PATHS = {"jobs/service.py", "inbox/mail.py"}


def test_only_routes_and_commands_commit():
    helpers = [
        f"{path.relative_to(ACADEMY)}:{number}"
        for path in sorted(ACADEMY.rglob("*.py"))
        if path.name not in MAY_COMMIT and str(path.relative_to(ACADEMY)) not in MAY_COMMIT_PATHS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if COMMIT.search(line)
    ]
    assert helpers == []


def _gets():
    for endpoint, accesses in ROUTES.items():
        for access in accesses:
            if access.method == "GET":
                yield pytest.param(access, id=f"{endpoint}:{access.path}")


@pytest.fixture
def commits():
    counted: list[int] = []

    def count(_session) -> None:
        counted.append(1)

    event.listen(Session, "after_commit", count)
    yield counted
    event.remove(Session, "after_commit", count)


@pytest.mark.parametrize("access", list(_gets()))
def test_no_get_commits(client, academy, commits, access):
    users = {
        "admin": academy.admin,
        "coach": academy.coach,
        "driver": academy.driver_user,
        "principal": academy.principal,
    }
    for viewer in VIEWERS:
        if viewer != "anonymous":
            login(client, users[viewer])
        path = access.path.format(
            driver=academy.driver.id,
            other_driver=academy.other_driver.id,
            coach_user=academy.coach.id,
            **other_driver_records(academy, access.path),
        )
        commits.clear()
        client.get(path)
        assert commits == [], f"{viewer} GET {path} committed"
