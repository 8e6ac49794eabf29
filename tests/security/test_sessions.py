"""Session cookies: a copied cookie replayed from another browser or address signs nobody in
(Flask-Login "strong" session protection), and in production the session and remember-me
cookies are HttpOnly, Secure and SameSite."""

from __future__ import annotations

import logging
import re

import pytest
from flask_migrate import upgrade

from academy import create_app
from academy.enums import Role
from academy.extensions import db
from academy.logs import LOGGER_NAME
from tests.builders import PASSWORD, login, make_user
from tests.production import environment, production_settings

OWNER_BROWSER = "Mozilla/5.0 (Macintosh) Safari/605.1"
OTHER_BROWSER = "Mozilla/5.0 (X11; Linux) Firefox/131.0"
HTTPS = "https://academy.example"


def _signed_in(app, user, *, browser: str = OWNER_BROWSER, address: str = "203.0.113.7"):
    client = app.test_client()
    client.environ_base.update({"HTTP_USER_AGENT": browser, "REMOTE_ADDR": address})
    login(client, user)
    assert client.get("/dashboard").status_code == 200
    return client


def _replay(app, cookie, *, browser: str, address: str):
    """Another client that only has the copied session cookie."""
    thief = app.test_client()
    thief.environ_base.update({"HTTP_USER_AGENT": browser, "REMOTE_ADDR": address})
    thief.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    return thief


def test_a_session_cookie_replayed_from_another_browser_signs_nobody_in(app, academy):
    owner = _signed_in(app, academy.coach)
    thief = _replay(app, owner.get_cookie("session"), browser=OTHER_BROWSER, address="203.0.113.7")
    response = thief.get("/dashboard")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_session_cookie_replayed_from_another_address_signs_nobody_in(app, academy):
    owner = _signed_in(app, academy.coach)
    thief = _replay(
        app, owner.get_cookie("session"), browser=OWNER_BROWSER, address="198.51.100.23"
    )
    assert thief.get("/dashboard").status_code == 302


def test_the_same_cookie_from_the_same_browser_and_address_still_works(app, academy):
    owner = _signed_in(app, academy.coach)
    same = _replay(app, owner.get_cookie("session"), browser=OWNER_BROWSER, address="203.0.113.7")
    assert same.get("/dashboard").status_code == 200


def test_a_failed_replay_clears_the_session_it_was_sent_with(app, academy):
    owner = _signed_in(app, academy.coach)
    thief = _replay(app, owner.get_cookie("session"), browser=OTHER_BROWSER, address="203.0.113.7")
    thief.get("/dashboard")
    thief.environ_base["HTTP_USER_AGENT"] = OWNER_BROWSER
    assert thief.get("/dashboard").status_code == 302


@pytest.fixture
def production_app(monkeypatch, tmp_path):
    """The app as `ACADEMY_ENV=production` starts it, on a database of its own."""
    academy_logger = logging.getLogger(LOGGER_NAME)
    propagate = academy_logger.propagate
    with environment(monkeypatch, production_settings(tmp_path)):
        app = create_app()
        try:
            with app.app_context():
                upgrade()
                make_user(Role.COACH, email="coach@example.com")
            yield app
        finally:
            academy_logger.propagate = propagate
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


def _cookie_headers(response) -> dict[str, str]:
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def test_in_production_the_session_and_remember_cookies_are_httponly_secure_and_samesite(
    production_app,
):
    client = production_app.test_client()
    page = client.get("/login", base_url=HTTPS).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login",
        data={
            "csrf_token": token,
            "email": "coach@example.com",
            "password": PASSWORD,
            "remember": "y",
        },
        base_url=HTTPS,
        headers={"Referer": f"{HTTPS}/login"},  # Flask-WTF checks it on HTTPS
    )
    assert response.status_code == 302
    cookies = _cookie_headers(response)
    assert set(cookies) >= {"session", "remember_token"}
    for name in ("session", "remember_token"):
        flags = [part.strip().lower() for part in cookies[name].split(";")]
        assert "secure" in flags, name
        assert "httponly" in flags, name
        assert "samesite=lax" in flags, name


def test_a_session_copied_before_logout_is_useless_after_it(client, academy):
    from tests.builders import login

    login(client, academy.coach)
    with client.session_transaction() as session:
        stolen = dict(session)
    client.post("/logout")
    thief = client.application.test_client()
    with thief.session_transaction() as session:
        session.update(stolen)
    response = thief.get("/dashboard")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_changing_the_password_signs_out_other_sessions_but_not_this_one(client, academy):
    from tests.builders import PASSWORD, login

    other_device = client.application.test_client()
    login(other_device, academy.coach)
    login(client, academy.coach)
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "Fuji-Speedway-88x",
            "confirm": "Fuji-Speedway-88x",
        },
    )
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200
    assert other_device.get("/dashboard").status_code == 302
