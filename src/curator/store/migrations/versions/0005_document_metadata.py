"""Document metadata (authors, year, source, languages) and the imported bytes.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("authors", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("year", sa.Integer, nullable=True))
        batch.add_column(sa.Column("source", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("languages", sa.Text, nullable=False, server_default=""))
    op.create_table(
        "document_source",
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("raw", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("document_source")
    with op.batch_alter_table("document") as batch:
        for column in ("languages", "source", "year", "authors"):
            batch.drop_column(column)
