"""The audit log page: newest first, records named and linked, differences, filters, paging,
and the same number of statements whatever the page size."""

from __future__ import annotations

import html
import re
from datetime import datetime

from academy.enums import ApplicationStatus, LicenceGrade
from academy.extensions import db
from academy.models import AuditEvent, LicenceApplication
from tests.builders import login


def add_event(action, entity_type, entity_id, *, at, actor=None, before=None, after=None):
    event = AuditEvent(
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        at=at,
        actor_id=actor.id if actor else None,
        before=before,
        after=after,
    )
    db.session.add(event)
    db.session.commit()
    return event


def lines(page: str) -> list[str]:
    return [
        " ".join(re.sub(r"<[^>]+>", " ", item).split())
        for item in re.findall(r'<li class="audit-line">(.*?)</summary>', page, re.S)
    ]


def application_of(driver, coach):
    application = LicenceApplication(
        driver_id=driver.id,
        target_grade=LicenceGrade.INTERNATIONAL_C,
        status=ApplicationStatus.DRAFT,
        rule_set_key="alms-to-le-mans",
        created_by_id=coach.id,
    )
    db.session.add(application)
    db.session.commit()
    return application


def test_events_are_newest_first_with_records_named_and_linked(client, academy):
    application = application_of(academy.driver, academy.coach)
    add_event("driver_updated", "drivers", academy.driver.id, at=datetime(2026, 3, 1, 9))
    add_event(
        "licence_application_endorse",
        "licence_applications",
        application.id,
        at=datetime(2026, 3, 2, 9),
        actor=academy.coach,
    )
    login(client, academy.admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    found = lines(page)
    assert found[0].startswith(
        "2 March 2026, 09:00 UTC Endorsed a licence application: licence application of "
        "Ren Sato by Coach Tanaka"
    )
    # The app's one date style for people; the machine-readable moment stays ISO (UTC).
    assert '<time datetime="2026-03-02T09:00:00Z">2 March 2026, 09:00 UTC</time>' in page
    assert "2026-03-02 09:00" not in page
    assert "driver Ren Sato" in found[1]
    assert f'href="/drivers/{academy.driver.id}/licence/{application.id}"' in page
    assert "licence_applications #" not in page


def test_before_and_after_show_only_what_changed(client, academy):
    add_event(
        "user_updated",
        "users",
        academy.coach.id,
        at=datetime(2026, 3, 1, 9),
        before={"role": "coach", "active": True, "email": "a@x"},
        after={"role": "coach", "active": False, "email": "b@x"},
    )
    login(client, academy.admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "account of Coach Tanaka" in page
    assert (
        '<td data-label="Field">active</td><td data-label="Before"><del>yes</del></td>'
        '<td data-label="After"><ins>no</ins></td>'
    ) in page
    assert (
        '<td data-label="Field">email</td><td data-label="Before"><del>a@x</del></td>'
        '<td data-label="After"><ins>b@x</ins></td>'
    ) in page
    assert '<td data-label="Field">role</td>' not in page


def test_filters_by_who_what_and_when(client, academy):
    add_event(
        "driver_updated", "drivers", academy.driver.id, at=datetime(2026, 1, 5), actor=academy.coach
    )
    add_event(
        "user_created", "users", academy.coach.id, at=datetime(2026, 2, 5), actor=academy.admin
    )
    add_event(
        "driver_updated",
        "drivers",
        academy.other_driver.id,
        at=datetime(2026, 3, 5),
        actor=academy.admin,
    )
    login(client, academy.admin)

    def shown(query):
        return lines(client.get("/admin/audit?" + query).get_data(as_text=True))

    assert len(shown(f"who={academy.coach.id}")) == 1
    assert [line.split(",")[0] for line in shown("what=drivers")] == [
        "5 March 2026",
        "5 January 2026",
    ]
    assert len(shown("since=2026-02-01&until=2026-02-28")) == 1
    assert len(shown("since=not-a-date")) == 3


def test_pages_keep_the_filters(client, academy):
    for day in range(1, 31):
        add_event("driver_updated", "drivers", academy.driver.id, at=datetime(2026, 1, day))
    login(client, academy.admin)
    page = client.get("/admin/audit?what=drivers&size=25").get_data(as_text=True)
    assert len(lines(page)) == 25
    assert "Page 1 of 2" in page
    assert "page=2" in page and "what=drivers" in page
    second = client.get("/admin/audit?what=drivers&size=25&page=2").get_data(as_text=True)
    assert [line.split(",")[0] for line in lines(second)] == [
        f"{d} January 2026" for d in range(5, 0, -1)
    ]


def test_the_page_runs_the_same_statements_for_25_or_100_events(client, academy, count_queries):
    application = application_of(academy.driver, academy.coach)
    kinds = [
        ("drivers", academy.driver.id),
        ("users", academy.coach.id),
        ("licence_applications", application.id),
        ("results", 999),
    ]
    for index in range(120):
        table, id_ = kinds[index % len(kinds)]
        add_event("changed", table, id_, at=datetime(2026, 1, 1, index // 60, index % 60))
    login(client, academy.admin)
    client.get("/admin/audit?size=25")
    with count_queries() as small:
        assert client.get("/admin/audit?size=25").status_code == 200
    with count_queries() as large:
        assert client.get("/admin/audit?size=100").status_code == 200
    assert len(large) == len(small)


def test_the_directors_dashboard_names_recent_records_as_the_audit_log_does(client, academy):
    application = application_of(academy.driver, academy.coach)
    add_event("driver_updated", "drivers", academy.driver.id, at=datetime(2026, 3, 2, 9))
    add_event(
        "licence_application_endorse",
        "licence_applications",
        application.id,
        at=datetime(2026, 3, 1, 9),
        actor=academy.coach,
    )
    login(client, academy.admin)
    page = client.get("/dashboard").get_data(as_text=True)
    recent = html.unescape(page[page.index("Recent activity") :])
    assert "licence_applications #" not in recent and "drivers #" not in recent
    assert f'href="/drivers/{academy.driver.id}/licence/{application.id}"' in recent
    # Newest first by when it happened, whatever order the events were recorded in.
    assert recent.index("Edited a driver's profile") < recent.index(
        "Endorsed a licence application"
    )


def _action_strings(node, where: str, tree, parents) -> list[str]:
    """The action strings one `audit.record` argument can be (see `_written_actions`)."""
    import ast

    from academy.licensing.workflow import Action

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _action_strings(node.body, where, tree, parents) + _action_strings(
            node.orelse, where, tree, parents
        )
    if isinstance(node, ast.JoinedStr):
        prefix = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
        assert prefix == "licence_application_", f"{where}: an f-string action to teach"
        return [prefix + action.value for action in Action]
    if isinstance(node, ast.Name):
        scope = node
        while not isinstance(scope, ast.FunctionDef):
            scope = parents[scope]
        index = [a.arg for a in scope.args.args].index(node.id)
        values: list[str] = []
        for call in ast.walk(tree):
            if isinstance(call, ast.Call) and getattr(call.func, "id", None) == scope.name:
                arg = next((k.value for k in call.keywords if k.arg == node.id), None)
                values += _action_strings(
                    arg or call.args[index], f"{where} via {scope.name}", tree, parents
                )
        assert values, f"{where}: no caller of {scope.name} gives {node.id}"
        return values
    raise AssertionError(f"{where}: an action written in a form this test cannot read")


def _written_actions() -> dict[str, str]:
    """Every action string the application code passes to `audit.record`, with where: literal
    strings, either side of a conditional, a parameter filled in by the callers in the same
    module, and the licence workflow's `licence_application_<action>`."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "academy"
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "record"
                and getattr(node.func.value, "id", None) == "audit"
            ):
                where = f"{path.relative_to(root.parent)}:{node.lineno}"
                for action in _action_strings(node.args[0], where, tree, parents):
                    found.setdefault(action, where)
    return found


def test_every_action_the_code_records_has_plain_words():
    from academy.audit import ACTION_WORDS

    written = _written_actions()
    assert len(written) > 40  # the scan found the calls
    assert {"licence_added", "medical_updated", "licence_application_endorse"} <= set(written)
    missing = {action: where for action, where in written.items() if action not in ACTION_WORDS}
    assert not missing, f"actions with no wording in academy.audit.ACTION_WORDS: {missing}"
    # Plain words: a sentence, never the action's code name.
    for action, words in ACTION_WORDS.items():
        assert words[0].isupper() and "_" not in words, action


def test_the_log_shows_an_action_in_plain_words(client, academy):
    application = application_of(academy.driver, academy.coach)
    add_event(
        "licence_application_approve",
        "licence_applications",
        application.id,
        at=datetime(2026, 3, 2, 9),
        actor=academy.admin,
    )
    add_event("results.imported.legacy", "events", None, at=datetime(2026, 3, 1, 9))
    login(client, academy.admin)
    found = lines(client.get("/admin/audit").get_data(as_text=True))
    assert found[0].startswith("2 March 2026, 09:00 UTC Approved a licence application:")
    assert "licence application approve" not in " ".join(found)
    # An action no longer written still reads as words.
    assert "Results imported legacy:" in found[1]
