"""The decision step shared by proposals of every kind (corrections, suggestions):
a row moves from one status to another, recording who decided and when."""

from __future__ import annotations

from curator.domain.errors import NotFound, ValidationError
from curator.store.models import utcnow
from curator.store.queries import curator_id


def decide(session, table, ids: list[int], *, noun: str, pending: str, to: str, by: str) -> None:
    """Move rows ``ids`` of ``table`` from status ``pending`` to ``to`` (a decision by
    ``by``); inside the caller's transaction, so one bad id changes nothing."""
    decider, now = curator_id(session, by), utcnow()
    for row_id in ids:
        row = session.get(table, row_id)
        if row is None:
            raise NotFound(f"{noun} {row_id} does not exist")
        if row.status != pending:
            raise ValidationError(f"{noun} {row_id} is already {row.status}")
        row.status, row.decided, row.decided_by_id = to, now, decider
        session.add(row)


def reopen(session, table, ids: list[int], *, noun: str, decided: str, to: str) -> None:
    """Undo of a decision: rows ``ids`` go from status ``decided`` back to ``to``."""
    for row_id in ids:
        row = session.get(table, row_id)
        if row is None or row.status != decided:
            raise ValidationError(f"{noun} {row_id} is not {decided}")
        row.status, row.decided, row.decided_by_id = to, None, None
        session.add(row)
