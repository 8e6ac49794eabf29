"""CSRF on every state-changing route, and an audit log that cannot be rewritten."""

from __future__ import annotations

import re

import pytest

from academy.enums import Role
from academy.extensions import db
from academy.models import AuditEvent
from tests.builders import PASSWORD, make_user

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _state_changing_urls(app) -> list[tuple[str, str]]:
    urls = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & STATE_CHANGING):
            values = {argument: 1 for argument in rule.arguments}
            for argument, converter in rule._converters.items():
                if type(converter).__name__ in (
                    "UnicodeConverter",
                    "PathConverter",
                    "AnyConverter",
                ):
                    values[argument] = "x"
            with app.test_request_context():
                from flask import url_for

                urls.append((method, url_for(rule.endpoint, **values)))
    return urls


@pytest.fixture
def csrf_app(app):
    """The test app with CSRF protection on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield app
    app.config["WTF_CSRF_ENABLED"] = False


def _signed_in_client(csrf_app, user):
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_every_state_changing_route_refuses_a_missing_csrf_token(csrf_app):
    admin = make_user(Role.ADMIN)
    client = _signed_in_client(csrf_app, admin)
    urls = _state_changing_urls(csrf_app)
    assert ("POST", "/logout") in urls
    for method, url in urls:
        response = client.open(url, method=method, data={"anything": "1"})
        assert response.status_code == 400, (
            f"{method} {url} answered {response.status_code} without a CSRF token"
        )


def test_a_wrong_csrf_token_is_refused_too(csrf_app):
    admin = make_user(Role.ADMIN)
    client = _signed_in_client(csrf_app, admin)
    response = client.post(f"/admin/users/{admin.id}/active", data={"csrf_token": "forged"})
    assert response.status_code == 400


def test_audit_events_cannot_be_changed_or_deleted(app):
    event = AuditEvent(action="test", entity_type="drivers", entity_id=1, request_id="")
    db.session.add(event)
    db.session.commit()
    event.action = "rewritten"
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(event)
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(AuditEvent, event.id).action == "test"


def test_no_route_edits_the_audit_log(app):
    audit_rules = [rule for rule in app.url_map.iter_rules() if "audit" in rule.rule]
    assert audit_rules
    for rule in audit_rules:
        assert not (rule.methods or set()) & STATE_CHANGING, rule.rule
