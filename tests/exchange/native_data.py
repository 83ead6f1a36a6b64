"""Texts and helpers shared by the native-dataset tests (their stores: ``conftest.py``)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from curator.exchange import native
from curator.services import exchange as exchange_svc
from curator.store.models import Annotation, ClaimEvidence, Curator, Document, Revision

KOREAN = (
    "1950년 7월 북한 정부는 😀 제1차 5개년계획(1957-1961)을 채택하였다. "
    "원조액은 5억 7,600만 루블이었다. 𠀀𠀁𠀂 희귀 한자.\n두 번째 줄: 1945-1956."
)
ENGLISH = "The amount of aid needed was 576 million rubles in the late 1950s (1954-56).\n"


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _counts(store) -> tuple[int, ...]:
    with store.read() as s:
        return tuple(
            s.exec(select(func.count()).select_from(t)).one()[0]
            for t in (Document, Revision, Annotation, ClaimEvidence, Curator)
        )


def _export(store, path: Path) -> bytes:
    exchange_svc.export_dataset(store, path)
    return path.read_bytes()
