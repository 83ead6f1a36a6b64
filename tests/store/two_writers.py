"""Running store actions in several processes at once (a barrier lines them up), and
the actions themselves: module-level functions, so a fresh process can run them.

Each action returns plain values; an exception comes back as ``("error", "Type:
message", traceback)`` so a test can say which process failed and how."""

from __future__ import annotations

import multiprocessing as mp
import traceback
from pathlib import Path
from typing import Any, Callable

from curator.domain import DateValue, ValidationError
from curator.services.exchange import export_dataset, import_dataset
from curator.services.w3c_import import import_w3c
from curator.services.annotations import create_annotation
from curator.services.corpus import import_files, list_documents
from curator.services.corrections import accept_corrections
from curator.store import open_store

_CTX: Any = None


def _context():
    global _CTX
    if _CTX is None:
        # forkserver: a clean process (no threads, no Qt) that has imported Curator once
        _CTX = mp.get_context("forkserver")
        _CTX.set_forkserver_preload([__name__])
    return _CTX


def _run(index: int, barrier, queue, fn: Callable, args: tuple) -> None:
    try:
        barrier.wait(60)
        queue.put((index, "ok", fn(*args)))
    except BaseException as exc:  # reported to the test, which fails on it
        queue.put((index, "error", f"{type(exc).__name__}: {exc}", traceback.format_exc()))


def together(*calls: tuple[Callable, tuple], timeout: float = 120) -> list[tuple]:
    """Run each ``(function, args)`` in its own process, all starting at once; their
    outcomes in order: ``("ok", result)`` or ``("error", message, traceback)``."""
    ctx = _context()
    barrier, queue = ctx.Barrier(len(calls)), ctx.Queue()
    procs = [ctx.Process(target=_run, args=(i, barrier, queue, fn, args)) for i, (fn, args) in enumerate(calls)]
    for p in procs:
        p.start()
    try:
        outcomes = {}
        for _ in calls:
            index, *outcome = queue.get(timeout=timeout)
            outcomes[index] = tuple(outcome)
    finally:
        for p in procs:
            p.join(10)
            if p.is_alive():
                p.kill()
    return [outcomes[i] for i in range(len(calls))]


def ok(outcomes: list[tuple]) -> list[Any]:
    """The results, after checking that no process failed (else its traceback)."""
    failed = [o for o in outcomes if o[0] != "ok"]
    assert not failed, "\n".join(f"{o[1]}\n{o[2]}" for o in failed)
    return [o[1] for o in outcomes]


# ------------------------------------------------------------------ the actions


def import_native(target: str | Path, path: Path, policy: str) -> tuple[int, int]:
    store = open_store(target)
    try:
        summary = import_dataset(store, path, on_conflict=policy)
        return summary.documents, summary.annotations
    finally:
        store.close()


def import_texts(target: str | Path, paths: list[Path]) -> list[str]:
    store = open_store(target)
    try:
        return [f"{o.status} {o.reason or ''}".strip() for p in paths for o in import_files(store, [p])]
    finally:
        store.close()


def import_w3c_file(target: str | Path, path: Path, policy: str) -> int:
    store = open_store(target)
    try:
        return import_w3c(store, path, on_conflict=policy).annotations
    finally:
        store.close()


def annotate(target: str | Path, doc_id: int, n: int) -> list[int]:
    store = open_store(target)
    try:
        return [create_annotation(store, doc_id, "date", k % 50, k % 50 + 4, creator=f"p{k % 3}",
                                  value=DateValue("1950")).id for k in range(n)]
    finally:
        store.close()


def accept(target: str | Path, correction_id: int) -> tuple[str, Any]:
    store = open_store(target)
    try:
        return "accepted", accept_corrections(store, [correction_id], by="kim").new_revision_id
    except ValidationError as exc:  # a clear refusal is an answer, not a failure
        return "refused", str(exc)
    finally:
        store.close()


def open_and_count(target: str | Path) -> int:
    store = open_store(target)
    try:
        return len(list_documents(store))
    finally:
        store.close()


def export_to(target: str | Path, out: Path) -> int:
    store = open_store(target)
    try:
        return export_dataset(store, out).annotations
    finally:
        store.close()
