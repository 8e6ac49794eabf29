"""The coach's and the principal's dashboards list the first drivers and documents, count all,
and link to the full list (the drivers page, the scouting portal) or page the documents: the
statements they cost and the rows they show do not grow with the academy."""

from __future__ import annotations

import re
from datetime import timedelta

from academy.clock import academy_today
from academy.extensions import db
from academy.main.routes import DASHBOARD_DRIVERS, DASHBOARD_FLAGS
from tests.builders import login, make_driver
from tests.results.test_import_web_flow import text


def _coached(academy, count: int, prefix: str = "Coached") -> None:
    today = academy_today()
    for number in range(count):
        make_driver(
            legal_name=f"{prefix} {number:03d}",
            coach=academy.coach,
            medical_expires=today + timedelta(days=5 + number % 40),
            consent_scouting=True,
        )
    db.session.commit()


def _rows(html: str, table_class: str) -> int:
    table = html.split(table_class, 1)[1].split("</table>", 1)[0]
    return table.count("<tr>") - 1  # minus the header row


def _statements(client, count_queries) -> int:
    client.get("/dashboard")  # warm: rules, session user
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get("/dashboard").status_code == 200
    return len(statements)


def test_the_coach_dashboard_costs_the_same_statements_for_3_or_60_drivers(
    client, academy, count_queries
):
    login(client, academy.coach)
    _coached(academy, 2)
    small = _statements(client, count_queries)
    _coached(academy, 58, prefix="More")
    large = _statements(client, count_queries)
    assert small == large


def test_the_principal_dashboard_costs_the_same_statements_for_3_or_60_drivers(
    client, academy, count_queries
):
    login(client, academy.principal)
    _coached(academy, 2)
    small = _statements(client, count_queries)
    _coached(academy, 58, prefix="More")
    large = _statements(client, count_queries)
    assert small == large


def test_a_coach_of_many_sees_the_first_drivers_and_a_link_to_all(client, academy):
    _coached(academy, 30)
    login(client, academy.coach)
    response = client.get("/dashboard")
    html = response.get_data(as_text=True)
    assert _rows(html, "my-drivers") == DASHBOARD_DRIVERS
    page = text(response)
    assert "My drivers (31)" in page  # Ren Sato too
    assert "All 31 of your drivers" in page
    assert 'href="/drivers/"' in html
    assert "Coached 000" in page and "Coached 029" not in page.split("Licences and medicals")[0]


def test_the_coach_pages_through_the_documents_soonest_first(client, academy):
    _coached(academy, 25)
    login(client, academy.coach)
    first = client.get("/dashboard").get_data(as_text=True)
    documents = first.split('id="documents"', 1)[1].split("Recent sessions", 1)[0]
    assert documents.count('class="alert ') == DASHBOARD_FLAGS
    assert "1–10 of 25, the soonest first" in text(client.get("/dashboard"))
    assert 'href="/dashboard?documents=2#documents"' in first
    last = client.get("/dashboard?documents=3")
    last_documents = last.get_data(as_text=True).split('id="documents"', 1)[1]
    assert last_documents.split("Recent sessions", 1)[0].count('class="alert ') == 5
    assert "21–25 of 25" in text(last)
    # The inbox still counts every document due, wherever the page is.
    assert re.search(r"25 document|Licences and medicals \(25\)", text(last))


def test_a_principal_sees_the_first_drivers_open_to_scouting_and_a_link_to_the_portal(
    client, academy
):
    _coached(academy, 30)
    login(client, academy.principal)
    response = client.get("/dashboard")
    html = response.get_data(as_text=True)
    section = html.split("New since your last look", 1)[-1]
    assert section.count("/scouting/drivers/") >= DASHBOARD_DRIVERS
    assert "All 31 drivers open to scouting" in text(response)
    table = html.split('<table class="table', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") - 1 == DASHBOARD_DRIVERS
