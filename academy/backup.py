"""Consistent backups and restores of the academy's database.

SQLite: the online backup API (a consistent copy while the app keeps running).
PostgreSQL: pg_dump's custom format (a consistent snapshot), restored with pg_restore.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from sqlalchemy.engine import Engine, make_url


class BackupError(RuntimeError):
    pass


def default_backup_path(engine: Engine, directory: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite" if engine.dialect.name == "sqlite" else "dump"
    return directory / f"academy-{stamp}.{suffix}"


def backup_database(engine: Engine, destination: Path) -> Path:
    destination.parent.mkdir(parents=True, exist_ok=True)
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            target = sqlite3.connect(destination)
            with target:
                cast(sqlite3.Connection, raw.driver_connection).backup(target)
            target.close()
        finally:
            raw.close()
    elif engine.dialect.name == "postgresql":
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(destination),
                _libpq_url(engine),
            ]
        )
    else:
        raise BackupError(f"No backup method for {engine.dialect.name} databases.")
    return destination


def restore_database(engine: Engine, source: Path) -> None:
    """Replace the database's content with the backup's. Other connections must be idle."""
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    if engine.dialect.name == "sqlite":
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            _check_sqlite_backup(backup, source)
            raw = engine.raw_connection()
            try:
                backup.backup(cast(sqlite3.Connection, raw.driver_connection))
            finally:
                raw.close()
        finally:
            backup.close()
    elif engine.dialect.name == "postgresql":
        engine.dispose()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                _libpq_url(engine),
                str(source),
            ]
        )
        engine.dispose()
    else:
        raise BackupError(f"No restore method for {engine.dialect.name} databases.")


def _check_sqlite_backup(connection: sqlite3.Connection, source: Path) -> None:
    try:
        result = connection.execute("PRAGMA integrity_check").fetchone()
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not an SQLite backup: {error}") from None
    if result != ("ok",):
        raise BackupError(f"{source} fails SQLite's integrity check: {result}")
    if "alembic_version" not in tables:
        raise BackupError(f"{source} is not an Academy backup (no alembic_version table).")


def _libpq_url(engine: Engine) -> str:
    url = make_url(engine.url.render_as_string(hide_password=False)).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian package postgresql-client).")
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise BackupError(f"{command[0]} failed: {completed.stderr.strip()}")
