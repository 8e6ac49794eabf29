from __future__ import annotations

import pytest

from academy import create_app, psycopg_url


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("ACADEMY_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    import importlib

    import config

    importlib.reload(config)
    try:
        with pytest.raises(
            RuntimeError, match="SECRET_KEY is missing or still the development default"
        ):
            create_app()
    finally:
        monkeypatch.delenv("ACADEMY_ENV")
        importlib.reload(config)


def test_production_starts_with_a_real_secret_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("ACADEMY_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a" * 64)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite'}")
    import importlib

    import config

    importlib.reload(config)
    try:
        app = create_app()
        assert app.config["SESSION_COOKIE_SECURE"] is True
        assert app.config["REMEMBER_COOKIE_SECURE"] is True
        response = app.test_client().get("/healthz")
        assert "Strict-Transport-Security" in response.headers
    finally:
        monkeypatch.delenv("ACADEMY_ENV")
        importlib.reload(config)


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


def test_app_module_exposes_the_wsgi_app():
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

    client = redis.Redis.from_url("redis://127.0.0.1:6379/14")
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379 (.ci/run starts one)")
    client.flushdb()
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/14",
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
