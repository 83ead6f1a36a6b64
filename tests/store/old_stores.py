"""Stores at an older schema revision, filled fast with raw SQL (for upgrade tests)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from curator.store.engine import _alembic_config

TEXT = "In 1950 the plan was adopted; 5억 7,600만 루블 of aid came in 1957. " * 40


def _hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def make_store_at(path: Path, revision: str, *, documents: int = 3, per_document: int = 10) -> dict[str, int]:
    """A SQLite store at schema ``revision`` (0006 or earlier: spans on ``annotation``),
    holding ``documents`` documents with ``per_document`` annotations each, evidence
    links and suggestions pointing at them. Returns the row counts."""
    engine = create_engine(f"sqlite:///{path}")
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    engine.dispose()
    t = "2026-01-01T00:00:00.000000Z"
    db = sqlite3.connect(path)
    db.execute("INSERT INTO curator (id, name, created) VALUES (1, 'kim', ?)", (t,))
    anns, links, suggestions = [], [], []
    for d in range(1, documents + 1):
        db.execute("INSERT INTO document (id, title, source_name, raw_sha256, encoding, import_notes, created) "
                   "VALUES (?, ?, ?, ?, 'utf-8', '', ?)", (d, f"Doc {d}", f"{d}.txt", _hex(f"raw {d}"), t))
        db.execute("INSERT INTO revision (id, document_id, number, text, sha256, note, created) "
                   "VALUES (?, ?, 1, ?, ?, '', ?)", (d, d, TEXT, _hex(TEXT), t))
        for k in range(per_document):
            aid = len(anns) + 1
            start = (k * 7) % (len(TEXT) - 10)
            label = "claim" if k % 3 == 2 else "date"
            anns.append((aid, d, d, label, start, start + 4, TEXT[start:start + 4], t, t))
            if label == "claim":
                links.append((aid, aid - 1))
            if k % 10 == 0:
                suggestions.append((len(suggestions) + 1, d, d, start, start + 4, TEXT[start:start + 4], aid, t))
    db.executemany('INSERT INTO annotation (id, document_id, revision_id, label, start, "end", quote, '
                   "value_json, note, status, creator_id, created, modified) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, '', 'draft', 1, ?, ?)", anns)
    db.executemany("INSERT INTO claim_evidence (claim_id, evidence_id) VALUES (?, ?)", links)
    db.executemany('INSERT INTO suggestion (id, document_id, revision_id, label, start, "end", quote, reason, '
                   "score, status, annotation_id, created) VALUES (?, ?, ?, 'date', ?, ?, ?, '', 1.0, "
                   "'accepted', ?, ?)", suggestions)
    db.commit()
    db.close()
    return {"document": documents, "annotation": len(anns), "claim_evidence": len(links),
            "suggestion": len(suggestions)}


def table_counts(path: Path, tables) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
