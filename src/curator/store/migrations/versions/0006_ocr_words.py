"""Words of imported OCR files with their confidences (the low-confidence review queue).

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ocr_word",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("document.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("revision_id", sa.Integer, sa.ForeignKey("revision.id"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=True),
        sa.Column("raw_confidence", sa.Text, nullable=True),
        sa.Column("raw_kind", sa.Text, nullable=True),
        sa.Column("reviewed", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_ocr_word_doc_confidence", "ocr_word", ["document_id", "confidence"])


def downgrade() -> None:
    op.drop_index("ix_ocr_word_doc_confidence", "ocr_word")
    op.drop_table("ocr_word")
