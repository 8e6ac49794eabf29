"""planned coaching sessions: a session on the calendar ahead of its day (date, optional
start and end time, drivers, type, place, notes), later recorded as coaching sessions or
cancelled. A new table of its own: the coaching_sessions table (and its facts_version
triggers of 0003) is untouched, so a plan is evidence for nothing.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 06:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

SESSION_TYPES = ("track", "simulator", "test_day", "fitness", "media", "classroom")
PLAN_STATUSES = ("planned", "held", "cancelled")


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade():
    op.create_table(
        "planned_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=True),
        sa.Column("ends_at", sa.Time(), nullable=True),
        sa.Column("session_type", _enum(SESSION_TYPES, "session_type"), nullable=False),
        sa.Column("circuit_id", sa.Integer(), nullable=True),
        sa.Column("simulator_title", sa.String(length=150), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("status", _enum(PLAN_STATUSES, "plan_status"), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "ends_at IS NULL OR (starts_at IS NOT NULL AND ends_at > starts_at)",
            name=op.f("ck_planned_sessions_ends_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["coach_id"], ["users.id"], name=op.f("fk_planned_sessions_coach_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["circuit_id"], ["circuits.id"], name=op.f("fk_planned_sessions_circuit_id_circuits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planned_sessions")),
    )
    with op.batch_alter_table("planned_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_planned_sessions_coach_id"), ["coach_id"])
        batch_op.create_index(batch_op.f("ix_planned_sessions_planned_on"), ["planned_on"])
    op.create_table(
        "planned_session_drivers",
        sa.Column("planned_session_id", sa.Integer(), nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["planned_session_id"],
            ["planned_sessions.id"],
            name=op.f("fk_planned_session_drivers_planned_session_id_planned_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["driver_id"],
            ["drivers.id"],
            name=op.f("fk_planned_session_drivers_driver_id_drivers"),
        ),
        sa.PrimaryKeyConstraint(
            "planned_session_id", "driver_id", name=op.f("pk_planned_session_drivers")
        ),
    )
    with op.batch_alter_table("planned_session_drivers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_planned_session_drivers_driver_id"), ["driver_id"])


def downgrade():
    op.drop_table("planned_session_drivers")
    op.drop_table("planned_sessions")
