"""endorsements: a coach's formal endorsement of a driver, for a purpose, dated and signed.

The Le Mans invitation dossier prints the latest one for that purpose.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 22:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

PURPOSES = ("le_mans_invitation", "licence_upgrade", "team_placement", "sponsorship")


def upgrade():
    op.create_table(
        "endorsements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                *PURPOSES,
                name="endorsement_purpose",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("endorsed_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("signature", sa.String(length=200), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["driver_id"], ["drivers.id"], name=op.f("fk_endorsements_driver_id_drivers")
        ),
        sa.ForeignKeyConstraint(
            ["coach_id"], ["users.id"], name=op.f("fk_endorsements_coach_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_endorsements")),
    )
    with op.batch_alter_table("endorsements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_endorsements_driver_id"), ["driver_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_endorsements_coach_id"), ["coach_id"], unique=False)


def downgrade():
    op.drop_table("endorsements")
