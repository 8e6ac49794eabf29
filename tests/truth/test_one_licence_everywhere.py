"""Every page, PDF, CSV and API answer that shows a driver's licence gives the same answer: the
licence valid today (academy.validity.licence_on), "none valid" when all have run out.

Before: the dashboards and the Drivers list showed the licence expiring last (an International
B running to 2027 over a newly granted International A), and an expired licence as if held."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest

from academy.enums import LicenceGrade, Role
from academy.extensions import db
from academy.formatting import format_date
from academy.models import Dossier
from tests.builders import academy_day, login, make_driver, make_user
from tests.dossiers.conftest import flat, pdf_text

LICENCE_SPAN = re.compile(
    r'<span class="licence-now" data-licence="([a-z_]+)">(.*?)</span>', re.DOTALL
)
TABLE_ROW = re.compile(r"<tr\b.*?</tr>", re.DOTALL)


@pytest.fixture
def drivers(academy):
    """Thanakorn holds an International B running long; Arjun's only licence ran out."""
    today = academy_day()
    thanakorn = make_driver(
        legal_name="Thanakorn Srisuk",
        coach=academy.coach,
        user=make_user(Role.DRIVER, name="Thanakorn Srisuk"),
        licence=LicenceGrade.INTERNATIONAL_B,
        licence_expires=today + timedelta(days=700),
        consent_scouting=True,
    )
    arjun = make_driver(
        legal_name="Arjun Mehta",
        coach=academy.coach,
        user=make_user(Role.DRIVER, name="Arjun Mehta"),
        licence=LicenceGrade.INTERNATIONAL_B,
        licence_expires=today - timedelta(days=20),
        consent_scouting=True,
    )
    return thanakorn, arjun


def grant_international_a(client, academy, driver) -> None:
    """The director records the International A the ASN granted: it runs out before the B."""
    today = academy_day()
    login(client, academy.admin)
    response = client.post(
        f"/drivers/{driver.id}/licences/new",
        data={
            "grade": LicenceGrade.INTERNATIONAL_A.value,
            "asn": "RAAT",
            "number": "A-2026-001",
            "issued_on": (today - timedelta(days=1)).isoformat(),
            "expires_on": (today + timedelta(days=400)).isoformat(),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)


class Clients:
    """One signed-in test client per user: each signs in once (sign-ins are rate limited)."""

    def __init__(self, app):
        self.app = app
        self.by_user: dict[int, object] = {}

    def __call__(self, user):
        if user.id not in self.by_user:
            client = self.app.test_client()
            login(client, user)
            self.by_user[user.id] = client
        return self.by_user[user.id]


@pytest.fixture
def signed_in(app):
    return Clients(app)


def words_to_answer(text: str) -> str:
    """The grade a piece of page text names ("none" for "none valid"); exactly one of them."""
    text = re.sub(r"<[^>]+>", " ", text)
    named = [grade.value for grade in LicenceGrade if grade.label in text]
    if "none valid" in text:
        named.append("none")
    assert len(named) == 1, (named, " ".join(text.split())[:300])
    return named[0]


def shown_on_page(clients, user, url: str, name: str | None = None) -> str:
    """The licence a page shows, read from its words: in the table row naming `name` on a
    list, else in the page's "licence now" (its grade also marked data-licence)."""
    client = clients(user)
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    if name is not None:
        rows = [row for row in TABLE_ROW.findall(html) if name in row]
        assert len(rows) == 1, (url, name)
        return words_to_answer(rows[0])
    spans = LICENCE_SPAN.findall(html)
    assert len(spans) == 1, (url, spans)
    marked, words = spans[0]
    assert words_to_answer(words) == marked
    return marked


def shown_in_csv(clients, user, name: str) -> str:
    client = clients(user)
    rows = list(csv.DictReader(io.StringIO(client.get("/exports/drivers.csv").text)))
    (row,) = [row for row in rows if row["legal name"] == name]
    return row["licence"] or "none"


def shown_in_pdf(clients, user, driver, kind: str) -> str:
    client = clients(user)
    if user.role is Role.PRINCIPAL:
        response = client.post(f"/scouting/drivers/{driver.id}/dossier.pdf")
    else:
        response = client.post(f"/drivers/{driver.id}/dossiers/{kind}.pdf")
    assert response.status_code == 200
    text = flat(pdf_text(response.data))
    if "Licence None valid on" in text:
        return "none"
    named = [
        grade.value
        for grade in LicenceGrade
        if re.search(rf"Licence {re.escape(grade.label)}( —|,)", text)
    ]
    assert len(named) == 1, named
    return named[0]


def every_answer(clients, academy, driver, driver_user) -> dict[str, str]:
    """What each place says; one that cannot be read says why, so a failure lists them all."""
    readers = {
        "coach dashboard": lambda: shown_on_page(
            clients, academy.coach, "/dashboard", driver.legal_name
        ),
        "drivers list": lambda: shown_on_page(
            clients, academy.admin, "/drivers/", driver.legal_name
        ),
        "own dashboard": lambda: shown_on_page(clients, driver_user, "/dashboard"),
        "profile": lambda: shown_on_page(clients, academy.admin, f"/drivers/{driver.id}"),
        "principal dashboard": lambda: shown_on_page(
            clients, academy.principal, "/dashboard", driver.legal_name
        ),
        "scouting portal": lambda: shown_on_page(
            clients, academy.principal, "/scouting", driver.legal_name
        ),
        "scouting page": lambda: shown_on_page(
            clients, academy.principal, f"/scouting/drivers/{driver.id}"
        ),
        "drivers csv": lambda: shown_in_csv(clients, academy.admin, driver.legal_name),
        "invitation pdf": lambda: shown_in_pdf(clients, academy.admin, driver, "invitation"),
        "scouting pdf": lambda: shown_in_pdf(clients, academy.principal, driver, "scouting"),
    }
    answers = {}
    for place, read in readers.items():
        try:
            answers[place] = read()
        except AssertionError as error:
            answers[place] = f"unreadable: {error}"
    return answers


def pathway_licence_requirements(clients, user, driver) -> dict[str, dict]:
    client = clients(user)
    answer = client.get(f"/api/v1/drivers/{driver.id}/pathway").get_json()
    assert answer["as_of"] == academy_day().isoformat()
    return {
        requirement["id"]: requirement
        for stage in answer["stages"]
        for requirement in stage["requirements"]
        if requirement["kind"] == "min_licence_grade"
    }


def test_a_granted_licence_is_the_one_every_page_pdf_and_csv_shows(
    client, signed_in, academy, drivers
):
    thanakorn, _ = drivers
    grant_international_a(client, academy, thanakorn)
    answers = every_answer(signed_in, academy, thanakorn, thanakorn.user)
    assert answers == dict.fromkeys(answers, LicenceGrade.INTERNATIONAL_A.value)
    requirements = pathway_licence_requirements(signed_in, thanakorn.user, thanakorn)
    assert requirements["alms-lmp2.licence"]["met"] is True


def test_an_expired_licence_is_none_valid_everywhere(signed_in, academy, drivers):
    _, arjun = drivers
    answers = every_answer(signed_in, academy, arjun, arjun.user)
    assert answers == dict.fromkeys(answers, "none")
    requirements = pathway_licence_requirements(signed_in, arjun.user, arjun)
    lmp3 = requirements["alms-lmp3.licence"]
    assert lmp3["met"] is False
    expired_on = format_date(academy_day() - timedelta(days=20))
    assert f"International B licence expired on {expired_on}" in lmp3["missing"]


def test_the_dossier_says_when_the_last_licence_ran_out(client, academy, drivers):
    _, arjun = drivers
    login(client, academy.admin)
    response = client.post(f"/drivers/{arjun.id}/dossiers/invitation.pdf")
    text = flat(pdf_text(response.data))
    assert "None valid on" in text
    assert "International B licence expired on" in text
    assert db.session.execute(db.select(Dossier)).scalar_one().driver_id == arjun.id
