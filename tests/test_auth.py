from __future__ import annotations

from datetime import timedelta

import pytest

from academy.enums import Role
from academy.extensions import db
from academy.models import AuditEvent, User
from academy.models._types import utcnow
from tests.builders import PASSWORD, login, make_user


def test_signing_in_with_the_right_password_reaches_the_dashboard(client, academy):
    response = client.post(
        "/login", data={"email": academy.coach.email.capitalize(), "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard")
    assert "My drivers" in client.get("/dashboard").get_data(as_text=True)


def test_wrong_password_is_refused_with_a_message_and_no_session(client, academy):
    response = client.post(
        "/login", data={"email": academy.coach.email, "password": "nope-nope-nope"}
    )
    assert response.status_code == 200
    assert "Wrong email or password." in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(client, app):
    response = client.post("/login", data={"email": "nobody@example.com", "password": PASSWORD})
    assert "Wrong email or password." in response.get_data(as_text=True)


def test_malformed_email_is_a_field_error(client, app):
    response = client.post("/login", data={"email": "not an email", "password": PASSWORD})
    assert response.status_code == 200
    assert "Invalid email address." in response.get_data(as_text=True)


def test_account_locks_after_repeated_failures_and_says_so(client, app):
    user = make_user(Role.COACH)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/login", data={"email": user.email, "password": "wrong-password-1"})
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    page = response.get_data(as_text=True)
    assert "This account is locked after too many failed attempts" in page
    assert client.get("/dashboard").status_code == 302
    assert db.session.execute(
        db.select(AuditEvent).filter_by(action="account_locked", entity_id=user.id)
    ).scalar_one()


def test_lock_expires_and_the_user_can_sign_in_again(client, app):
    user = make_user(Role.COACH)
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_login_is_rate_limited_with_a_clear_page(client, app):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        codes = [
            client.post("/login", data={"email": "x@example.com", "password": "y"}).status_code
            for _ in range(4)
        ]
        assert codes[:3] == [200, 200, 200]
        assert codes[3] == 429
        page = client.post("/login", data={"email": "x@example.com", "password": "y"})
        assert "Too many attempts" in page.get_data(as_text=True)
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "10 per minute; 50 per hour"


def test_disabled_user_cannot_sign_in(client, app):
    user = make_user(Role.COACH, active=False)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert "disabled" in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


def test_disabling_a_signed_in_user_takes_effect_at_once(client, academy):
    login(client, academy.coach)
    assert client.get("/dashboard").status_code == 200
    db.session.get(User, academy.coach.id).active = False
    db.session.commit()
    assert client.get("/dashboard").status_code == 302


def test_logout_needs_a_post_and_ends_the_session(client, academy):
    login(client, academy.coach)
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert client.get("/dashboard").status_code == 302


def test_first_password_must_be_changed_before_anything_else(client, app):
    user = make_user(Role.COACH, must_change_password=True)
    login(client, user)
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/password")
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "Yas-Marina-night-7",
            "confirm": "Yas-Marina-night-7",
        },
    )
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("short1", "Use at least 10 characters."),
        ("coachnumber-2026", "Do not use your name or email address"),
        ("aaaaaaaaaaaa", "Use more different characters."),
    ],
)
def test_weak_new_passwords_are_refused_with_the_reason(client, app, new_password, message):
    user = make_user(Role.COACH, email="coachnumber@example.com", name="Coachnumber Test")
    login(client, user)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": new_password, "confirm": new_password},
    )
    assert message in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_next_parameter_cannot_send_the_user_to_another_site(client, academy):
    response = client.post(
        "/login?next=//evil.example/steal",
        data={"email": academy.coach.email, "password": PASSWORD},
    )
    assert response.headers["Location"].endswith("/dashboard")


def test_next_parameter_returns_to_the_page_asked_for(client, academy):
    response = client.post(
        "/login?next=/admin/audit",
        data={"email": academy.admin.email, "password": PASSWORD},
    )
    assert response.headers["Location"].endswith("/admin/audit")


def test_passwords_are_stored_hashed(app):
    user = make_user(Role.COACH)
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith("pbkdf2:sha256")


def test_production_hashes_with_scrypt():
    from academy.models.users import PASSWORD_METHOD

    assert PASSWORD_METHOD == "scrypt"


def test_session_cookie_is_httponly_and_samesite(client, academy):
    response = client.post("/login", data={"email": academy.coach.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_forms_refuse_a_missing_csrf_token():
    from academy import create_app

    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": True})
    with app.app_context():
        response = app.test_client().post(
            "/login", data={"email": "a@example.com", "password": "whatever12"}
        )
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)


def test_expired_session_is_sent_back_to_sign_in(client, academy):
    login(client, academy.coach)
    with client.session_transaction() as session:
        session.clear()
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
