"""``corrections`` (list, accept, reject) and ``clean-up`` (propose OCR clean-ups)."""

from __future__ import annotations

import argparse
from collections import Counter

from curator.cli_commands.common import documents, print_json_line, shorten, store_at
from curator.domain.errors import NotFound, ValidationError
from curator.settings import curator_name
from curator.services.stores import Store


def cmd_corrections(args: argparse.Namespace) -> int:
    from curator.services.corrections import list_corrections

    status = None if args.status == "all" else args.status
    with store_at(args.db) as store:
        if args.doc is not None:
            documents(store, [args.doc])  # an unknown document is an error, not an empty list
        rows = list_corrections(store, args.doc, status)
    for r in rows:
        if args.json:
            print_json_line({
                "document_id": r.document_id, "id": r.id, "start": r.start, "end": r.end,
                "original": r.original, "replacement": r.replacement, "kind": r.kind,
                "reason": r.reason, "status": r.status, "origin": r.origin, "author": r.author,
                "revision": r.revision_number, "stale": r.stale,
            })
        else:
            change = f"{shorten(r.original, 30)!s} → {shorten(r.replacement, 20) or '(removed)'}"
            state = r.status + (" (stale)" if r.stale else "")
            print(f"#{r.id}\tdoc {r.document_id} rev {r.revision_number}\t{r.start}-{r.end}\t{state}\t"
                  f"{r.kind}\t{change}\t{r.reason}")
    if not args.json:
        print(f"{len(rows)} corrections")
    return 0


def _pending_by_document(store: Store, ids: list[int], *, accepting: bool) -> dict[int, list[int]]:
    """The ids grouped by document, after checking every one can be decided, so that
    nothing is done unless everything can be (the first problem is refused)."""
    from curator.services.corrections import get_correction

    groups: dict[int, list[int]] = {}
    for cid in dict.fromkeys(ids):
        try:
            row = get_correction(store, cid)
        except NotFound as exc:
            raise ValidationError(str(exc)) from exc
        if row.status != "proposed":
            raise ValidationError(f"correction {cid} is already {row.status}")
        if accepting and row.stale:
            raise ValidationError(
                f"correction {cid} was made on an older version of the text that a later correction "
                "changed at the same place; reject it"
            )
        groups.setdefault(row.document_id, []).append(cid)
    return groups


def _numbers(ids) -> str:
    return ", ".join(f"#{i}" for i in ids)


def cmd_accept(args: argparse.Namespace) -> int:
    from curator.services.corpus import load_document
    from curator.services.corrections import accept_corrections

    by = args.by or curator_name()
    with store_at(args.db) as store:
        for doc_id, ids in _pending_by_document(store, args.ids, accepting=True).items():
            result = accept_corrections(store, ids, by=by)  # one transaction per document
            revision = load_document(store, doc_id).revision_number
            print(f"document {doc_id}: accepted {_numbers(ids)} → revision {revision}; "
                  f"{len(result.flagged)} annotations now need review, {result.moved} moved unchanged"
                  + (f", {len(result.orphaned)} orphaned (their text was removed; listed for review, "
                     "left out of exports)" if result.orphaned else ""))
    return 0


def cmd_reject(args: argparse.Namespace) -> int:
    from curator.services.corrections import reject_corrections

    by = args.by or curator_name()
    with store_at(args.db) as store:
        for doc_id, ids in _pending_by_document(store, args.ids, accepting=False).items():
            reject_corrections(store, ids, by=by)
            print(f"document {doc_id}: rejected {_numbers(ids)}")
    return 0


def cmd_clean_up(args: argparse.Namespace) -> int:
    from curator.services.cleanup import propose_for_document

    author = curator_name()
    total = 0
    with store_at(args.db) as store:
        for doc_id, source in documents(store, args.docs):
            rows = propose_for_document(store, doc_id, author=author)
            kinds = Counter(r.kind for r in rows)
            total += len(rows)
            print(f"document {doc_id} ({source}): {len(rows)} proposed "
                  f"({kinds['noise']} noise zones, {kinds['edit']} edits)", flush=True)
    print(f"{total} clean-ups proposed; review them with `curator corrections`")
    return 0


def register(sub, db: argparse.ArgumentParser) -> None:
    p = sub.add_parser("corrections", parents=[db], help="list corrections of the texts; accept or reject them")
    p.add_argument("--doc", type=int, default=None, metavar="ID", help="only this document")
    p.add_argument("--status", choices=["proposed", "accepted", "rejected", "all"], default="all")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=cmd_corrections)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    for name, func, text in (("accept", cmd_accept, "accept proposed corrections (a new revision per document)"),
                             ("reject", cmd_reject, "reject proposed corrections")):
        a = actions.add_parser(name, parents=[db], help=text)
        a.add_argument("ids", nargs="+", type=int, metavar="ID")
        a.add_argument("--by", default=None, help="the curator deciding (default: $CURATOR_USER or the login)")
        a.set_defaults(func=func)

    p = sub.add_parser("clean-up", parents=[db], help="propose OCR clean-ups (noise zones, broken lines)")
    p.add_argument("docs", nargs="*", type=int, metavar="DOC", help="document ids (default: all)")
    p.set_defaults(func=cmd_clean_up)
