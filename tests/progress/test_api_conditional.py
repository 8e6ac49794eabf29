"""Conditional requests on the pathway API: a client that holds the answer gets 304 and no
body, and any change to what the answer is made of gives a new ETag."""

from __future__ import annotations

from tests.builders import login
from tests.progress.conftest import AS_OF, make_lmp3_ready

API = "/api/v1/drivers/{}/pathway"


def _get(client, driver_id: int, etag: str | None = None, as_of: str = AS_OF.isoformat()):
    headers = {"If-None-Match": f'"{etag}"'} if etag else {}
    return client.get(API.format(driver_id), query_string={"as_of": as_of}, headers=headers)


def test_a_second_request_with_the_etag_gets_304_and_no_body(client, academy):
    make_lmp3_ready(academy.driver, academy.coach)
    login(client, academy.coach)
    first = _get(client, academy.driver.id)
    etag = first.get_etag()[0]
    assert first.status_code == 200 and first.get_json()["current_stage"] == "alms-lmp3"

    second = _get(client, academy.driver.id, etag)
    assert second.status_code == 304
    assert second.get_data() == b""
    assert second.get_etag()[0] == etag


def test_the_304_loads_no_facts(client, academy, count_queries):
    make_lmp3_ready(academy.driver, academy.coach)
    login(client, academy.coach)
    with count_queries() as full:
        etag = _get(client, academy.driver.id).get_etag()[0]
    with count_queries() as conditional:
        assert _get(client, academy.driver.id, etag).status_code == 304
    assert len(conditional) < len(full)
    assert not any("FROM results" in statement for statement in conditional)


def test_a_change_to_the_driver_gives_a_new_etag(client, academy):
    login(client, academy.coach)
    before = _get(client, academy.driver.id)
    make_lmp3_ready(academy.driver, academy.coach)  # races, sessions, a licence: new facts
    stale = _get(client, academy.driver.id, before.get_etag()[0])
    assert stale.status_code == 200
    assert stale.get_etag()[0] != before.get_etag()[0]
    assert stale.get_json()["current_stage"] == "alms-lmp3"
    assert before.get_json()["current_stage"] != "alms-lmp3"


def test_another_day_or_another_view_is_another_etag(client, academy):
    make_lmp3_ready(academy.driver, academy.coach)
    login(client, academy.coach)
    full = _get(client, academy.driver.id)
    other_day = _get(client, academy.driver.id, full.get_etag()[0], as_of="2026-01-15")
    assert other_day.status_code == 200
    assert other_day.get_etag()[0] != full.get_etag()[0]

    # A principal holding the full answer's ETag is sent the scouting view, never a 304.
    login(client, academy.principal)
    scouting = _get(client, academy.driver.id, full.get_etag()[0])
    assert scouting.status_code == 200
    assert "stages" in scouting.get_json()
    assert scouting.get_etag()[0] != full.get_etag()[0]
