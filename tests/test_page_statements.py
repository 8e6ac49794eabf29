"""The main pages read what they show in a fixed number of statements: the same for a small
academy as for one with many more drivers, documents due and a long history (STYLE.md, "Load
facts once, then compute"). The cohort board, the race history, the coaching tab, the audit
log and the dossiers have their own such tests beside them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from academy.page_cache import cache as page_cache
from tests.builders import academy_day, login, make_driver
from tests.progress.conftest import make_lmp3_ready

# (who, path); {driver} is the academy's first driver, coached by `coach`, open to scouting.
PAGES = [
    ("admin", "/dashboard"),
    ("coach", "/dashboard"),
    ("principal", "/dashboard"),
    ("driver_user", "/dashboard"),
    ("admin", "/drivers/{driver}"),
    ("driver_user", "/drivers/{driver}"),
    ("coach", "/drivers/{driver}/progress"),
    ("driver_user", "/drivers/{driver}/progress"),
    ("coach", "/api/v1/drivers/{driver}/pathway"),
    ("principal", "/scouting"),
    ("principal", "/scouting/drivers/{driver}"),
]


def _statements(client, count_queries, path: str) -> int:
    """The statements of a view whose content is not stored (academy/page_cache.py)."""
    client.get(path)  # templates compiled, the inbox count kept in the session
    page_cache.clear()
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements)


# A page whose content is stored reads only its key when it is: at most this many statements
# (the user, the driver's row, the rule set, a version or the driver's applications).
STORED_PAGES = [
    ("driver_user", "/dashboard"),
    ("admin", "/drivers/{driver}"),
    ("driver_user", "/drivers/{driver}"),
    ("coach", "/drivers/{driver}/progress"),
    ("driver_user", "/drivers/{driver}/progress"),
    ("admin", "/pathway/board"),  # the user, the cohorts (its filter), the rule set, the rows
    ("coach", "/pathway/board"),
]


@pytest.mark.parametrize(("who", "path"), STORED_PAGES, ids=[f"{w} {p}" for w, p in STORED_PAGES])
def test_a_stored_page_reads_only_its_key(client, academy, count_queries, who, path):
    path = path.format(driver=academy.driver.id)
    login(client, getattr(academy, who))
    _grow(academy, drivers=2, starts=3)
    client.get(path)
    with count_queries() as statements:
        response = client.get(path)
    assert response.headers["X-Page-Cache"] == "hit"
    assert len(statements) <= 4, statements


def _grow(academy, drivers: int, starts: int) -> None:
    """More drivers for the coach, open to scouting, each with a licence running out soon;
    more races, sessions and grades in the first driver's history."""
    today = academy_day()
    for number in range(drivers):
        make_driver(
            coach=academy.coach,
            consent_scouting=True,
            licence_expires=today + timedelta(days=10 + number),
        )
    make_lmp3_ready(academy.driver, academy.coach, starts=starts)


@pytest.mark.parametrize(("who", "path"), PAGES, ids=[f"{who} {path}" for who, path in PAGES])
def test_the_page_runs_the_same_statements_for_a_small_and_a_large_academy(
    client, academy, count_queries, who, path
):
    path = path.format(driver=academy.driver.id)
    login(client, getattr(academy, who))
    _grow(academy, drivers=2, starts=1)  # something of each kind, so every list is shown
    small = _statements(client, count_queries, path)
    _grow(academy, drivers=20, starts=12)
    large = _statements(client, count_queries, path)
    assert large == small
