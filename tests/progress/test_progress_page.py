"""A driver's progress page: the stages as a path, each requirement with its status, its
evidence and what is missing, on any day asked for."""

from __future__ import annotations

import re
from datetime import date

from academy.enums import LicenceGrade, RaceClass
from academy.progress import rule_sets
from tests.builders import login, make_driver
from tests.progress.builders import add_result, make_event, race_history
from tests.progress.conftest import AS_OF, make_lmp3_ready


def _page(client, driver_id: int, as_of: str | None = AS_OF.isoformat()) -> str:
    query = f"?as_of={as_of}" if as_of is not None else ""
    response = client.get(f"/drivers/{driver_id}/progress{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _requirement(html: str, requirement_id: str) -> str:
    """The HTML of one requirement's list item (up to the next requirement or stage end)."""
    marker = f'id="req-{requirement_id}"'
    assert marker in html, f"no requirement {requirement_id} on the page"
    start = html.rindex("<li", 0, html.index(marker))
    ends = [
        found
        for found in (
            html.find('<li class="requirement ', start + 1),
            html.find("\n</details>", start),
        )
        if found != -1
    ]
    return html[start : min(ends)]


def _status(html: str, requirement_id: str) -> str:
    return re.search(r'requirement-([a-z-]+)"', _requirement(html, requirement_id)).group(1)


def test_the_stages_are_drawn_as_a_path_reached_current_next_and_locked(client, academy):
    make_lmp3_ready(academy.driver, academy.coach)
    login(client, academy.coach)
    html = _page(client, academy.driver.id)
    assert re.search(r'path-stage path-current">\s*<a href="#stage-alms-lmp3"', html)
    assert re.search(r'path-stage path-next">\s*<a href="#stage-alms-lmp2"', html)
    assert re.search(r'path-stage path-locked">\s*<a href="#stage-le-mans-24h"', html)


def test_a_driver_with_nothing_yet_works_towards_the_first_stage(client, academy):
    login(client, academy.driver_user)
    html = _page(client, academy.driver.id)
    assert "has not reached a stage yet" in html
    assert re.search(r'path-stage path-next">\s*<a href="#stage-alms-lmp3"', html)


def test_a_requirement_not_met_says_what_is_still_missing(client, academy):
    race_history(academy.driver, 2, first=date(2026, 1, 10))
    login(client, academy.driver_user)
    requirement = _requirement(_page(client, academy.driver.id), "alms-lmp3.races")
    assert "Not met" in requirement
    assert "Still missing:" in requirement and "2 more classified starts" in requirement


def test_each_requirement_names_its_source_and_whether_it_is_policy(client, academy):
    login(client, academy.driver_user)
    html = _page(client, academy.driver.id)
    races = _requirement(html, "alms-lmp3.races")
    assert "Academy policy" in races and "Source: Academy policy" in races
    licence = _requirement(html, "alms-lmp3.licence")
    assert "Regulation" in licence and "Appendix L" in licence


def test_the_evidence_lists_the_races_that_count_by_name_and_date(client, academy):
    add_result(academy.driver, make_event(date(2026, 2, 8), name="ALMS Yas Marina race 2"))
    login(client, academy.driver_user)
    requirement = _requirement(_page(client, academy.driver.id), "alms-lmp3.races")
    assert "ALMS Yas Marina race 2" in requirement
    assert "8 February 2026" in requirement


def test_a_race_after_the_as_of_date_does_not_count(client, academy):
    make_lmp3_ready(academy.driver, academy.coach)
    login(client, academy.coach)
    assert _status(_page(client, academy.driver.id), "alms-lmp3.races") == "met"
    assert _status(_page(client, academy.driver.id, "2026-01-01"), "alms-lmp3.races") == "not-met"


def test_a_date_ahead_shows_where_the_driver_will_stand(client, app, academy):
    driver = make_driver(coach=academy.coach, licence_expires=date(2026, 12, 31))
    login(client, academy.coach)
    html = _page(client, driver.id, "2027-02-01")
    assert _status(html, "alms-lmp3.licence") == "not-met"
    assert "expired on 31 December 2026" in _requirement(html, "alms-lmp3.licence")


def test_an_impossible_as_of_date_is_explained_instead_of_failing(client, academy):
    login(client, academy.driver_user)
    html = _page(client, academy.driver.id, "2026-02-30")
    assert "February 2026 has 28 days" in html
    assert "Showing today" in html


def test_a_driver_without_a_birth_date_gets_an_honest_unknown(client, app, academy):
    driver = make_driver(coach=academy.coach, date_of_birth=None)
    login(client, academy.coach)
    requirement = _requirement(_page(client, driver.id), "alms-lmp3.age")
    assert "Unknown" in requirement
    assert "unknown: no date of birth recorded" in requirement


def test_a_driver_without_a_licence_is_told_none_is_recorded(client, app, academy):
    driver = make_driver(coach=academy.coach, licence=None)
    login(client, academy.coach)
    requirement = _requirement(_page(client, driver.id), "alms-lmp3.licence")
    assert "Not met" in requirement and "no licence recorded" in requirement


def test_a_result_without_drive_time_is_shown_as_such(client, academy):
    add_result(academy.driver, make_event(date(2026, 2, 1), name="ALMS Dubai"), drive_time_ms=None)
    login(client, academy.driver_user)
    requirement = _requirement(_page(client, academy.driver.id), "alms-lmp3.races")
    assert "no drive time recorded" in requirement


def test_a_rule_set_that_no_longer_exists_is_said_plainly(client, academy, monkeypatch):
    monkeypatch.setattr(rule_sets, "DEFAULT_RULE_SET_KEY", "retired-rules")
    login(client, academy.driver_user)
    html = _page(client, academy.driver.id)
    assert "The pathway cannot be checked" in html
    assert "&#39;retired-rules&#39; no longer exists" in html


def test_the_page_runs_the_same_statements_for_a_short_and_a_long_history(
    client, academy, count_queries
):
    make_lmp3_ready(academy.driver, academy.coach, starts=4)
    make_lmp3_ready(academy.other_driver, academy.other_coach, starts=30)
    login(client, academy.admin)
    short_id, long_id = academy.driver.id, academy.other_driver.id
    with count_queries() as short:
        _page(client, short_id)
    with count_queries() as long:
        _page(client, long_id)
    assert len(short) == len(long)


def test_the_page_reads_the_driver_once(client, academy, count_queries):
    make_lmp3_ready(academy.driver, academy.coach)
    login(client, academy.driver_user)
    driver_id = academy.driver.id
    with count_queries() as statements:
        _page(client, driver_id)
    assert len([sql for sql in statements if re.search(r"\bFROM drivers\b", sql)]) == 1


def _evidence_lines(requirement_html: str) -> list[str]:
    return re.findall(r"<li><time[^>]*>[^<]*</time> · <a [^>]*>([^<]*)</a></li>", requirement_html)


def test_a_long_evidence_list_shows_the_most_recent_and_links_to_all(client, academy):
    # Fourteen starts, round 1 the most recent and round 14 the oldest.
    make_lmp3_ready(academy.driver, academy.coach, starts=14)
    login(client, academy.driver_user)
    requirement = _requirement(_page(client, academy.driver.id), "alms-lmp3.races")
    assert "What counts (14)" in requirement
    rounds = [line.split(" · ")[0] for line in _evidence_lines(requirement)]
    assert rounds == [f"ALMS round {number}" for number in range(10, 0, -1)]
    assert "The 10 most recent of 14." in requirement
    link = re.search(r'<a href="([^"]+)">Show all 14</a>', requirement).group(1)
    assert link == (
        f"/drivers/{academy.driver.id}/progress"
        "?as_of=2026-06-01&amp;evidence=alms-lmp3.races#req-alms-lmp3.races"
    )


def test_show_all_lists_every_piece_of_evidence_of_that_requirement(client, academy):
    make_lmp3_ready(academy.driver, academy.coach, starts=14)
    login(client, academy.driver_user)
    response = client.get(
        f"/drivers/{academy.driver.id}/progress?as_of=2026-06-01&evidence=alms-lmp3.races"
    )
    html = response.get_data(as_text=True)
    requirement = _requirement(html, "alms-lmp3.races")
    assert len(_evidence_lines(requirement)) == 14
    assert '<details class="evidence" open>' in requirement
    assert "Show the 10 most recent only" in requirement
    # The stage it belongs to is opened too, though the driver has moved past it.
    assert re.search(r'<details class="card stage stage-current" id="stage-alms-lmp3" open>', html)
    # Choosing another day keeps the list in full.
    assert '<input type="hidden" name="evidence" value="alms-lmp3.races">' in html


def test_show_all_for_every_requirement(client, academy):
    make_lmp3_ready(academy.driver, academy.coach, starts=14)
    login(client, academy.driver_user)
    response = client.get(f"/drivers/{academy.driver.id}/progress?as_of=2026-06-01&evidence=all")
    requirement = _requirement(response.get_data(as_text=True), "alms-lmp3.races")
    assert len(_evidence_lines(requirement)) == 14
    assert "Show all" not in requirement


def test_a_short_evidence_list_is_shown_whole_without_links(client, academy):
    make_lmp3_ready(academy.driver, academy.coach, starts=10)
    login(client, academy.driver_user)
    requirement = _requirement(_page(client, academy.driver.id), "alms-lmp3.races")
    assert len(_evidence_lines(requirement)) == 10
    assert "most recent" not in requirement


def test_the_show_all_link_of_today_names_no_day(client, academy):
    make_lmp3_ready(academy.driver, academy.coach, as_of=date.today(), starts=14)
    login(client, academy.driver_user)
    requirement = _requirement(_page(client, academy.driver.id, None), "alms-lmp3.races")
    assert f'href="/drivers/{academy.driver.id}/progress?evidence=alms-lmp3.races#' in requirement


def test_a_driver_reaches_their_own_progress_from_the_menu(client, academy):
    login(client, academy.driver_user)
    response = client.get("/me/progress")
    assert response.headers["Location"].endswith(f"/drivers/{academy.driver.id}/progress")


def test_a_driver_account_without_a_profile_is_told_so(client, app):
    from academy.enums import Role
    from tests.builders import make_user

    login(client, make_user(Role.DRIVER))
    response = client.get("/me/progress", follow_redirects=True)
    assert "not linked to a driver profile yet" in response.get_data(as_text=True)


def test_a_stage_reached_by_racing_in_its_class_says_reached_with_the_day_not_met(client, academy):
    # One ALMS LMP2 race reaches "ALMS LMP2 seat" (a milestone): its licence holds, yet its
    # other requirements (LMP3 starts, hours, grades) are unmet, so its badge says "Reached".
    academy.driver.licences[0].grade = LicenceGrade.INTERNATIONAL_B
    add_result(academy.driver, make_event(date(2026, 1, 10)), race_class=RaceClass.LMP2)
    login(client, academy.coach)
    html = _page(client, academy.driver.id)
    stage = html[html.index('id="stage-alms-lmp2"') : html.index('id="stage-elms-lmp2"')]
    summary = stage[: stage.index("</summary>")]
    assert 'data-stage-badge="reached">Reached on 10 January 2026</span>' in summary
    assert ">Met</span>" not in summary
    assert "requirement-not-met" in stage  # what is still unmet is still shown
