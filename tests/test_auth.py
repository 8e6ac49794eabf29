from __future__ import annotations

import statistics
import time

import pytest

from academy.enums import Role
from academy.extensions import db
from academy.models import AuditEvent, User
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


STRANGER = "203.0.113.66"
OWNER = "198.51.100.7"


def _from(client, address: str):
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_account_locks_after_repeated_failures_from_one_address_and_says_so(client, app):
    user = make_user(Role.COACH)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/login", data={"email": user.email, "password": "wrong-password-1"})
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    page = response.get_data(as_text=True)
    assert "Too many failed attempts for this account from here" in page
    assert client.get("/dashboard").status_code == 302
    assert db.session.execute(
        db.select(AuditEvent).filter_by(action="account_locked", entity_id=user.id)
    ).scalar_one()


def test_a_stranger_guessing_cannot_lock_the_owner_out(app):
    """The attack: five wrong passwords locked the director out for 15 minutes, even against
    the right password, and a stranger could repeat that for ever."""
    director = make_user(Role.ADMIN)
    stranger = _from(app.test_client(), STRANGER)
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 2):
        stranger.post("/login", data={"email": director.email, "password": "guess-guess-1"})
    stopped = stranger.post("/login", data={"email": director.email, "password": PASSWORD})
    assert "Too many failed attempts" in stopped.get_data(as_text=True)
    owner = _from(app.test_client(), OWNER)
    response = owner.post("/login", data={"email": director.email, "password": PASSWORD})
    assert response.status_code == 302
    assert owner.get("/admin/users").status_code == 200


def test_the_lock_ends_with_its_window_and_the_user_can_sign_in_again(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LOCKOUT_SECONDS", 1)
    user = make_user(Role.COACH)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/login", data={"email": user.email, "password": "wrong-password-1"})
    locked = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert locked.status_code == 200
    time.sleep(1.1)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_a_right_password_clears_the_failures_before_it(client, app):
    user = make_user(Role.COACH)
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        client.post("/login", data={"email": user.email, "password": "wrong-password-1"})
    assert (
        client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    )
    client.post("/logout")
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        client.post("/login", data={"email": user.email, "password": "wrong-password-1"})
    assert (
        client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    )


def _answer_seconds(client, email: str) -> float:
    started = time.perf_counter()
    client.post("/login", data={"email": email, "password": "wrong-password-1"})
    return time.perf_counter() - started


def test_an_unknown_email_takes_as_long_as_a_known_one(app, monkeypatch):
    """The attack: unknown e-mails were answered in 7 ms, known ones in 88 ms (no hash was
    computed for unknown users), which told which accounts exist."""
    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", "pbkdf2:sha256:200000")
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES", 100)
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "100 per minute")
    user = make_user(Role.COACH)
    client = app.test_client()
    client.post("/login", data={"email": "warm-up@example.com", "password": "x"})
    known, unknown = [], []
    for _ in range(7):  # alternated, so that a busy machine slows both alike
        known.append(_answer_seconds(client, user.email))
        unknown.append(_answer_seconds(client, "nobody-here@example.com"))
    known_median, unknown_median = statistics.median(known), statistics.median(unknown)
    assert known_median > 0.02  # the slow hash is in use, so the comparison means something
    assert unknown_median > known_median * 0.5, (unknown, known)


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


def test_the_sign_in_limit_counts_failures_only(client, app, monkeypatch):
    """The attack: after about 50 correct sign-ins in an hour from one address (an academy
    office behind one router), correct passwords got 429."""
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    user = make_user(Role.COACH)
    codes = []
    for _ in range(6):
        codes.append(
            client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code
        )
        client.post("/logout")
    assert codes == [302] * 6
    failures = [
        client.post("/login", data={"email": user.email, "password": "wrong-1"}).status_code
        for _ in range(4)
    ]
    assert failures == [200, 200, 200, 429]


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
