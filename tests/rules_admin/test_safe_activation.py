"""Issue 15 findings 2 and 10, issue 13 "safe activation": a rule file that would take the
pathway pages down is refused at load with file, key and reason, and activation evaluates every
driver before it commits."""

from __future__ import annotations

import hashlib
import html
import io

import pytest

from academy.extensions import db
from academy.models import RuleSetRecord
from academy.pathway.kinds import min_age
from academy.pathway.loader import RULESETS_DIR
from academy.progress.rule_sets import current_rule_set
from tests.builders import login

SHIPPED = (RULESETS_DIR / "alms-to-le-mans.toml").read_text(encoding="utf-8")

# The attacks of finding 2: each loaded before, and took every pathway page down once active.
ATTACKS = {
    "a 20-digit age": (
        ("years = 16", "years = 99999999999999999999"),
        "alms-lmp3.age",
        "'years' must be from 1 to 100",
    ),
    "nan hours": (("hours = 8", "hours = nan"), "alms-lmp2.hours", "must be a finite number"),
    "infinite hours": (("hours = 8", "hours = inf"), "alms-lmp2.hours", "must be a finite number"),
    "a window of ten billion months": (
        ("window = { months = 24 }", "window = { months = 9999999999 }"),
        "alms-lmp3.races",
        "'months' must be from 1 to 240",
    ),
    "a billion warning days": (
        ("expiry_warning_days = 60", "expiry_warning_days = 999999999999"),
        "top level",
        "'expiry_warning_days' must be from 0 to 730",
    ),
}


def _upload(client, text: str):
    return client.post(
        "/admin/rules/",
        data={"rule_file": (io.BytesIO(text.encode("utf-8")), "hostile.toml")},
        content_type="multipart/form-data",
    )


def _records() -> list[RuleSetRecord]:
    return list(db.session.execute(db.select(RuleSetRecord).order_by(RuleSetRecord.id)).scalars())


def _store_record(text: str, version: str) -> RuleSetRecord:
    """A record as one loaded before the bounds existed: straight into the table."""
    record = RuleSetRecord(
        key="alms-to-le-mans",
        version=version,
        name="ALMS to Le Mans",
        effective_from=current_rule_set().effective_from,
        source_text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        active=False,
    )
    db.session.add(record)
    db.session.commit()
    return record


def _pathway_pages_answer(client, academy) -> None:
    for url in (
        "/pathway/board",
        f"/drivers/{academy.driver.id}/progress",
        f"/api/v1/drivers/{academy.driver.id}/pathway",
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_an_unbounded_number_is_refused_at_load_with_key_and_reason(client, academy, attack):
    (old, new), where, reason = ATTACKS[attack]
    login(client, academy.admin)
    response = _upload(client, SHIPPED.replace(old, new, 1))
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "hostile.toml is refused; nothing was loaded." in page
    assert where in page and reason in page
    assert _records() == []


def test_a_file_nested_20000_deep_is_a_message_not_a_500(client, academy):
    login(client, academy.admin)
    hostile = SHIPPED + "\nextra = " + "[" * 20000 + "]" * 20000 + "\n"
    response = _upload(client, hostile)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "TOML structure" in page and "nested more than 16 levels deep" in page
    assert _records() == []


def test_a_5000_digit_integer_is_a_message_naming_its_key_not_a_500(client, academy):
    login(client, academy.admin)
    hostile = SHIPPED.replace("count = 4", "count = " + "9" * 5000, 1)
    response = _upload(client, hostile)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "key 'count'" in page and "thousands of digits" in page
    assert "9" * 100 not in page  # the number is not repeated back
    assert _records() == []


def test_a_4000_digit_integer_is_refused_without_repeating_it(client, academy):
    login(client, academy.admin)
    response = _upload(client, SHIPPED.replace("years = 16", "years = " + "9" * 4000, 1))
    page = html.unescape(response.get_data(as_text=True))
    assert "'years' must be from 1 to 100" in page
    assert "(4000 characters)" in page and "9" * 100 not in page


def test_a_stored_record_with_an_unbounded_number_is_never_put_in_use(client, academy):
    """A record loaded before the bounds existed: activating it is refused and changes
    nothing, so the pathway pages keep answering."""
    record = _store_record(SHIPPED.replace("years = 16", "years = 99999999999999999999", 1), "bad")
    login(client, academy.admin)
    response = client.post(f"/admin/rules/{record.id}/activate", follow_redirects=True)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "cannot be used" in page and "'years' must be from 1 to 100" in page
    db.session.expire_all()
    assert [r.active for r in _records()] == [False]
    assert current_rule_set().version == "2026.2"
    _pathway_pages_answer(client, academy)


def test_activation_commits_only_when_every_driver_evaluates(client, academy, monkeypatch):
    """A rule set that fails for one driver (whatever the reason) is not put in use: the one in
    use stays, no standing is stored under the new one, and the pages keep answering."""
    from academy.models import PathwayStanding

    good = _store_record(SHIPPED.replace('version = "2026.2"', 'version = "good"'), "good")
    trap = _store_record(SHIPPED.replace('version = "2026.2"', 'version = "trap"'), "trap")
    login(client, academy.admin)
    assert client.post(f"/admin/rules/{good.id}/activate").status_code == 302

    original = min_age.MinAgeCheck.evaluate
    failing_driver = academy.other_driver.id

    def evaluate(self, view):
        if view.facts.driver_id == failing_driver and self.requirement.id == "alms-lmp3.age":
            raise OverflowError("date value out of range")
        return original(self, view)

    monkeypatch.setattr(min_age.MinAgeCheck, "evaluate", evaluate)
    response = client.post(f"/admin/rules/{trap.id}/activate", follow_redirects=True)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert f"cannot evaluate driver {failing_driver}" in page
    assert "OverflowError" in page and "The rule set in use is unchanged" in page
    db.session.expire_all()
    assert [(r.version, r.active) for r in _records()] == [("good", True), ("trap", False)]
    refs = set(db.session.execute(db.select(PathwayStanding.rule_set_ref)).scalars())
    assert refs == {current_rule_set().ref}
    assert current_rule_set().version == "good"
    monkeypatch.setattr(min_age.MinAgeCheck, "evaluate", original)
    _pathway_pages_answer(client, academy)
