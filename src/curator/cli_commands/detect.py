"""``suggest`` (dates, figures, claims) and ``check`` (parallel-text findings)."""

from __future__ import annotations

import argparse
import json

from curator.cli_commands.common import documents, print_json_line, shorten, store_at
from curator.suggest.base import KINDS


def _kinds(value: str) -> tuple[str, ...]:
    kinds = tuple(dict.fromkeys(k.strip() for k in value.split(",") if k.strip()))
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(f"kinds are a comma-separated list of {', '.join(KINDS)}")
    return kinds


def _value_text(value: dict | None) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def cmd_suggest(args: argparse.Namespace) -> int:
    """Without --store the detectors run on the current text and nothing is written;
    with --store new suggestions are saved as pending for the app's review."""
    from curator.services.corpus import load_document
    from curator.services.suggestions import run_detectors
    from curator.suggest import suggest

    total = 0
    with store_at(args.db) as store:
        for doc_id, _source in documents(store, args.docs):
            if args.store:
                found = [(r.label.value, r.start, r.end, r.quote, r.value, r.reason, r.score)
                         for r in run_detectors(store, doc_id, args.kinds)]
            else:
                found = [(s.label, s.start, s.end, s.quote, s.value, s.reason, s.score)
                         for s in suggest(load_document(store, doc_id).text, args.kinds)]
            total += len(found)
            for label, start, end, quote, value, reason, score in found:
                if args.json:
                    print_json_line({"document_id": doc_id, "label": label, "start": start, "end": end,
                                     "quote": quote, "value": value, "reason": reason, "score": score})
                else:
                    print(f"doc {doc_id}\t{label}\t{start}-{end}\t{shorten(quote)}\t{_value_text(value)}\t{reason}")
    if not args.json:
        print(f"{total} suggestions" + (" stored as pending" if args.store else ""))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from curator.services.suggestions import check_document

    total = 0
    with store_at(args.db) as store:
        for doc_id, _source in documents(store, args.docs):
            for f in check_document(store, doc_id):
                total += 1
                if args.json:
                    print_json_line({"document_id": doc_id, "kind": f.kind, "label": f.label,
                                     "message": f.message, "ko": f.ko, "en": f.en,
                                     "verdict": f.verdict, "note": f.note})
                else:
                    verdict = f"\t[{f.verdict}]" if f.verdict else ""
                    print(f"doc {doc_id}\t{f.kind}\t{f.label}\t{f.message}{verdict}")
    if not args.json:
        print(f"{total} findings")
    return 0


def register(sub, db: argparse.ArgumentParser) -> None:
    p = sub.add_parser("suggest", parents=[db], help="find dates, figures and claims in the texts")
    p.add_argument("docs", nargs="*", type=int, metavar="DOC", help="document ids (default: all)")
    p.add_argument("--kinds", type=_kinds, default=KINDS, help="comma-separated: date,figure,claim (default: all)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--store", action="store_true", help="save new suggestions as pending, for review in the app")
    p.set_defaults(func=cmd_suggest)

    p = sub.add_parser("check", parents=[db], help="compare the Korean and English parts of parallel texts")
    p.add_argument("docs", nargs="*", type=int, metavar="DOC", help="document ids (default: all)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=cmd_check)
