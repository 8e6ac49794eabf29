"""Signed-in pages and exports are never cached (security review, December 2026, finding 14):
a shared proxy or the browser of the next person at the office computer would serve them."""

from __future__ import annotations

import pytest

from tests.builders import login


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard",
        "/admin/users",
        "/admin/audit",
        "/drivers/{driver}",
        "/drivers/{driver}/progress",
        "/exports/drivers/{driver}/results.csv",
        "/api/v1/drivers/{driver}/pathway",
        "/no-such-page",
    ],
)
def test_signed_in_answers_say_no_store(client, academy, path):
    login(client, academy.admin)
    response = client.get(path.format(driver=academy.driver.id))
    assert response.status_code in (200, 404, 503)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_post_answer_says_no_store_too(client, academy):
    login(client, academy.admin)
    response = client.post(f"/drivers/{academy.driver.id}/dossiers/sponsor.pdf")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_and_anonymous_pages_may_be_cached(client, app):
    assert "no-store" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
