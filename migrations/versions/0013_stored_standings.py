"""stored_standings and data_versions: each current season's championship (standings and
invitation races) stored with what it was worked out from, so that the director's dashboard
does not work out the standings of hundreds of cars on every view; and the version of the
championship data, which database triggers change on every write to anything the standings
are made of (results, race entries, season entries, teams, events, seasons, series, FIA
categorisation records, a driver's name or category).

The version is a random token, not a counter: a database emptied or restored never hands out a
version that a standing was already stored under. Triggers, as in 0003, so that every write
counts whoever makes it (forms, the timing importer's bulk inserts, a restore, hand-written
SQL). SQLite drops a table's triggers when a batch migration recreates the table: recreate them
(CHAMPIONSHIP_SOURCES below) after any such change.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 06:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# table -> the writes that change a championship.
CHAMPIONSHIP_SOURCES = {
    "results": "INSERT UPDATE DELETE",
    "race_entries": "INSERT UPDATE DELETE",
    "season_entries": "INSERT UPDATE DELETE",
    "teams": "UPDATE DELETE",
    "events": "INSERT UPDATE DELETE",
    "seasons": "INSERT UPDATE DELETE",
    "series": "UPDATE DELETE",
    "categorisation_records": "INSERT UPDATE DELETE",
}
# A driver's own columns that a championship shows or reads.
DRIVER_COLUMNS = "legal_name, categorisation"
NAME = "championship"
SQLITE_BUMP = (
    f"INSERT INTO data_versions (name, version) VALUES ('{NAME}', lower(hex(randomblob(16)))) "
    "ON CONFLICT (name) DO UPDATE SET version = excluded.version;"
)
POSTGRESQL_BUMP = (
    f"INSERT INTO data_versions (name, version) VALUES ('{NAME}', "
    "md5(random()::text || clock_timestamp()::text)) "
    "ON CONFLICT (name) DO UPDATE SET version = excluded.version;"
)


def _sources() -> list[tuple[str, str, str]]:
    """(trigger name, operation, table) for every trigger."""
    found = []
    for table, operations in CHAMPIONSHIP_SOURCES.items():
        for operation in operations.split():
            found.append((f"{table}_{operation.lower()}_bumps_championship", operation, table))
    found.append(("drivers_update_bumps_championship", f"UPDATE OF {DRIVER_COLUMNS}", "drivers"))
    return found


def upgrade():
    op.create_table(
        "data_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_data_versions")),
    )
    op.create_table(
        "stored_standings",
        sa.Column("season_id", sa.Integer(), nullable=False),
        sa.Column("made_from", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["season_id"],
            ["seasons.id"],
            name=op.f("fk_stored_standings_season_id_seasons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("season_id", name=op.f("pk_stored_standings")),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.execute(
        f"INSERT INTO data_versions (name, version) VALUES ('{NAME}', "
        + ("md5(random()::text))" if postgresql else "lower(hex(randomblob(16))))")
    )
    if postgresql:
        # One change of version per statement: a bulk insert of a race's results is one write.
        op.execute(
            "CREATE FUNCTION bump_championship_version() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN {POSTGRESQL_BUMP} RETURN NULL; END $$"
        )
        for name, operation, table in _sources():
            op.execute(
                f"CREATE TRIGGER {name} AFTER {operation} ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION bump_championship_version()"
            )
    else:
        for name, operation, table in _sources():
            op.execute(
                f"CREATE TRIGGER {name} AFTER {operation} ON {table} "
                f"FOR EACH ROW BEGIN {SQLITE_BUMP} END"
            )


def downgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    for name, _, table in _sources():
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgresql else ""))
    if postgresql:
        op.execute("DROP FUNCTION IF EXISTS bump_championship_version()")
    op.drop_table("stored_standings")
    op.drop_table("data_versions")
