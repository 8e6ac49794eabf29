"""The championship as it stood after race k: the season page's round selector gives the
standings, each points figure's explanation and the invitation race from the first k races held
only (the engine counts the races and points still to be won from the races it is given), and a
decided season links to how it stood before its final race."""

from __future__ import annotations

import re

import pytest

from academy.championship import loader
from academy.championship.season import championship, races_of
from academy.enums import ResultStatus
from academy.extensions import db
from academy.sporting import Race, RaceResult, invitation_races, sporting_rules_for
from tests.builders import login, make_driver
from tests.championship.builders import make_season, season_with_races
from tests.results.test_import_web_flow import text


def same_order(race: int, count: int) -> list[int]:
    """Every race finishes in car-number order: in LMP2 (cars #1, #4, #7) #1 wins, #4 is
    second, #7 third, every time."""
    return list(range(count))


def _lmp2_race(number: int) -> Race:
    results = tuple(
        RaceResult(entry, "LMP2", position, ResultStatus.CLASSIFIED, drivers=(f"{entry}-driver",))
        for position, entry in enumerate(("A", "B", "C"), start=1)
    )
    return Race(key=number, name=f"Race {number}", results=results)


def test_after_two_races_of_six_the_invitation_is_open_with_four_races_to_win() -> None:
    """Hand-worked, ALMS 2025-26 (six races, one LMP2 invitation, 25-18-15 and one point for
    pole): A won both races (50), B was second twice (36). Four races are left, each worth at
    most 25 + 1 for pole: 104 points, so B (36 + 104 >= 50) can still catch A."""
    rules = sporting_rules_for("ALMS", "2025-26")
    races = [_lmp2_race(number) for number in range(1, 7)]
    after_two = next(r for r in invitation_races(rules, races[:2]) if r.class_name == "LMP2")
    assert after_two.races_held == 2
    assert after_two.races_left == 4
    assert after_two.points_per_race == 26
    assert after_two.points_left == 104
    assert not after_two.decided
    holder = after_two.holders[0]
    assert (holder.entry, holder.row.points, holder.margin) == ("A", 50, 14)
    assert not holder.secure
    assert set(after_two.contenders) == {"B", "C"}
    # After five races A has 125, B 90: 90 + 26 < 125, decided with one race to go.
    after_five = next(r for r in invitation_races(rules, races[:5]) if r.class_name == "LMP2")
    assert (after_five.races_left, after_five.points_left, after_five.decided) == (1, 26, True)
    # All six: the season is over.
    final = next(r for r in invitation_races(rules, races) if r.class_name == "LMP2")
    assert (final.races_left, final.points_left, final.decided) == (0, 0, True)


def test_championship_after_k_counts_only_the_first_k_races(app) -> None:
    season = season_with_races(6, 9, order=same_order)
    facts = loader.season_facts(season.id)
    assert len(races_of(facts)) == 6
    champ = championship(facts, after=2)
    assert champ.after == 2
    assert [event.name for event in champ.counted] == ["Race 1", "Race 2"]
    assert len(champ.held) == 6
    lmp2 = champ.standings.team_class("LMP2")
    assert [row.points for row in lmp2.rows] == [50, 36, 30]
    assert all(len(row.races) == 2 for row in lmp2.rows)
    race = next(r for r in champ.invitations if r.class_name == "LMP2")
    assert (race.races_held, race.races_left, race.points_left) == (2, 4, 104)
    assert not race.decided
    assert next(r for r in championship(facts).invitations if r.class_name == "LMP2").decided


def _points_explained(page_html: str, car: str) -> str:
    """The points explanation of car #`car`'s row of the LMP2 teams table."""
    section = page_html.split('id="class-LMP2"')[1].split("</table>")[0]
    row = re.search(rf"#{car}</span>.*?</tr>", section, re.S)
    assert row, f"no row for #{car}"
    return " ".join(re.sub(r"<[^>]+>", " ", row.group(0)).split())


def test_the_season_page_shows_the_standings_as_they_stood_after_race_two(client, academy) -> None:
    season = season_with_races(6, 9, order=same_order)
    login(client, academy.admin)
    full = client.get(f"/seasons/{season.id}")
    response = client.get(f"/seasons/{season.id}?after=2")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = text(response)
    # The selector: every race held, race 2 chosen; the full page chooses the last.
    assert '<select name="after" id="after">' in html
    assert html.count("<option ") == 6
    assert re.search(r'<option value="2" selected>race 2 of 6', html)
    assert re.search(r'<option value="6" selected>race 6 of 6', full.get_data(as_text=True))
    assert "As it stood after race 2 of 6 held" in page
    # The invitation race as it stood: open, 14 points ahead, four races and 104 points left.
    invitations = page.split("The race for the Le Mans invitations")[1].split("GT")[0]
    assert "LMP2" in invitations and "not decided" in invitations
    assert "#1 Team 1 , 50 points · 14 points ahead of the first car outside" in invitations
    assert "2 of 6 races held · 4 to go, 104 points still to be won per car" in invitations
    assert "decided" in text(full).split("The race for the Le Mans invitations")[1].split("GT")[0]
    # Each points figure explained by the two races counted, and only them.
    explained = _points_explained(html, "1")
    assert "50" in explained
    assert "R1 Sepang International Circuit: P1 in class: 25" in explained
    assert "R1 race 2 Sepang International Circuit: P1 in class: 25" in explained
    assert "R2 Sepang" not in explained
    assert "R2 Sepang" in _points_explained(full.get_data(as_text=True), "1")
    # The races after it are listed as not counted.
    assert page.count("not counted in these standings") == 4


@pytest.mark.parametrize("after", ["0", "7", "-1"])
def test_a_race_the_season_has_not_held_is_not_found(client, academy, after) -> None:
    season = season_with_races(6, 9)
    login(client, academy.principal)
    assert client.get(f"/seasons/{season.id}?after={after}").status_code == 404


def test_statements_do_not_grow_with_the_race_chosen(client, academy, count_queries) -> None:
    ours = [make_driver(legal_name="Kenta Mori")]
    short = season_with_races(2, 12, academy=ours)
    long = season_with_races(6, 12, academy=ours, season=make_season(label="2024-25"))
    login(client, academy.admin)
    counts = []
    for season, after in ((short, 1), (long, 1), (long, 3), (long, 5), (long, None)):
        url = f"/seasons/{season.id}" + (f"?after={after}" if after else "")
        client.get(url)  # warm: rules loaded, session user
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert len(set(counts)) == 1, counts


def test_a_decided_season_links_to_how_it_stood_before_the_final_race(client, academy) -> None:
    season = season_with_races(6, 9, academy=[academy.driver], order=same_order)
    link = f'href="/seasons/{season.id}?after=5#invitations"'
    login(client, academy.admin)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert link in dashboard
    assert "How it stood before the final race" in dashboard
    login(client, academy.driver_user)
    progress = client.get("/me/progress", follow_redirects=True).get_data(as_text=True)
    assert "The Le Mans invitation race" in progress
    assert link in progress
    before = text(client.get(f"/seasons/{season.id}?after=5"))
    assert "As it stood after race 5 of 6 held" in before


def test_an_open_season_has_no_before_the_final_race_link(client, academy) -> None:
    season_with_races(2, 9, academy=[academy.driver], order=same_order)
    login(client, academy.admin)
    assert "How it stood before the final race" not in text(client.get("/dashboard"))
