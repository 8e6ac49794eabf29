"""The schema comes from the migrations alone, and the migrations match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from academy import create_app
from academy.extensions import db


def _differences(connection) -> list:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, db.metadata)


def test_test_database_was_built_by_the_migrations_and_matches_the_models(app):
    with db.engine.connect() as connection:
        assert _differences(connection) == []
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    from academy.schema import migration_state

    current, head = migration_state()
    assert version == current == head


def test_empty_sqlite_file_upgrades_to_head_and_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            assert _differences(connection) == []
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "drivers" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_every_model_table_is_created_by_the_migrations(app):
    engine_tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= engine_tables


def test_sqlite_enforces_the_check_constraints(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'c.sqlite'}")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": str(engine.url)})
    with app.app_context():
        upgrade()
        with db.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO users (email, display_name, role, password_hash, active, "
                "must_change_password, failed_logins, created_at) "
                "VALUES ('a@b.c', 'A', 'admin', 'x', 1, 0, 0, '2026-01-01')"
            )
        import pytest
        from sqlalchemy.exc import IntegrityError

        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO users (email, display_name, role, password_hash, active, "
                "must_change_password, failed_logins, created_at) "
                "VALUES ('b@b.c', 'B', 'wizard', 'x', 1, 0, 0, '2026-01-01')"
            )
        db.engine.dispose()


def test_empty_postgresql_database_upgrades_to_head_and_back():
    import os
    import uuid

    import pytest
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("TEST_DATABASE_URL does not point at PostgreSQL (CI sets it)")
    from academy import psycopg_url

    server = make_url(psycopg_url(url))
    name = f"academy_fresh_{uuid.uuid4().hex[:8]}"
    admin_engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        app = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": server.set(database=name).render_as_string(
                    hide_password=False
                ),
            }
        )
        with app.app_context():
            upgrade()
            with db.engine.connect() as connection:
                assert _differences(connection) == []
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            db.engine.dispose()
    finally:
        with admin_engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()
