"""Shared fixtures: one migrated database per run, emptied after every test.

The suite runs on SQLite (in memory) by default and on PostgreSQL when TEST_DATABASE_URL
is set; the schema always comes from the Alembic migrations, never from create_all().
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import event, text

from academy import create_app
from academy.enums import Role
from academy.extensions import db, limiter
from academy.page_cache import cache as page_cache
from tests.builders import make_driver, make_user

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"
REAL_DATA = SHARED / "data" / "real"


class IsolatedClient(FlaskClient):
    """Runs each request in an empty context, as a server would: its own application
    context, `g` and database session, not the test's."""

    def open(self, *args, **kwargs):
        """Bodies are read inside the request's context; with `buffered=False` a streamed body
        is read chunk by chunk as the test iterates it (it must then read it to the end)."""
        kwargs.setdefault("buffered", True)
        context = contextvars.Context()
        response = context.run(super().open, *args, **kwargs)
        if not kwargs["buffered"]:
            response.response = _IterateInContext(context, response.response)
        return response


class _IterateInContext:
    def __init__(self, context: contextvars.Context, iterable) -> None:
        self.context = context
        self.iterable = iterable

    def __iter__(self):
        iterator = self.context.run(iter, self.iterable)
        while True:
            try:
                yield self.context.run(next, iterator)
            except StopIteration:
                return

    def close(self) -> None:
        close = getattr(self.iterable, "close", None)
        if close is not None:
            self.context.run(close)


@pytest.fixture(scope="session")
def _app() -> Iterator[Flask]:
    app = create_app({"TESTING": True})
    app.test_client_class = IsolatedClient
    with app.app_context():
        _drop_everything()
        upgrade()
        _keep_reference_rows()
    yield app
    with app.app_context():
        _drop_everything()


def _drop_everything() -> None:
    """Start from an empty database, whatever an earlier run left behind."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            db.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture
def app(_app: Flask) -> Iterator[Flask]:
    """The app inside a fresh application context (fresh `g` and session) for each test."""
    limiter.reset()
    with _app.app_context():
        # The page cache lives as long as the session's app: ids start again in each test.
        page_cache.clear()
        yield _app
        db.session.rollback()
        db.session.remove()
        _empty_tables()


# Rows the migrations write (known classes, real circuits): put back after each test.
REFERENCE_TABLES = ("race_classes", "circuit_locations")
_reference_rows: dict[str, list[dict]] = {}


def _keep_reference_rows() -> None:
    with db.engine.connect() as connection:
        for name in REFERENCE_TABLES:
            table = db.metadata.tables[name]
            # Without their ids: the identity sequence, restarted by TRUNCATE, numbers them
            # again, so rows a test adds do not collide with them.
            _reference_rows[name] = [
                {key: value for key, value in row._mapping.items() if key != "id"}
                for row in connection.execute(table.select().order_by(table.c.id))
            ]


def _empty_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(table.name for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            # The audit log's triggers refuse DELETE (as they should): lift them while emptying.
            triggers = connection.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'audit_events'"
            ).all()
            for name, _ in triggers:
                connection.exec_driver_sql(f"DROP TRIGGER {name}")
            for table in tables:
                connection.execute(table.delete())
            for _, sql in triggers:
                connection.exec_driver_sql(sql)
        for name, rows in _reference_rows.items():
            if rows:
                connection.execute(db.metadata.tables[name].insert(), rows)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def count_queries(app: Flask):
    """Count SQL statements run inside a `with count_queries() as counter:` block."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        statements: list[str] = []

        def before_execute(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before_execute)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", before_execute)

    return counting


@pytest.fixture
def academy(app: Flask):
    """A small academy: a director, two coaches with a driver each, a principal."""
    from types import SimpleNamespace

    admin = make_user(Role.ADMIN, name="Director Lindqvist")
    coach = make_user(Role.COACH, name="Coach Tanaka")
    other_coach = make_user(Role.COACH, name="Coach Moreau")
    principal = make_user(Role.PRINCIPAL, name="Principal Okafor")
    driver_user = make_user(Role.DRIVER, name="Ren Sato")
    other_driver_user = make_user(Role.DRIVER, name="Li Haoran")
    driver = make_driver(
        legal_name="Ren Sato",
        native_name="佐藤 蓮",
        coach=coach,
        user=driver_user,
        consent_scouting=True,
    )
    other_driver = make_driver(
        legal_name="Li Haoran",
        native_name="李 浩然",
        coach=other_coach,
        user=other_driver_user,
        consent_scouting=False,
    )
    return SimpleNamespace(
        admin=admin,
        coach=coach,
        other_coach=other_coach,
        principal=principal,
        driver_user=driver_user,
        other_driver_user=other_driver_user,
        driver=driver,
        other_driver=other_driver,
    )
