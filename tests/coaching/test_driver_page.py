"""The driver's coaching tab: who may see it, what it shows, and a fixed number of queries."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal

from academy.enums import RaceClass, ResultStatus
from academy.extensions import db
from academy.models import Event, RaceEntry, Result, Season, Series
from tests.builders import login, make_cohort, make_driver
from tests.coaching.conftest import bulk_sessions, make_session

SVG = "{http://www.w3.org/2000/svg}"


def _charts(page: str) -> list[ET.Element]:
    charts = []
    rest = page
    while "<svg" in rest:
        start = rest.index("<svg")
        end = rest.index("</svg>", start) + len("</svg>")
        charts.append(ET.fromstring(rest[start:end]))
        rest = rest[end:]
    return charts


def _chart_titled(page: str, title: str) -> ET.Element:
    for chart in _charts(page):
        if chart.findtext(f"{SVG}title", "").startswith(title):
            return chart
    raise AssertionError(f"no chart titled {title!r}")


# Access -------------------------------------------------------------------------------------


def test_driver_sees_own_sessions_and_grades(client, academy, rubric):
    make_session(
        academy.driver,
        academy.coach,
        held_on=date.today() - timedelta(days=2),
        scores={rubric["racecraft"]: 7},
    )
    login(client, academy.driver_user)
    response = client.get(f"/drivers/{academy.driver.id}/coaching")
    assert response.status_code == 200
    page = " ".join(response.get_data(as_text=True).split())
    assert 'Racecraft</td> <td class="num"><span class="score score-7">7</span>' in page


def test_driver_cannot_see_another_drivers_coaching(client, academy, rubric):
    login(client, academy.driver_user)
    assert client.get(f"/drivers/{academy.other_driver.id}/coaching").status_code == 403


def test_coach_cannot_see_another_coachs_driver(client, academy, rubric):
    login(client, academy.coach)
    assert client.get(f"/drivers/{academy.other_driver.id}/coaching").status_code == 403


def test_principal_cannot_see_coaching_even_with_consent(client, academy, rubric):
    login(client, academy.principal)
    assert academy.driver.consent_scouting
    assert client.get(f"/drivers/{academy.driver.id}/coaching").status_code == 403


def test_director_sees_every_drivers_coaching(client, academy, rubric):
    login(client, academy.admin)
    assert client.get(f"/drivers/{academy.other_driver.id}/coaching").status_code == 200


def test_my_coaching_takes_a_driver_to_their_own_page(client, academy):
    login(client, academy.driver_user)
    response = client.get("/coaching/me")
    assert response.headers["Location"].endswith(f"/drivers/{academy.driver.id}/coaching")


def test_correct_button_only_for_those_who_may_correct(client, academy, rubric):
    session = make_session(academy.driver, academy.coach, held_on=date.today() - timedelta(days=2))
    login(client, academy.driver_user)
    assert f"/coaching/sessions/{session.id}/edit" not in client.get(
        f"/drivers/{academy.driver.id}/coaching"
    ).get_data(as_text=True)
    login(client, academy.coach)
    assert f"/coaching/sessions/{session.id}/edit" in client.get(
        f"/drivers/{academy.driver.id}/coaching"
    ).get_data(as_text=True)


def test_unknown_driver_is_404(client, academy):
    login(client, academy.admin)
    assert client.get("/drivers/999999/coaching").status_code == 404


# Charts -------------------------------------------------------------------------------------


def test_trend_chart_has_a_point_per_graded_session(client, academy, rubric):
    racecraft = rubric["racecraft"]
    days = [date.today() - timedelta(days=n) for n in (60, 30, 5)]
    for day, score in zip(days, (4, 6, 8), strict=True):
        make_session(academy.driver, academy.coach, held_on=day, scores={racecraft: score})
    login(client, academy.coach)
    page = client.get(f"/drivers/{academy.driver.id}/coaching").get_data(as_text=True)
    chart = _chart_titled(page, "Racecraft: 3 grades")
    points = [(c.get("data-date"), c.get("data-score")) for c in chart.iter(f"{SVG}circle")]
    assert points == [
        (day.isoformat(), str(score)) for day, score in zip(days, (4, 6, 8), strict=True)
    ]
    fit = chart.find(f"{SVG}line[@class='trend-fit']")
    assert float(fit.get("data-to")) > float(fit.get("data-from"))


def test_trend_chart_plots_the_corrected_score(client, academy, rubric):
    from academy.models import Grade

    racecraft = rubric["racecraft"]
    session = make_session(
        academy.driver,
        academy.coach,
        held_on=date.today() - timedelta(days=3),
        scores={racecraft: 4},
    )
    first = session.grades[0]
    db.session.add(
        Grade(
            session_id=session.id,
            driver_id=academy.driver.id,
            competency_id=racecraft.id,
            score=9,
            revision=2,
            supersedes_id=first.id,
            correction_reason="typo",
            graded_by_id=academy.admin.id,
        )
    )
    db.session.commit()
    login(client, academy.coach)
    page = client.get(f"/drivers/{academy.driver.id}/coaching").get_data(as_text=True)
    chart = _chart_titled(page, "Racecraft: 1 grade")
    assert [c.get("data-score") for c in chart.iter(f"{SVG}circle")] == ["9"]


def test_radar_compares_latest_grades_with_the_cohort_median(client, academy, rubric):
    cohort = make_cohort("2026 Intake")
    racecraft = rubric["racecraft"]
    academy.driver.cohort = cohort
    peers = [make_driver(coach=academy.coach, cohort=cohort) for _ in range(2)]
    outsider = make_driver(coach=academy.coach)
    db.session.commit()
    old, recent = date.today() - timedelta(days=40), date.today() - timedelta(days=4)
    make_session(academy.driver, academy.coach, held_on=old, scores={racecraft: 3})
    make_session(academy.driver, academy.coach, held_on=recent, scores={racecraft: 8})
    make_session(peers[0], academy.coach, held_on=recent, scores={racecraft: 4})
    make_session(peers[1], academy.coach, held_on=recent, scores={racecraft: 6})
    make_session(outsider, academy.coach, held_on=recent, scores={racecraft: 1})
    login(client, academy.coach)
    page = client.get(f"/drivers/{academy.driver.id}/coaching").get_data(as_text=True)
    radar = _chart_titled(page, "Latest grades against the 2026 intake median")
    point = radar.find(f"{SVG}circle[@data-competency='Racecraft']")
    assert (point.get("data-value"), point.get("data-median")) == ("8", "6")


def test_the_cohort_median_follows_a_peers_new_grade_and_a_peer_leaving(client, academy, rubric):
    """The cohort's figures are kept per state of its members: a peer's new session, or a
    peer moving to another cohort, is a new state and the page shows the new median."""
    cohort = make_cohort("2026 Intake")
    racecraft = rubric["racecraft"]
    academy.driver.cohort = cohort
    peer = make_driver(coach=academy.coach, cohort=cohort)
    db.session.commit()
    recent = date.today() - timedelta(days=4)
    make_session(academy.driver, academy.coach, held_on=recent, scores={racecraft: 8})
    make_session(peer, academy.coach, held_on=recent, scores={racecraft: 4})
    login(client, academy.coach)

    def median() -> str:
        page = client.get(f"/drivers/{academy.driver.id}/coaching").get_data(as_text=True)
        radar = _chart_titled(page, "Latest grades against the 2026 intake median")
        return radar.find(f"{SVG}circle[@data-competency='Racecraft']").get("data-median")

    assert median() == "6"
    make_session(peer, academy.coach, held_on=date.today(), scores={racecraft: 10})
    assert median() == "9"
    peer.cohort = make_cohort("2027 Intake")
    db.session.commit()
    assert median() == "8"


def test_lap_progression_compares_sessions_and_races_with_the_cohort_best(
    client, academy, rubric, sepang
):
    cohort = make_cohort("2026 Intake")
    academy.driver.cohort = cohort
    rival = make_driver(coach=academy.other_coach, cohort=cohort)
    db.session.commit()
    make_session(
        academy.driver,
        academy.coach,
        held_on=date.today() - timedelta(days=90),
        circuit=sepang,
        best_lap_ms=121_000,
    )
    make_session(
        academy.driver,
        academy.coach,
        held_on=date.today() - timedelta(days=10),
        circuit=sepang,
        best_lap_ms=118_500,
    )
    _race_lap(sepang, {academy.driver: 117_900, rival: 116_400}, date.today() - timedelta(days=30))
    login(client, academy.coach)
    page = client.get(f"/drivers/{academy.driver.id}/coaching").get_data(as_text=True)
    chart = _chart_titled(page, "Best laps at Sepang International Circuit")
    points = [
        (element.get("data-source"), element.get("data-ms"))
        for element in chart.iter()
        if element.get("data-ms") and element.get("class") == "point"
    ]
    assert sorted(points) == [("race", "117900"), ("session", "118500"), ("session", "121000")]
    assert chart.find(f"{SVG}line[@class='cohort-best']").get("data-ms") == "116400"
    assert "+1.500 s" in page  # 1:57.900 against the cohort's 1:56.400


def test_simulator_laps_are_not_compared_with_the_circuit(client, academy, rubric, sepang):
    from academy.enums import SessionType

    make_session(
        academy.driver,
        academy.coach,
        held_on=date.today() - timedelta(days=3),
        best_lap_ms=100_000,
        session_type=SessionType.SIMULATOR,
    )
    login(client, academy.coach)
    page = client.get(f"/drivers/{academy.driver.id}/coaching").get_data(as_text=True)
    assert "No timed laps at a circuit yet." in page


def _race_lap(circuit, laps_by_driver, on: date) -> None:
    """One race at the circuit in which each driver set the given best lap."""
    laps = [(driver.id, lap_ms) for driver, lap_ms in laps_by_driver.items()]
    series = Series(code="ALMS", name="Asian Le Mans Series")
    season = Season(series=series, label="2025-26", starts_on=on)
    event = Event(
        season=season,
        circuit_id=circuit.id,
        name="4 Hours of Sepang",
        round_number=1,
        starts_on=on,
        duration_hours=Decimal(4),
    )
    for number, (driver_id, lap_ms) in enumerate(laps, start=1):
        event.entries.append(
            RaceEntry(
                car_number=str(number),
                team="Team",
                race_class=RaceClass.LMP3,
                status=ResultStatus.CLASSIFIED,
                laps=100,
                best_lap_ms=lap_ms,
                results=[Result(driver_id=driver_id, seat=1, laps=50, best_lap_ms=lap_ms)],
            )
        )
    db.session.add(event)
    db.session.commit()


# Queries ------------------------------------------------------------------------------------


def test_driver_page_runs_the_same_statements_for_10_and_1000_sessions(
    client, academy, rubric, sepang, count_queries
):
    cohort = make_cohort("2026 Intake")
    academy.driver.cohort = cohort
    db.session.commit()
    _race_lap(sepang, {academy.driver: 117_000}, date.today() - timedelta(days=30))
    login(client, academy.coach)
    url = f"/drivers/{academy.driver.id}/coaching?all=1"
    counts = {}
    for total, added in ((10, 10), (1000, 990)):
        bulk_sessions(academy.driver, academy.coach, list(rubric.values()), added, sepang)
        with count_queries() as statements:
            response = client.get(url)
        assert response.get_data(as_text=True).count('class="session"') == total
        counts[total] = len(statements)
    assert counts[10] == counts[1000] == EXPECTED_STATEMENTS


# The user, the driver with cohort and coach, the rubric, the sessions with circuit and coach,
# the grades with who graded, the race laps, the driver's current grades (stored), the cohort's
# state (its members' facts versions), and for a state not seen before the cohort's
# current-grade counts (stored) and lap bests.
EXPECTED_STATEMENTS = 10


def test_page_of_a_driver_without_sessions_says_so(client, academy, rubric):
    login(client, academy.driver_user)
    page = client.get(f"/drivers/{academy.driver.id}/coaching").get_data(as_text=True)
    assert "No sessions logged yet." in page
    assert "No timed laps at a circuit yet." in page
    assert "Academy median" in page  # no cohort: compared with the whole academy


def test_my_coaching_without_a_driver_profile_goes_to_the_dashboard(client, app):
    from academy.enums import Role
    from tests.builders import make_user

    login(client, make_user(Role.DRIVER))
    response = client.get("/coaching/me", follow_redirects=True)
    assert "not linked to a driver profile" in response.get_data(as_text=True)
