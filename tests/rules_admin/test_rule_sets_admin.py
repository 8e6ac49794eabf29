from __future__ import annotations

import io

from academy.extensions import db
from academy.models import AuditEvent, RuleSetRecord
from academy.pathway.loader import RULESETS_DIR
from academy.progress.rule_sets import current_rule_set
from tests.builders import login

SHIPPED = (RULESETS_DIR / "alms-to-le-mans.toml").read_text(encoding="utf-8")


def _upload(client, text: str | bytes, name: str = "rules.toml"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(
        "/admin/rules/",
        data={"rule_file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _records() -> list[RuleSetRecord]:
    return list(db.session.execute(db.select(RuleSetRecord).order_by(RuleSetRecord.id)).scalars())


def test_director_loads_a_valid_file_which_is_not_in_use_until_activated(client, academy):
    login(client, academy.admin)
    text = SHIPPED.replace('version = "2026.2"', 'version = "2026.9"')
    response = _upload(client, text)
    assert response.status_code == 302
    [record] = _records()
    assert (record.key, record.version, record.active) == ("alms-to-le-mans", "2026.9", False)
    assert current_rule_set().version == "2026.2"  # still the shipped default

    client.post(f"/admin/rules/{record.id}/activate")
    db.session.expire_all()
    assert current_rule_set().version == "2026.9"
    actions = (
        db.session.execute(
            db.select(AuditEvent.action).where(AuditEvent.entity_type == "rule_sets")
        )
        .scalars()
        .all()
    )
    assert actions == ["rule_set_loaded", "rule_set_activated"]


def test_activating_another_version_retires_the_one_in_use(client, academy):
    login(client, academy.admin)
    _upload(client, SHIPPED.replace('version = "2026.2"', 'version = "A"'))
    _upload(client, SHIPPED.replace('version = "2026.2"', 'version = "B"'))
    first, second = _records()
    client.post(f"/admin/rules/{first.id}/activate")
    client.post(f"/admin/rules/{second.id}/activate")
    db.session.expire_all()
    assert [record.active for record in _records()] == [False, True]


def test_a_malformed_file_is_refused_naming_requirement_and_reason_and_nothing_is_saved(
    client, academy
):
    login(client, academy.admin)
    broken = SHIPPED.replace('kind = "min_age"', 'kind = "min_shoe_size"', 1)
    response = _upload(client, broken, "broken.toml")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "broken.toml is refused; nothing was loaded." in page
    assert "alms-lmp3.age" in page and "unknown kind" in page and "min_shoe_size" in page
    assert _records() == []


def test_toml_syntax_errors_and_binary_files_are_refused(client, academy):
    login(client, academy.admin)
    assert "TOML syntax" in _upload(client, "key = [unclosed").get_data(as_text=True)
    assert "not UTF-8 text" in _upload(client, b"\x89PNG\r\n\x1a\n\xff\xfe").get_data(as_text=True)
    assert "larger than" in _upload(client, "#" * (300 * 1024)).get_data(as_text=True)
    assert _records() == []


def test_same_version_with_different_content_is_refused(client, academy):
    login(client, academy.admin)
    _upload(client, SHIPPED)
    changed = SHIPPED.replace("years = 16", "years = 17", 1)
    page = _upload(client, changed).get_data(as_text=True)
    assert "already loaded with different content" in page
    assert len(_records()) == 1


def test_loading_the_same_file_twice_changes_nothing(client, academy):
    login(client, academy.admin)
    _upload(client, SHIPPED)
    response = _upload(client, SHIPPED)
    assert response.status_code == 302
    assert len(_records()) == 1


def test_shipped_file_can_be_loaded_from_the_page(client, academy):
    login(client, academy.admin)
    response = client.post("/admin/rules/shipped/alms-to-le-mans/load")
    assert response.status_code == 302
    [record] = _records()
    assert record.source_text == SHIPPED
    page = client.get(f"/admin/rules/{record.id}").get_data(as_text=True)
    assert "alms-lmp3.age" in page


def test_activating_a_rule_set_works_out_the_board_under_it_at_once(client, academy):
    from academy.models import PathwayStanding

    login(client, academy.admin)
    _upload(client, SHIPPED.replace('version = "2026.2"', 'version = "2026.3"'))
    [record] = _records()
    response = client.post(f"/admin/rules/{record.id}/activate", follow_redirects=True)
    assert "is now the rule set in use" in response.get_data(as_text=True)
    # Activation is a job (here in the process: no Redis), finished when the page is back.
    from academy.models import Job

    [job] = db.session.execute(db.select(Job)).scalars().all()
    assert (job.kind, job.status, job.message) == (
        "rule_set_activation",
        "finished",
        "2 drivers worked out",
    )
    refs = db.session.execute(db.select(PathwayStanding.rule_set_ref)).scalars().all()
    assert refs == [current_rule_set().ref] * 2
    assert current_rule_set().version == "2026.3"
