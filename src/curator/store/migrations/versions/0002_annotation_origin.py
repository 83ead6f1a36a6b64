"""Record where each annotation came from: manual, suggestion or import.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("annotation") as batch:
        batch.add_column(sa.Column("origin", sa.Text, nullable=False, server_default="manual"))


def downgrade() -> None:
    with op.batch_alter_table("annotation") as batch:
        batch.drop_column("origin")
