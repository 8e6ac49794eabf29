"""The pathway API, role by role: the director, the coach and the driver get the verdicts in
full; a principal gets exactly what the scouting view shows (security review, December 2026,
finding 12: medical dates, licence validity, ids and scores of every result and grade leaked)."""

from __future__ import annotations

import json
import re

import pytest

from tests.builders import login
from tests.progress.conftest import AS_OF, make_lmp3_ready

FULL_STAGE_KEYS = {
    "key",
    "name",
    "description",
    "status",
    "reached",
    "requirements",
    "held",
    "not_held",
    "reached_by",
    "reached_on",
}
SCOUTING_KEYS = {"driver_id", "rule_set", "as_of", "current_stage", "next_stage", "stages"}
SCOUTING_STAGE_KEYS = {"key", "name", "reached", "requirements_met", "requirements"}


def _pathway(client, driver_id: int, as_of: str | None = AS_OF.isoformat()) -> dict:
    query = {"as_of": as_of} if as_of else {}
    response = client.get(f"/api/v1/drivers/{driver_id}/pathway", query_string=query)
    assert response.status_code == 200
    return response.get_json()


@pytest.mark.parametrize("viewer", ["admin", "coach", "driver_user"])
def test_the_people_of_the_driver_s_file_get_the_verdicts_in_full(client, academy, viewer):
    make_lmp3_ready(academy.driver, academy.coach)
    login(client, getattr(academy, viewer))
    body = _pathway(client, academy.driver.id)
    assert set(body["stages"][0]) == FULL_STAGE_KEYS
    evidence = [item for req in body["stages"][0]["requirements"] for item in req["evidence"]]
    assert any(item["id"] is not None for item in evidence)


def test_a_principal_gets_the_scouting_view_and_nothing_more(client, academy):
    make_lmp3_ready(academy.driver, academy.coach)
    login(client, academy.principal)
    body = _pathway(client, academy.driver.id)
    assert set(body) == SCOUTING_KEYS
    for stage in body["stages"]:
        assert set(stage) == SCOUTING_STAGE_KEYS
    text = json.dumps(body)
    for leak in ("evidence", "missing", "notes", "medical", "licence", "2099-12-31", "score"):
        assert leak not in text, leak


def test_the_principal_s_api_answer_matches_the_scouting_page(client, academy):
    make_lmp3_ready(academy.driver, academy.coach)
    login(client, academy.principal)
    page = client.get(f"/scouting/drivers/{academy.driver.id}")
    body = _pathway(client, academy.driver.id, as_of=None)  # today, as the page
    html = page.get_data(as_text=True)
    shown = re.findall(r"(\d+)/(\d+) requirements met", html)
    given = [(str(s["requirements_met"]), str(s["requirements"])) for s in body["stages"]]
    assert shown == given


def test_a_principal_still_cannot_read_a_driver_closed_to_scouting(client, academy):
    login(client, academy.principal)
    response = client.get(f"/api/v1/drivers/{academy.other_driver.id}/pathway")
    assert response.status_code == 403
