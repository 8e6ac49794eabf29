"""dossiers: what a verification page says about each dossier on its own. Whom it was issued
to (a role, nothing private), the driver's facts_version when it was generated (so the page can
say whether the record has changed since), and why it was revoked.

Generating another dossier never changes what is said about this one: there is no
"superseded" any more. Dossiers recorded before this revision have no facts_version: the page
says it cannot tell whether the record changed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 22:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("issued_to", sa.String(length=100), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("facts_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("revoked_reason", sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_column("revoked_reason")
        batch_op.drop_column("facts_version")
        batch_op.drop_column("issued_to")
