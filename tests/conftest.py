"""Shared fixtures: one migrated database per run, emptied after every test.

The suite runs on SQLite (in memory) by default and on PostgreSQL when TEST_DATABASE_URL
is set; the schema always comes from the Alembic migrations, never from create_all().
"""

from __future__ import annotations

import contextvars
import os
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
from tests import parallel
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


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist each worker has a PostgreSQL database of its own, named after the
    worker beside TEST_DATABASE_URL's (`_worker_database` makes it): set before the tests are
    collected, so that `config.TestConfig` and every test reading the variable see it."""
    base = os.environ.get("TEST_DATABASE_URL", "")
    if parallel.WORKER and base.startswith("postgres"):
        os.environ["TEST_DATABASE_URL"] = parallel.worker_database_url(base)


@pytest.fixture(scope="session", autouse=True)
def _worker_database() -> Iterator[bool]:
    """The worker's own database, made for the run and dropped after it (then True)."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not parallel.WORKER or not url.startswith("postgres"):
        yield False
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from academy import psycopg_url

    worker_url = make_url(psycopg_url(url))
    name = worker_url.database
    admin = create_engine(worker_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield True
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def _app(_worker_database: bool) -> Iterator[Flask]:
    app = create_app({"TESTING": True})
    app.test_client_class = IsolatedClient
    with app.app_context():
        _commit_without_waiting_for_the_disk()
        _drop_everything()
        upgrade()
        _keep_reference_rows()
    yield app
    if not _worker_database:  # else the whole database goes
        with app.app_context():
            _drop_everything()


def _commit_without_waiting_for_the_disk() -> None:
    """`synchronous_commit = off` on the PostgreSQL test database: a commit returns before its
    WAL reaches the disk. Only a crash of the server could lose the last moments of a test
    database; what the tests see is unchanged, and the suite runs much faster (a test
    commits many times, each an fsync otherwise)."""
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.begin() as connection:
        name = connection.exec_driver_sql("SELECT current_database()").scalar()
        connection.exec_driver_sql(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    db.engine.dispose()  # connections read the setting when they open


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
    # The app lives as long as the session: a test that changes its settings (a time zone
    # fourteen hours ahead, CSRF on) must not leave them to the tests after it.
    settings = dict(_app.config)
    with _app.app_context():
        # The page cache lives as long as the session's app: ids start again in each test.
        page_cache.clear()
        yield _app
        db.session.rollback()
        db.session.remove()
        _empty_tables()
    _app.config.clear()
    _app.config.update(settings)


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
            _empty_postgresql_tables(connection, tables)
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


_superuser: dict[str, bool] = {}


def _empty_postgresql_tables(connection, tables) -> None:
    """What `TRUNCATE <every table> RESTART IDENTITY CASCADE` leaves, for a fraction of its
    cost: a TRUNCATE gives each of the tables and their indexes new files and catalogue
    rows, after every test, though a test fills only a few. Here only the tables holding rows
    are emptied, with DELETE, in replica mode (no triggers: neither the audit log's refusal
    nor the facts-version bumps, nor foreign-key checks, as under TRUNCATE), and every
    sequence a test drew from starts again. Replica mode needs a superuser (CI's `postgres`);
    anyone else gets the TRUNCATE."""
    if _superuser.get("yes") is None:
        _superuser["yes"] = connection.exec_driver_sql("SHOW is_superuser").scalar() == "on"
    if not _superuser["yes"]:
        names = ", ".join(table.name for table in tables)
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        return
    filled = (
        connection.exec_driver_sql(
            " UNION ALL ".join(
                f"SELECT '{table.name}' WHERE EXISTS (SELECT FROM {table.name})" for table in tables
            )
        )
        .scalars()
        .all()
    )
    connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
    for name in filled:
        connection.exec_driver_sql(f"DELETE FROM {name}")
    connection.exec_driver_sql("SET LOCAL session_replication_role = DEFAULT")
    # A sequence counts even what a rolled-back insert drew: restart every one that was used.
    connection.exec_driver_sql(
        "SELECT setval(quote_ident(schemaname) || '.' || quote_ident(sequencename), start_value, false) "
        "FROM pg_sequences WHERE schemaname = current_schema() AND last_value IS NOT NULL"
    )


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
