"""Suggestions of detectors awaiting decisions, and verdicts on parallel-text findings.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "suggestion",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("document.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("revision_id", sa.Integer, sa.ForeignKey("revision.id"), nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("value_json", sa.Text, nullable=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column(
            "annotation_id", sa.Integer, sa.ForeignKey("annotation.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("decided", sa.Text, nullable=True),
        sa.Column("decided_by_id", sa.Integer, sa.ForeignKey("curator.id"), nullable=True),
    )
    op.create_index("ix_suggestion_doc_status", "suggestion", ["document_id", "status"])
    op.create_table(
        "finding_verdict",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("document.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("verdict", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("curator_id", sa.Integer, sa.ForeignKey("curator.id"), nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("modified", sa.Text, nullable=False),
        sa.UniqueConstraint("document_id", "key"),
    )


def downgrade() -> None:
    op.drop_table("finding_verdict")
    op.drop_index("ix_suggestion_doc_status", "suggestion")
    op.drop_table("suggestion")
