"""'Today' is the date in ACADEMY_TIMEZONE, on every page, PDF and API answer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from academy import create_app
from academy.clock import academy_today, today_in
from academy.formatting import format_date
from tests.builders import login


def test_today_is_the_date_in_the_academy_zone_not_in_utc():
    evening_in_utc = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
    assert today_in("Asia/Singapore", evening_in_utc).isoformat() == "2026-12-02"
    assert today_in("UTC", evening_in_utc).isoformat() == "2026-12-01"
    assert today_in("America/Los_Angeles", datetime(2026, 12, 2, 3, 0, tzinfo=UTC)).day == 1


def test_an_unknown_time_zone_is_refused_at_start_with_what_to_write():
    with pytest.raises(RuntimeError, match="ACADEMY_TIMEZONE is 'Mars/Olympus'.*IANA name"):
        create_app({"TESTING": True, "ACADEMY_TIMEZONE": "Mars/Olympus"})


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_the_api_answers_as_of_today_in_the_academy_zone(app, client, academy, zone):
    # UTC+14 and UTC-11: at any moment the two are on different dates.
    app.config["ACADEMY_TIMEZONE"] = zone
    login(client, academy.driver_user)
    answer = client.get(f"/api/v1/drivers/{academy.driver.id}/pathway").get_json()
    assert answer["as_of"] == today_in(zone).isoformat()
    with app.app_context():
        assert academy_today() == today_in(zone)


def test_a_dossier_is_as_of_the_academy_day(app, client, academy):
    from tests.dossiers.conftest import flat, pdf_text

    app.config["ACADEMY_TIMEZONE"] = "Pacific/Kiritimati"
    login(client, academy.admin)
    response = client.post(f"/drivers/{academy.driver.id}/dossiers/invitation.pdf")
    day = today_in("Pacific/Kiritimati")
    text = flat(pdf_text(response.data))
    assert format_date(day) in text
    assert "+14" in text  # the generated time is printed in the academy's zone
