"""results.pending_driver_id: imported seats naming an academy driver the importer may not
record results for, waiting for that driver's coach or the director to confirm them.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 22:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


FOREIGN_KEY = "fk_results_pending_driver_id_drivers"


def upgrade():
    # ADD COLUMN, not a batch copy of the table: a copy would drop the results triggers that
    # keep drivers.facts_version current (0003) on SQLite.
    if op.get_bind().dialect.name == "postgresql":
        op.add_column("results", sa.Column("pending_driver_id", sa.Integer(), nullable=True))
        op.create_foreign_key(FOREIGN_KEY, "results", "drivers", ["pending_driver_id"], ["id"])
    else:
        op.execute(
            "ALTER TABLE results ADD COLUMN pending_driver_id INTEGER "
            f"CONSTRAINT {FOREIGN_KEY} REFERENCES drivers (id)"
        )
    op.create_index("ix_results_pending_driver_id", "results", ["pending_driver_id"])


def downgrade():
    op.drop_index("ix_results_pending_driver_id", table_name="results")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(FOREIGN_KEY, "results", type_="foreignkey")
        op.drop_column("results", "pending_driver_id")
        return
    # The copy's rename must not re-check the other tables' triggers that name results.
    op.execute("PRAGMA legacy_alter_table = ON")
    with op.batch_alter_table("results", schema=None) as batch_op:
        batch_op.drop_column("pending_driver_id")
    op.execute("PRAGMA legacy_alter_table = OFF")
    _recreate_results_triggers()


def _recreate_results_triggers() -> None:
    """The batch copy dropped the results table's triggers of 0003: create them again."""
    facts = op.get_context().script.get_revision("0003").module
    operations, condition = facts.FACT_SOURCES["results"]
    for operation in operations.split():
        rows = {"INSERT": ["NEW"], "UPDATE": ["OLD", "NEW"], "DELETE": ["OLD"]}[operation]
        body = " ".join(f"{facts.BUMP}{condition.format(row=row)};" for row in rows)
        op.execute(
            f"CREATE TRIGGER results_{operation.lower()}_bumps_facts_version "
            f"AFTER {operation} ON results FOR EACH ROW BEGIN {body} END"
        )
