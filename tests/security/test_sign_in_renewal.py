"""What a sign-in, a disabled account and a password change leave behind: nothing from before
sign-in carries over, a disabled account's sessions never come back, and wrong current passwords
are throttled (security review, December 2026, findings 6, 7 and 8)."""

from __future__ import annotations

import re
import time

import pytest

from academy.enums import Role
from academy.extensions import db
from academy.models import AuditEvent, User
from tests.builders import PASSWORD, login, make_user

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def csrf_app(app, monkeypatch):
    """The test app with CSRF protection on, as in production."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    return app


def _token(client, path: str = "/login") -> str:
    return TOKEN.search(client.get(path).get_data(as_text=True)).group(1)


def _sign_in(client, user, token: str):
    response = client.post(
        "/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return response


def test_re_enabling_an_account_does_not_revive_its_old_sessions(app, academy):
    """The attack: a disabled account's session and 365-day remember cookie worked again as soon
    as the director enabled the account."""
    old_device = app.test_client()
    old_device.post(
        "/login", data={"email": academy.coach.email, "password": PASSWORD, "remember": "y"}
    )
    remember = old_device.get_cookie("remember_token")
    assert remember is not None
    director = app.test_client()
    login(director, academy.admin)
    director.post(f"/admin/users/{academy.coach.id}/active")  # disable
    director.post(f"/admin/users/{academy.coach.id}/active")  # enable again
    assert db.session.get(User, academy.coach.id).active
    assert old_device.get("/dashboard").status_code == 302
    only_remembered = app.test_client()
    only_remembered.set_cookie("remember_token", remember.value)
    assert only_remembered.get("/dashboard").status_code == 302
    fresh = app.test_client()
    login(fresh, academy.coach)
    assert fresh.get("/dashboard").status_code == 200


def test_a_csrf_token_planted_before_sign_in_does_not_work_after_it(csrf_app, academy):
    """The attack: a token (and session) handed to the victim before sign-in stayed valid in the
    signed-in session."""
    client = csrf_app.test_client()
    planted = _token(client)
    cookie_before = client.get_cookie("session").value
    _sign_in(client, academy.admin, planted)
    assert client.get_cookie("session").value != cookie_before
    with client.session_transaction() as session:
        assert "_user_id" in session
    response = client.post(f"/admin/users/{academy.coach.id}/active", data={"csrf_token": planted})
    assert response.status_code == 400
    assert db.session.get(User, academy.coach.id).active
    fresh = _token(client, "/admin/users")
    assert fresh != planted
    response = client.post(f"/admin/users/{academy.coach.id}/active", data={"csrf_token": fresh})
    assert response.status_code == 302


def test_csrf_tokens_expire(csrf_app, academy, monkeypatch):
    client = csrf_app.test_client()
    _sign_in(client, academy.admin, _token(client))
    token = _token(client, "/admin/users")
    monkeypatch.setitem(csrf_app.config, "WTF_CSRF_TIME_LIMIT", 1)
    time.sleep(2.1)
    response = client.post(f"/admin/users/{academy.coach.id}/active", data={"csrf_token": token})
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)


def test_csrf_tokens_last_as_long_as_a_session_and_no_longer(app):
    assert app.config["WTF_CSRF_TIME_LIMIT"] == app.config["PERMANENT_SESSION_LIFETIME"]


def _change(client, current: str):
    return client.post(
        "/account/password",
        data={
            "current_password": current,
            "new_password": "Fuji-Speedway-88x",
            "confirm": "Fuji-Speedway-88x",
        },
    )


def test_wrong_current_passwords_on_the_password_form_are_throttled(client, app):
    """The attack: 15 wrong current passwords in 2.4 s, no throttle, no lock: a stolen session
    could guess the password to keep the account."""
    user = make_user(Role.COACH)
    login(client, user)
    limit = int(app.config["PASSWORD_CHANGE_RATE_LIMIT"].split()[0])
    for attempt in range(limit):
        page = _change(client, f"guess-{attempt}-xyz").get_data(as_text=True)
        assert "This is not your current password." in page
    page = _change(client, PASSWORD).get_data(as_text=True)
    assert "Too many wrong current passwords" in page
    assert db.session.get(User, user.id).check_password(PASSWORD)
    assert db.session.execute(
        db.select(AuditEvent).filter_by(action="password_change_throttled", entity_id=user.id)
    ).scalar_one()


def test_the_password_form_does_not_say_whether_a_new_password_is_the_current_one(client, app):
    """With a wrong current password, the new one is not compared with the stored one (that
    comparison answered "is this the password?" past any throttle)."""
    user = make_user(Role.COACH)
    login(client, user)
    response = client.post(
        "/account/password",
        data={"current_password": "wrong-wrong-1", "new_password": PASSWORD, "confirm": PASSWORD},
    )
    page = response.get_data(as_text=True)
    assert "different from the current one" not in page
    assert "This is not your current password." in page


def test_a_new_password_equal_to_the_current_one_is_still_refused(client, app):
    user = make_user(Role.COACH)
    login(client, user)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": PASSWORD, "confirm": PASSWORD},
    )
    assert "Choose a password different from the current one." in response.get_data(as_text=True)
