"""Where the database stands against the Alembic revisions."""

from __future__ import annotations

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from academy import shipped_path
from academy.extensions import db


def migration_state() -> tuple[str | None, str | None]:
    """(revision the database is at, head revision of migrations/)."""
    config = Config()
    config.set_main_option("script_location", str(shipped_path("migrations")))
    head = ScriptDirectory.from_config(config).get_current_head()
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head
