"""categorisation_records: a driver's FIA category with the day it took effect, so a check as
of a day uses the category of that day (DESIGN.md, second cut; issue 13). Existing categories
are carried over as in effect since 1900-01-01 (the day they took effect was never recorded).
coaching_sessions.aco_approved marks a simulator session on an ACO-approved simulator (the Le
Mans rookie simulator day).

The standings triggers of 0003 are extended to the new table: a change to a driver's dated
categorisation bumps drivers.facts_version like any other fact. coaching_sessions gains a
column by ALTER TABLE ADD COLUMN (no table rebuild), so its triggers stay.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 22:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLE = "categorisation_records"
BUMP = "UPDATE drivers SET facts_version = facts_version + 1 WHERE id = {row}.driver_id;"
CARRIED_OVER = "carried over from the driver's record; the day it took effect was not recorded"


def _create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE FUNCTION {TABLE}_bump_facts_version() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN IF TG_OP <> 'INSERT' THEN {BUMP.format(row='OLD')} END IF; "
            f"IF TG_OP <> 'DELETE' THEN {BUMP.format(row='NEW')} END IF; RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_bumps_facts_version AFTER INSERT OR UPDATE OR DELETE "
            f"ON {TABLE} FOR EACH ROW EXECUTE FUNCTION {TABLE}_bump_facts_version()"
        )
        return
    for operation, rows in (("INSERT", ["NEW"]), ("UPDATE", ["OLD", "NEW"]), ("DELETE", ["OLD"])):
        body = " ".join(BUMP.format(row=row) for row in rows)
        op.execute(
            f"CREATE TRIGGER {TABLE}_{operation.lower()}_bumps_facts_version "
            f"AFTER {operation} ON {TABLE} FOR EACH ROW BEGIN {body} END"
        )


def upgrade():
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "bronze",
                "silver",
                "gold",
                "platinum",
                name="record_categorisation",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["driver_id"],
            ["drivers.id"],
            name=op.f("fk_categorisation_records_driver_id_drivers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categorisation_records")),
        sa.UniqueConstraint(
            "driver_id", "effective_on", name=op.f("uq_categorisation_records_driver_id_effective_on")
        ),
    )
    # A text literal: SQLite keeps dates as ISO text, PostgreSQL casts it to the column's date.
    op.execute(
        sa.text(
            f"INSERT INTO {TABLE} (driver_id, category, effective_on, note, recorded_at) "
            "SELECT id, categorisation, '1900-01-01', :note, CURRENT_TIMESTAMP "
            "FROM drivers WHERE categorisation IS NOT NULL"
        ).bindparams(note=CARRIED_OVER)
    )
    _create_triggers()
    op.add_column(
        "coaching_sessions",
        sa.Column("aco_approved", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade():
    op.drop_column("coaching_sessions", "aco_approved")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_bumps_facts_version ON {TABLE}")
        op.execute(f"DROP FUNCTION IF EXISTS {TABLE}_bump_facts_version()")
    else:
        for operation in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{operation}_bumps_facts_version")
    op.drop_table(TABLE)
