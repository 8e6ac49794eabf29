"""scouting shortlists (a scout's drivers kept between visits), calendar feeds (the SHA-256
of each user's secret iCalendar token, one per user), and an event's start time at the circuit
(optional: without it the calendar shows the race as a whole day).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 02:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    # ADD COLUMN, not a batch rebuild: the facts_version triggers of 0003 name this table.
    op.add_column("events", sa.Column("start_time", sa.Time(), nullable=True))
    op.create_table(
        "scouting_shortlist",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_scouting_shortlist_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["driver_id"], ["drivers.id"], name=op.f("fk_scouting_shortlist_driver_id_drivers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scouting_shortlist")),
        sa.UniqueConstraint(
            "user_id", "driver_id", name=op.f("uq_scouting_shortlist_user_id_driver_id")
        ),
    )
    with op.batch_alter_table("scouting_shortlist", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_scouting_shortlist_user_id"), ["user_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_scouting_shortlist_driver_id"), ["driver_id"], unique=False
        )
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_calendar_feeds_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("user_id", name=op.f("uq_calendar_feeds_user_id")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_calendar_feeds_token_sha256")),
    )


def downgrade():
    op.drop_table("calendar_feeds")
    with op.batch_alter_table("scouting_shortlist", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scouting_shortlist_driver_id"))
        batch_op.drop_index(batch_op.f("ix_scouting_shortlist_user_id"))
    op.drop_table("scouting_shortlist")
    # DROP COLUMN in place (SQLite 3.35 and later, PostgreSQL), for the same reason.
    op.execute("ALTER TABLE events DROP COLUMN start_time")
