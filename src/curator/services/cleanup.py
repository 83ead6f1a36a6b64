"""OCR clean-up of a document: the detector's proposals stored as corrections.

The detection itself is pure (:func:`curator.suggest.ocr_noise.propose_cleanups`); this
use-case reads the current text, leaves out what curators have already seen, and stores
the rest in one transaction.
"""

from __future__ import annotations

from curator.services.corpus import load_document
from curator.services.corrections import CorrectionRow, known_corrections, propose_many
from curator.store.engine import Store
from curator.suggest.ocr_noise import propose_cleanups


def propose_for_document(store: Store, doc_id: int, *, author: str) -> list[CorrectionRow]:
    """Run every detector on the document's current text and store the proposals.

    All proposals go in ONE transaction (``corrections.propose_many``). A proposal equal
    (same start, end and replacement) to a pending correction, or to a rejected one once
    carried onto the current text, is skipped: a rejected proposal never comes back."""
    doc = load_document(store, doc_id)
    seen = known_corrections(store, doc_id, doc.revision_id)
    fresh = [c for c in propose_cleanups(doc.text) if (c.start, c.end, c.replacement) not in seen]
    if not fresh:
        return []
    return propose_many(
        store, doc_id, [(c.start, c.end, c.replacement, c.kind, c.reason) for c in fresh],
        author=author, origin="suggestion", revision_id=doc.revision_id,
    )
