from __future__ import annotations

import secrets

import pytest

from academy import create_app, psycopg_url
from academy.enums import Role
from academy.extensions import db
from config import DEFAULT_SECRET_KEY, secret_key_problems
from tests.builders import make_user
from tests.production import environment, production_settings


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    settings = {**production_settings(tmp_path), "SECRET_KEY": None}
    with (
        environment(monkeypatch, settings),
        pytest.raises(RuntimeError, match="SECRET_KEY is missing or still the development default"),
    ):
        create_app()


@pytest.mark.parametrize(
    "weak_key",
    ["x", "a" * 64, "load-test-" + "x" * 40, "correct horse battery", DEFAULT_SECRET_KEY],
)
def test_production_refuses_short_or_weak_secret_keys(monkeypatch, tmp_path, weak_key):
    settings = {**production_settings(tmp_path), "SECRET_KEY": weak_key}
    with (
        environment(monkeypatch, settings),
        pytest.raises(RuntimeError, match="SECRET_KEY is (too weak|missing)"),
    ):
        create_app()


@pytest.mark.parametrize(
    "maker", [lambda: secrets.token_hex(32), lambda: secrets.token_urlsafe(32)]
)
def test_generated_keys_are_strong_enough(maker):
    assert secret_key_problems(maker()) == []


def test_with_academy_env_unset_the_app_refuses_to_start_even_with_the_published_key(
    monkeypatch, tmp_path
):
    """The attack: `gunicorn app:app` without ACADEMY_ENV ran the development configuration,
    whose key is in the repository, and accepted cookies forged with it."""
    settings = {"ACADEMY_ENV": None, "SECRET_KEY": None, "DATABASE_URL": f"sqlite:///{tmp_path}/x"}
    with (
        environment(monkeypatch, settings),
        pytest.raises(RuntimeError, match="ACADEMY_ENV is not set"),
    ):
        create_app()


def test_a_cookie_forged_with_the_published_key_is_refused_in_production(monkeypatch, tmp_path):
    from flask.sessions import SecureCookieSessionInterface
    from flask_migrate import upgrade

    with environment(monkeypatch, production_settings(tmp_path)):
        app = create_app()
        with app.app_context():
            upgrade()
            director = make_user(Role.ADMIN, email="director@example.com")
            forged_id = director.get_id()
            db.session.commit()
        forger = create_app({"SECRET_KEY": DEFAULT_SECRET_KEY})
        serializer = SecureCookieSessionInterface().get_signing_serializer(forger)
        cookie = serializer.dumps({"_user_id": forged_id, "_fresh": True})
        client = app.test_client()
        client.set_cookie("session", cookie, domain="academy.example")
        response = client.get("/admin/users", base_url="https://academy.example")
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
        with app.app_context():
            db.engine.dispose()


def test_development_runs_only_when_asked_and_then_with_the_development_key(monkeypatch):
    with environment(monkeypatch, {"ACADEMY_ENV": "development", "SECRET_KEY": None}):
        app = create_app()
        assert app.config["ACADEMY_ENV"] == "development"
        assert app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY


def test_production_starts_with_a_real_secret_and_secure_cookies(monkeypatch, tmp_path):
    with environment(monkeypatch, production_settings(tmp_path)):
        app = create_app()
        assert app.config["SESSION_COOKIE_SECURE"] is True
        assert app.config["REMEMBER_COOKIE_SECURE"] is True
        response = app.test_client().get("/healthz", base_url="https://academy.example")
        assert "Strict-Transport-Security" in response.headers


def test_production_refuses_rate_limits_kept_in_each_worker_s_memory(monkeypatch, tmp_path):
    """The attack: with two workers, 19 failures got through a 10-per-minute limit."""
    settings = {**production_settings(tmp_path), "RATELIMIT_STORAGE_URI": None}
    with (
        environment(monkeypatch, settings),
        pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI is memory://"),
    ):
        create_app()


@pytest.mark.parametrize("base", [None, "http://academy.example", "academy.example"])
def test_production_refuses_to_start_without_an_https_public_address(monkeypatch, tmp_path, base):
    settings = {**production_settings(tmp_path), "PUBLIC_BASE_URL": base}
    with (
        environment(monkeypatch, settings),
        pytest.raises(RuntimeError, match="PUBLIC_BASE_URL is missing or not https"),
    ):
        create_app()


def test_production_lists_every_missing_setting_at_once(monkeypatch, tmp_path):
    settings = {
        "ACADEMY_ENV": "production",
        "SECRET_KEY": None,
        "RATELIMIT_STORAGE_URI": None,
        "PUBLIC_BASE_URL": None,
    }
    with environment(monkeypatch, settings), pytest.raises(RuntimeError) as refused:
        create_app()
    message = str(refused.value)
    assert "SECRET_KEY" in message
    assert "RATELIMIT_STORAGE_URI" in message
    assert "PUBLIC_BASE_URL" in message


def test_production_answers_only_its_own_host_names(monkeypatch, tmp_path):
    settings = {**production_settings(tmp_path), "TRUSTED_HOSTS": "127.0.0.1"}
    with environment(monkeypatch, settings):
        client = create_app().test_client()
        assert client.get("/healthz", base_url="https://academy.example").status_code == 200
        assert client.get("/healthz", base_url="http://127.0.0.1").status_code == 200
        assert client.get("/login", base_url="https://evil.example").status_code == 400
        forged = client.get(
            "/login", base_url="https://academy.example", headers={"Host": "evil.example"}
        )
        assert forged.status_code == 400


def test_unknown_environment_name_is_refused(monkeypatch):
    monkeypatch.setenv("ACADEMY_ENV", "staging-typo")
    with pytest.raises(RuntimeError, match="staging-typo"):
        create_app()


def test_environment_variables_override_the_defaults(monkeypatch):
    monkeypatch.setenv("ACADEMY_NAME", "Sepang Driver Academy")
    import importlib

    import config

    importlib.reload(config)
    try:
        app = create_app({"TESTING": True})
        assert app.config["ACADEMY_NAME"] == "Sepang Driver Academy"
    finally:
        monkeypatch.delenv("ACADEMY_NAME")
        importlib.reload(config)


@pytest.mark.parametrize(
    "url",
    ["postgres://u@h/db", "postgresql://u@h/db", "postgresql+psycopg://u@h/db"],
)
def test_postgres_urls_use_psycopg_3(url):
    assert psycopg_url(url) == "postgresql+psycopg://u@h/db"


def test_app_module_exposes_the_wsgi_app(monkeypatch):
    monkeypatch.setenv("ACADEMY_ENV", "development")
    import app as entry

    assert entry.app.name == "academy"
    assert "main.dashboard" in entry.app.view_functions


def test_behind_a_trusted_proxy_the_client_address_comes_from_the_proxy():
    from flask import request

    from academy.permissions import public

    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "TRUSTED_PROXIES": 1}
    )

    @public
    def whoami():
        return f"{request.remote_addr} {request.scheme}"

    app.add_url_rule("/__whoami", "whoami", whoami)
    response = app.test_client().get(
        "/__whoami", headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    )
    assert response.get_data(as_text=True) == "203.0.113.9 https"


def test_without_trusted_proxies_forwarded_headers_are_ignored():
    from flask import request

    from academy.permissions import public

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})

    @public
    def whoami():
        return request.remote_addr

    app.add_url_rule("/__whoami", "whoami", whoami)
    response = app.test_client().get("/__whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.get_data(as_text=True) == "127.0.0.1"


def test_login_limits_can_live_in_redis_shared_by_every_worker():
    import redis

    from tests import parallel

    url = parallel.redis_url()  # the xdist worker's own: FLUSHDB empties nobody else's
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url} (.ci/run starts one)")
    client.flushdb()
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "RATELIMIT_STORAGE_URI": url,
            "LOGIN_RATE_LIMIT": "2 per minute",
        }
    )
    codes = [
        app.test_client()
        .post("/login", data={"email": "not-an-email", "password": "x"})
        .status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    assert client.keys("LIMITS*")
    client.flushdb()
