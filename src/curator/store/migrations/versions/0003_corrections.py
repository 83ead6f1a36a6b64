"""Corrections of the text (proposed / accepted / rejected), the reason an
annotation needs review, and an annotation index that corrections need not rewrite.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("annotation") as batch:
        batch.add_column(sa.Column("review_reason", sa.Text, nullable=True))
    # corrections shift many annotations at once: keep the index off the offsets
    op.drop_index("ix_annotation_doc_start", "annotation")
    op.create_index("ix_annotation_document", "annotation", ["document_id"])
    op.create_table(
        "correction",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("document.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("revision_id", sa.Integer, sa.ForeignKey("revision.id"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("original", sa.Text, nullable=False),
        sa.Column("replacement", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("curator.id"), nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("decided_by_id", sa.Integer, sa.ForeignKey("curator.id"), nullable=True),
        sa.Column("decided", sa.Text, nullable=True),
        sa.Column("applied_revision_id", sa.Integer, sa.ForeignKey("revision.id"), nullable=True),
    )
    op.create_index("ix_correction_doc_status", "correction", ["document_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_correction_doc_status", "correction")
    op.drop_table("correction")
    op.drop_index("ix_annotation_document", "annotation")
    op.create_index("ix_annotation_doc_start", "annotation", ["document_id", "start"])
    with op.batch_alter_table("annotation") as batch:
        batch.drop_column("review_reason")
