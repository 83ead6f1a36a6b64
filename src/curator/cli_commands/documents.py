"""``meta`` (show or edit a document's metadata) and ``redecode``."""

from __future__ import annotations

import argparse

from curator.cli_commands.common import print_json_line, store_at

FIELDS = ("title", "authors", "year", "source", "languages")


def cmd_meta(args: argparse.Namespace) -> int:
    from curator.services.metadata import get_metadata, update_metadata

    changes = {f: getattr(args, f) for f in FIELDS if getattr(args, f) is not None}
    with store_at(args.db) as store:
        meta = update_metadata(store, args.doc, **changes) if changes else get_metadata(store, args.doc)
    shown = {"title": meta.title, "authors": meta.authors, "year": meta.year, "source": meta.source,
             "languages": ",".join(meta.languages)}
    if args.json:
        print_json_line({"document_id": args.doc, **shown})
    else:
        for name, value in shown.items():
            print(f"{name + ':':<11}{'' if value is None else value}")
    return 0


def cmd_redecode(args: argparse.Namespace) -> int:
    from curator.services.metadata import redecode

    with store_at(args.db) as store:
        text = redecode(store, args.doc, args.encoding)
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    print(f"document {args.doc} re-decoded as {args.encoding}: {len(text):,} characters; begins «{first[:60]}»")
    return 0


def register(sub, db: argparse.ArgumentParser) -> None:
    p = sub.add_parser("meta", parents=[db], help="show or change a document's metadata")
    p.add_argument("doc", type=int, metavar="DOC")
    p.add_argument("--title")
    p.add_argument("--authors")
    p.add_argument("--year", help="a year, or '' to clear it")
    p.add_argument("--source", help="where the text comes from (a URL, a DOI, an archive reference)")
    p.add_argument("--languages", help="comma-separated language codes, e.g. ko,en")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_meta)

    p = sub.add_parser("redecode", parents=[db], help="decode a document's original bytes with another encoding")
    p.add_argument("doc", type=int, metavar="DOC")
    p.add_argument("encoding", metavar="ENCODING")
    p.set_defaults(func=cmd_redecode)
