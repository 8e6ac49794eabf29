"""Issue 13, item 5: the director reads a loaded rule set as stages and requirements in words,
compares it side by side with the one in use, and previews whose verdicts would change."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from academy.enums import SessionType
from academy.extensions import db
from academy.models import RuleSetRecord
from academy.pathway.loader import RULESETS_DIR
from academy.rules_admin.service import load_rule_text
from tests.builders import login
from tests.progress.builders import add_session

NEW = (RULESETS_DIR / "alms-to-le-mans.toml").read_text(encoding="utf-8")
OLD = (RULESETS_DIR / "archive" / "alms-to-le-mans-2026.1.toml").read_text(encoding="utf-8")


def _record(text: str) -> RuleSetRecord:
    outcome = load_rule_text(text, "rules.toml", None)
    db.session.commit()
    assert outcome.record is not None, outcome.problems
    return outcome.record


def _page(client, record, view=None) -> str:
    response = client.get(f"/admin/rules/{record.id}", query_string={"view": view} if view else {})
    assert response.status_code == 200
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


def test_a_loaded_rule_set_reads_as_stages_and_requirements_in_words(client, academy):
    record = _record(NEW)
    login(client, academy.admin)
    page = _page(client, record)
    assert "1. ALMS LMP3 seat" in page and "5. 24 Hours of Le Mans" in page
    assert "Reached by a race in LMP3 in ALMS; stays reached" in page
    assert "International C licence or higher, valid" in page and "must hold" in page
    assert "One of these is enough:" in page and "LMGT3: International C licence or higher" in page
    assert "Checks: 1 day of test day running of at least 10 laps over the day" in page
    assert "kind = " not in page  # no TOML on this view
    assert "kind = " in _page(client, record, "file")


def test_two_versions_side_by_side_mark_what_changed(client, academy):
    old = _record(OLD)
    new = _record(NEW)
    login(client, academy.admin)
    client.post(f"/admin/rules/{old.id}/activate")
    page = _page(client, new, "compare")
    assert "In use (2026.1)" in page and "This version (2026.2)" in page
    assert re.search(r"17 of \d+ requirements differ", page)
    row = re.search(r'data-requirement="grade-a.races">(.*?)</tr>', page).group(1)
    assert "changed" in row and "top-5 overall" in row
    row = re.search(r'data-requirement="alms-lmp3.no-platinum">(.*?)</tr>', page).group(1)
    assert "added" in row


def test_the_preview_lists_whose_verdicts_would_change_and_writes_nothing(
    client, academy, count_queries
):
    old = _record(OLD)
    new = _record(NEW)
    login(client, academy.admin)
    client.post(f"/admin/rules/{old.id}/activate")
    # A night simulator session: night running under 2026.1, not under 2026.2.
    add_session(
        academy.driver,
        academy.coach,
        date.today() - timedelta(days=20),
        session_type=SessionType.SIMULATOR,
        night=True,
        title="Team simulator",
    )
    page = _page(client, new, "preview")
    # Both hold an International C licence: the LMGT3 variant now meets the Le Mans licence.
    assert "2 of 2 drivers would see their stage or a verdict change" in page
    assert (
        "24 Hours of Le Mans: Licence for a Le Mans class: Not met → <strong>Met</strong>" in page
    )
    ren = page[page.index(f'data-driver="{academy.driver.id}"') :]
    ren = ren[: ren.index("</details>")]
    assert "with night running in the last 24 months: Met → <strong>Not met</strong>" in ren
    assert "ACO-approved simulator day: Met → <strong>Not met</strong>" in ren
    li = page[page.index(f'data-driver="{academy.other_driver.id}"') :]
    assert "night running" not in li[: li.index("</details>")]
    db.session.expire_all()
    assert [
        r.active
        for r in db.session.execute(db.select(RuleSetRecord).order_by(RuleSetRecord.id)).scalars()
    ] == [
        True,
        False,
    ]


def test_the_preview_reads_in_the_same_statements_for_few_and_many_drivers(
    client, academy, count_queries
):
    from tests.builders import make_driver
    from tests.progress.builders import race_history

    old = _record(OLD)
    new = _record(NEW)
    login(client, academy.admin)
    client.post(f"/admin/rules/{old.id}/activate")
    url = f"/admin/rules/{new.id}?view=preview"
    client.get(url)  # warm: parsed rule sets are cached by text
    with count_queries() as few:
        client.get(url)
    for _ in range(8):
        race_history(make_driver(), 3)
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert "of 10 drivers would see" in page
    assert len(few) == len(many)
