"""Fits my crew: a principal describes a crew and sees the consenting academy drivers who would
make it legal under the season's sporting rules."""

from __future__ import annotations

from academy.enums import Categorisation, LicenceGrade
from tests.builders import login, make_driver
from tests.results.test_import_web_flow import text

URL = "/scouting/crew-finder"


def _drivers():
    make_driver(
        legal_name="Bruno Bronze",
        categorisation=Categorisation.BRONZE,
        consent_scouting=True,
        licence=LicenceGrade.INTERNATIONAL_B,
    )
    make_driver(
        legal_name="Sara Silver", categorisation=Categorisation.SILVER, consent_scouting=True
    )
    make_driver(legal_name="Hidden Bronze", categorisation=Categorisation.BRONZE)  # no consent
    make_driver(
        legal_name="Pia Platinum", categorisation=Categorisation.PLATINUM, consent_scouting=True
    )


def test_a_crew_without_a_bronze_is_made_legal_only_by_a_bronze(client, academy) -> None:
    _drivers()
    login(client, academy.principal)
    page = text(
        client.get(
            URL,
            query_string={"crew": "alms-2025-26|LMP3", "driver_1": "silver", "driver_2": "gold"},
        )
    )
    legal = page.split("Drivers who make it legal")[1].split("Drivers who fit")[0]
    assert "Bruno Bronze" in legal
    assert "Sara Silver" not in legal
    assert "Hidden Bronze" not in page  # not open to scouting
    assert "Pia Platinum" not in page  # no Platinum in ALMS LMP3


def test_an_empty_crew_lists_who_fits_with_what_is_still_needed(client, academy) -> None:
    _drivers()
    login(client, academy.principal)
    page = text(client.get(URL, query_string={"crew": "alms-2025-26|LMP2", "sort": "name"}))
    assert "Drivers who fit, with more drivers still to find" in page
    fits = page.split("Drivers who fit, with more drivers still to find")[1]
    assert "Bruno Bronze" in fits and "Sara Silver" in fits


def test_the_form_alone_lists_nobody(client, academy) -> None:
    _drivers()
    login(client, academy.admin)
    page = text(client.get(URL))
    assert "Fits my crew" in page
    assert "Drivers who make it legal" not in page


def test_a_driver_without_a_valid_licence_cannot_race_and_makes_no_crew_legal(
    client, academy
) -> None:
    from datetime import date

    make_driver(
        legal_name="Lapsed Bronze",
        categorisation=Categorisation.BRONZE,
        consent_scouting=True,
        licence_expires=date(2020, 12, 31),  # expired long before today
    )
    make_driver(
        legal_name="Unlicensed Bronze",
        categorisation=Categorisation.BRONZE,
        consent_scouting=True,
        licence=None,
    )
    make_driver(
        legal_name="Bruno Bronze", categorisation=Categorisation.BRONZE, consent_scouting=True
    )
    login(client, academy.principal)
    page = text(
        client.get(
            URL,
            query_string={"crew": "alms-2025-26|LMP3", "driver_1": "silver", "driver_2": "gold"},
        )
    )
    legal = page.split("Drivers who make it legal")[1].split("No valid licence on")[0]
    assert "Bruno Bronze" in legal
    assert "Lapsed Bronze" not in legal and "Unlicensed Bronze" not in legal
    assert "Drivers who make it legal (1)" in page
    unlicensed = page.split("No valid licence on")[1]
    assert "Lapsed Bronze" in unlicensed and "Unlicensed Bronze" in unlicensed
    assert unlicensed.count("no valid licence — cannot race") == 2
    assert "Bruno Bronze" not in unlicensed


def test_the_caption_names_the_column_as_both_layouts_show_it(client, academy) -> None:
    """On a desktop the column is headed "Then"; on a phone each card shows it as its "Then:"
    line (the cell's data-label), not as a last column: the caption names it by that word."""
    import re

    _drivers()
    login(client, academy.principal)
    html = client.get(URL, query_string={"crew": "alms-2025-26|LMP2"}).get_data(as_text=True)
    table = html.split("Drivers who fit, with more drivers still to find")[1]
    caption = re.search(r"<caption[^>]*>(.*?)</caption>", table, re.S).group(1)
    header = re.findall(r"<th[^>]*>([^<]*)</th>", table)[-1]
    label = re.search(r'class="crew-then" data-label="([^"]*)"', table).group(1)
    assert "column" not in caption
    assert header == label == "Then"
    assert f"“{label}” says what is still needed" in caption
