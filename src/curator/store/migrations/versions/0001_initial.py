"""Initial schema: curators, documents, revisions, annotations, claim evidence.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "curator",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("created", sa.Text, nullable=False),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("source_name", sa.Text, nullable=False),
        sa.Column("raw_sha256", sa.Text, nullable=False),
        sa.Column("encoding", sa.Text, nullable=False),
        sa.Column("import_notes", sa.Text, nullable=False),
        sa.Column("created", sa.Text, nullable=False),
    )
    op.create_index("ix_document_raw_sha256", "document", ["raw_sha256"])
    op.create_table(
        "revision",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("document.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("revision.id"), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.UniqueConstraint("document_id", "number"),
        sqlite_autoincrement=True,  # ids never reused: texts are cached by revision id
    )
    op.create_table(
        "annotation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("document.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("revision_id", sa.Integer, sa.ForeignKey("revision.id"), nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("value_json", sa.Text, nullable=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("creator_id", sa.Integer, sa.ForeignKey("curator.id"), nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("modified", sa.Text, nullable=False),
    )
    op.create_index("ix_annotation_doc_start", "annotation", ["document_id", "start"])
    op.create_table(
        "claim_evidence",
        sa.Column(
            "claim_id",
            sa.Integer,
            sa.ForeignKey("annotation.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "evidence_id",
            sa.Integer,
            sa.ForeignKey("annotation.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )


def downgrade() -> None:
    op.drop_table("claim_evidence")
    op.drop_index("ix_annotation_doc_start", "annotation")
    op.drop_table("annotation")
    op.drop_table("revision")
    op.drop_index("ix_document_raw_sha256", "document")
    op.drop_table("document")
    op.drop_table("curator")
