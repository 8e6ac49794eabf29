"""Small things that erode trust (issue 17, item 13): the current licence marked, circuits in
alphabetical order whatever their case, times of day written one way, board cards that wrap
requirement names rather than cut them."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from academy.enums import LicenceGrade
from academy.extensions import db
from academy.models import Circuit, Licence
from tests.builders import login

CSS = Path(__file__).resolve().parents[1] / "academy" / "static" / "css" / "app.css"


def test_of_two_valid_licences_the_one_that_counts_is_marked_current(client, academy):
    db.session.add(
        Licence(
            driver_id=academy.driver.id,
            grade=LicenceGrade.INTERNATIONAL_B,
            asn="JAF",
            number="B-1",
            issued_on=date(2024, 1, 1),
            expires_on=date(2099, 12, 31),
        )
    )
    db.session.commit()
    login(client, academy.coach)
    page = client.get(f"/drivers/{academy.driver.id}/licence").get_data(as_text=True)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S)
    valid = [row for row in rows if "badge-met" in row]
    assert len(valid) == 2
    current = [row for row in valid if "current</span>" in row]
    assert len(current) == 1 and "International B" in current[0]


def test_circuits_are_listed_alphabetically_whatever_their_case(client, academy):
    for name in ("circuit de la Sarthe", "Autódromo do Algarve", "Bahrain International Circuit"):
        db.session.add(Circuit(name=name, country="XXX", length_km=Decimal("5")))
    db.session.commit()
    login(client, academy.coach)
    page = client.get("/coaching/sessions/new").get_data(as_text=True)
    select = page[
        page.index('name="circuit_id"') : page.index("</select>", page.index('name="circuit_id"'))
    ]
    names = [
        n
        for n in re.findall(r"<option[^>]*>([^<]+)</option>", select)
        if n.strip() and "choose" not in n.lower()
    ]
    wanted = ["Autódromo do Algarve", "Bahrain International Circuit", "circuit de la Sarthe"]
    assert [n for n in names if n in wanted] == wanted


def test_times_of_day_are_written_the_one_way(client, academy):
    from academy.licensing.service import create_application

    application = create_application(
        academy.driver, LicenceGrade.INTERNATIONAL_A, "JAF", "", academy.coach, "alms-to-le-mans"
    )
    db.session.commit()
    login(client, academy.coach)
    page = client.get(f"/drivers/{academy.driver.id}/licence/{application.id}").get_data(
        as_text=True
    )
    history = page[page.index("<h2>History</h2>") :]
    assert re.search(r"<td>\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} UTC</td>", history)
    assert not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", history)


def test_board_cards_wrap_requirement_names_instead_of_cutting_them():
    css = CSS.read_text()
    rule = re.search(r"\.board-missing li \{([^}]*)\}", css).group(1)
    assert "ellipsis" not in rule and "nowrap" not in rule


def test_an_empty_inbox_shows_no_zero_badge_and_a_full_one_its_count(app):
    """The badge beside "What is next for you" counts what waits: none when nothing does."""
    from types import SimpleNamespace

    with app.test_request_context("/dashboard"):
        macro = app.jinja_env.get_template("inbox/_inbox.html").module.inbox_card

        def heading(count: int) -> str:
            inbox = SimpleNamespace(count=count, groups=lambda: [])
            page = str(macro(inbox, "What is next for you"))
            return page.split('id="inbox-title">', 1)[1].split("</h2>", 1)[0]

        assert heading(0) == "What is next for you"
        assert ">3</span>" in heading(3) and "badge-due" in heading(3)
