"""The status an annotation had before a correction flagged it (needs review) or removed
its text (orphaned), so that marking it reviewed gives that status back.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN (no table copy): nullable, no default
    op.add_column("annotation", sa.Column("prior_status", sa.Text, nullable=True))


def downgrade() -> None:
    # a plain DROP COLUMN too (SQLite 3.35+): recreating the table would cascade-delete
    # the rows that refer to annotations when foreign keys are on
    op.execute("ALTER TABLE annotation DROP COLUMN prior_status")
