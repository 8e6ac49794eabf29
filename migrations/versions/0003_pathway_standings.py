"""pathway_standings and drivers.facts_version: the cohort board's stored standings, and
triggers that bump a driver's facts_version whenever anything the pathway engine reads about
them changes.

The triggers live in the database so that every write counts, whoever makes it: forms, the
timing importer's bulk inserts, the command line, a restore, a hand-written SQL fix. A
standing worked out from an older facts_version is never served.

Note for later revisions: SQLite drops a table's triggers when a batch migration recreates
the table; recreate them (FACT_SOURCES below) after any such change.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 15:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# table -> (operations that change a driver's facts, which drivers: a condition on drivers.id
# where {row} stands for the changed row, NEW or OLD).
FACT_SOURCES = {
    "licences": ("INSERT UPDATE DELETE", "id = {row}.driver_id"),
    "medical_certificates": ("INSERT UPDATE DELETE", "id = {row}.driver_id"),
    "results": ("INSERT UPDATE DELETE", "id = {row}.driver_id"),
    "coaching_sessions": ("INSERT UPDATE DELETE", "id = {row}.driver_id"),
    "grades": ("INSERT UPDATE DELETE", "id = {row}.driver_id"),
    # A race entry's class or status, an event's date, length or night running, the series
    # of a season, a series code and a competency key are read for every driver in them.
    "race_entries": ("UPDATE", "id IN (SELECT driver_id FROM results WHERE entry_id = {row}.id)"),
    "events": (
        "UPDATE",
        "id IN (SELECT r.driver_id FROM results r JOIN race_entries e ON e.id = r.entry_id"
        " WHERE e.event_id = {row}.id)",
    ),
    "seasons": (
        "UPDATE",
        "id IN (SELECT r.driver_id FROM results r JOIN race_entries e ON e.id = r.entry_id"
        " JOIN events ev ON ev.id = e.event_id WHERE ev.season_id = {row}.id)",
    ),
    "series": (
        "UPDATE",
        "id IN (SELECT r.driver_id FROM results r JOIN race_entries e ON e.id = r.entry_id"
        " JOIN events ev ON ev.id = e.event_id JOIN seasons s ON s.id = ev.season_id"
        " WHERE s.series_id = {row}.id)",
    ),
    "competencies": ("UPDATE", "id IN (SELECT driver_id FROM grades WHERE competency_id = {row}.id)"),
}
# The driver's own facts: only these columns (the inner UPDATE sets none of them, so it does
# not fire the trigger again).
DRIVER_FACT_COLUMNS = "date_of_birth, categorisation"
BUMP = "UPDATE drivers SET facts_version = facts_version + 1 WHERE "


def _create_sqlite_triggers() -> None:
    for table, (operations, condition) in FACT_SOURCES.items():
        for operation in operations.split():
            rows = {"INSERT": ["NEW"], "UPDATE": ["OLD", "NEW"], "DELETE": ["OLD"]}[operation]
            if condition.startswith("id IN"):
                rows = rows[-1:]  # the row's own id does not change
            body = " ".join(f"{BUMP}{condition.format(row=row)};" for row in rows)
            op.execute(
                f"CREATE TRIGGER {table}_{operation.lower()}_bumps_facts_version "
                f"AFTER {operation} ON {table} FOR EACH ROW BEGIN {body} END"
            )
    op.execute(
        f"CREATE TRIGGER drivers_update_bumps_facts_version AFTER UPDATE OF "
        f"{DRIVER_FACT_COLUMNS} ON drivers FOR EACH ROW BEGIN {BUMP}id = NEW.id; END"
    )


def _create_postgresql_triggers() -> None:
    for table, (operations, condition) in FACT_SOURCES.items():
        old = f"IF TG_OP <> 'INSERT' THEN {BUMP}{condition.format(row='OLD')}; END IF;"
        new = f"IF TG_OP <> 'DELETE' THEN {BUMP}{condition.format(row='NEW')}; END IF;"
        body = new if condition.startswith("id IN") else f"{old} {new}"
        op.execute(
            f"CREATE FUNCTION {table}_bump_facts_version() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN {body} RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_bumps_facts_version AFTER {' OR '.join(operations.split())} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_bump_facts_version()"
        )
    op.execute(
        "CREATE FUNCTION drivers_bump_facts_version() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN {BUMP}id = NEW.id; RETURN NULL; END $$"
    )
    op.execute(
        f"CREATE TRIGGER drivers_bumps_facts_version AFTER UPDATE OF {DRIVER_FACT_COLUMNS} "
        "ON drivers FOR EACH ROW EXECUTE FUNCTION drivers_bump_facts_version()"
    )


def upgrade():
    with op.batch_alter_table("drivers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("facts_version", sa.Integer(), server_default="0", nullable=False)
        )
    op.create_table(
        "pathway_standings",
        sa.Column("driver_id", sa.Integer(), nullable=False),
        sa.Column("rule_set_ref", sa.String(length=200), nullable=False),
        sa.Column("facts_version", sa.Integer(), nullable=False),
        sa.Column("evaluated_on", sa.Date(), nullable=False),
        sa.Column("valid_through", sa.Date(), nullable=False),
        sa.Column("current_stage", sa.String(length=100), nullable=True),
        sa.Column("next_stage", sa.String(length=100), nullable=True),
        sa.Column("flags", sa.String(length=100), nullable=False),
        sa.Column(
            "latest_class",
            sa.Enum(
                "HYPERCAR",
                "LMP1",
                "LMP2",
                "LMP2 PRO-AM",
                "LMP3",
                "LMGT3",
                "GT",
                "LMGTE PRO",
                "LMGTE AM",
                "INNOVATIVE",
                name="standing_race_class",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["driver_id"],
            ["drivers.id"],
            name=op.f("fk_pathway_standings_driver_id_drivers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("driver_id", name=op.f("pk_pathway_standings")),
    )
    if op.get_bind().dialect.name == "postgresql":
        _create_postgresql_triggers()
    else:
        _create_sqlite_triggers()


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in [*FACT_SOURCES, "drivers"]:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_bumps_facts_version ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_bump_facts_version()")
    else:
        for table, (operations, _) in FACT_SOURCES.items():
            for operation in operations.split():
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{operation.lower()}_bumps_facts_version")
        op.execute("DROP TRIGGER IF EXISTS drivers_update_bumps_facts_version")
    op.drop_table("pathway_standings")
    with op.batch_alter_table("drivers", schema=None) as batch_op:
        batch_op.drop_column("facts_version")
