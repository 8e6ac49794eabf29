"""Pooled connections are tried before use only after a quiet spell, and a dead one is
replaced before a request sees it."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from academy import create_app, database
from academy.database import ping_after_idle
from academy.extensions import db


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(database.time, "monotonic", clock)
    return clock


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'ping.sqlite'}")
    ping_after_idle(engine, idle_seconds=2)
    yield engine
    engine.dispose()


def _count_pings(monkeypatch, engine, fail_first: int = 0) -> list[object]:
    pings: list[object] = []
    real_ping = engine.dialect.do_ping

    def ping(dbapi_connection):
        pings.append(dbapi_connection)
        if len(pings) <= fail_first:
            raise engine.dialect.loaded_dbapi.OperationalError("server closed the connection")
        return real_ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", ping)
    return pings


def _use(engine) -> object:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        return connection.connection.dbapi_connection


def test_a_connection_in_steady_use_is_not_pinged(monkeypatch, engine, clock):
    pings = _count_pings(monkeypatch, engine)
    for _ in range(5):
        _use(engine)
        clock.now += 1.5
    assert pings == []


def test_a_connection_idle_past_the_setting_is_pinged_once(monkeypatch, engine, clock):
    pings = _count_pings(monkeypatch, engine)
    first = _use(engine)
    clock.now += 2.5
    assert _use(engine) is first
    _use(engine)
    assert pings == [first]


def test_a_connection_that_fails_its_ping_is_replaced(monkeypatch, engine, clock):
    first = _use(engine)
    pings = _count_pings(monkeypatch, engine, fail_first=1)
    clock.now += 60
    replacement = _use(engine)
    assert pings[0] is first
    assert replacement is not first


def test_the_app_pings_its_pooled_connections_only_when_idle(monkeypatch, clock, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'app.sqlite'}"})
    assert "pool_pre_ping" not in app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
    idle = app.config["DATABASE_PING_AFTER_IDLE_SECONDS"]
    with app.app_context():
        engine = db.engine
        pings = _count_pings(monkeypatch, engine)
        first = _use(engine)
        assert _use(engine) is first
        clock.now += idle + 1
        _use(engine)
        engine.dispose()
    assert pings == [first]
