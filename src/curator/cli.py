"""The ``curator`` command. With no subcommand it opens the app; the subcommands work
headless (scripts, servers, CI) and never import Qt.

Exit codes: 0 success; 1 the work was done but something was refused (an import with
refused files, an invalid dataset); 2 usage or store problems (bad arguments, a store
written by a newer Curator, a file that is not a store). Expected errors are one line
on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy.exc import SQLAlchemyError

from curator import __version__
from curator.domain.errors import CuratorError, ValidationError
from curator.settings import default_db_path
from curator.store.engine import Store, open_store


class StoreProblem(CuratorError):
    """The store cannot be opened or used: exit code 2."""


def _export_native(store: Store, out: Path, progress: Callable[[int, int], None] | None):
    from curator.exchange.native import export_dataset

    return export_dataset(store, out, progress=progress)


# Writers by --format name; W3C Web Annotation, JSONL and CSV writers join here.
WRITERS: dict[str, Callable[..., Any]] = {"native": _export_native}


def _open(db: Path, *, must_exist: bool = False) -> Store:
    if must_exist and "://" not in str(db) and not Path(db).exists():
        raise StoreProblem(f"no store at {db}")
    try:
        return open_store(db)
    except CuratorError as exc:  # StoreVersionError and kin
        raise StoreProblem(f"cannot open store {db}: {exc}") from exc
    except (SQLAlchemyError, OSError) as exc:
        reason = getattr(exc, "orig", None) or exc
        raise StoreProblem(f"cannot open store {db}: {reason}") from exc


class _Progress:
    """``exported 120,000/1,000,000 annotations`` on a terminal, at most 5 times a second."""

    def __init__(self, verb: str) -> None:
        self.verb = verb
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last >= 0.2 or done == total:
            self.last = now
            print(f"\r{self.verb} {done:,}/{total:,} annotations", end="", file=sys.stderr, flush=True)


def cmd_export(args: argparse.Namespace) -> int:
    store = _open(args.db, must_exist=True)
    try:
        progress = _Progress("exported") if sys.stderr.isatty() else None
        summary = WRITERS[args.format](store, Path(args.out), progress)
    except OSError as exc:
        raise CuratorError(f"cannot write {args.out}: {exc.strerror or exc}") from exc
    finally:
        store.close()
    if progress is not None:
        print(file=sys.stderr)
    line = f"exported {summary.documents} documents, {summary.annotations} annotations to {args.out}"
    if getattr(summary, "stale_annotations", 0):
        line += f" ({summary.stale_annotations} annotations on older revisions left out)"
    print(line)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from curator.services.corpus import import_files

    store = _open(args.db)
    try:
        outcomes = import_files(store, [Path(p) for p in args.paths])
    finally:
        store.close()
    for o in outcomes:
        if o.status == "imported":
            print(f"imported  {o.source} (document {o.document_id})")
        else:
            print(f"{o.status:<9} {o.source}: {o.reason}")
    refused = sum(o.status == "refused" for o in outcomes)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("imported", "skipped", "refused")}
    print(", ".join(f"{n} {s}" for s, n in counts.items()))
    return 1 if refused else 0


def cmd_import_json(args: argparse.Namespace) -> int:
    from curator.exchange.native import import_dataset

    store = _open(args.db)
    try:
        summary = import_dataset(store, args.file, on_conflict=args.on_conflict)
    finally:
        store.close()
    line = f"imported {summary.documents} documents, {summary.annotations} annotations from {args.file}"
    if summary.skipped_documents:
        line += (
            f"; skipped {summary.skipped_documents} documents already in the store "
            f"({summary.skipped_annotations} annotations)"
        )
    print(line)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from curator.exchange.native import validate_file

    stats = validate_file(args.file)
    print(f"{args.file}: valid ({stats.documents} documents, {stats.annotations} annotations)")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from curator.services.corpus import list_documents

    store = _open(args.db, must_exist=True)
    try:
        docs = list_documents(store)
    finally:
        store.close()
    if args.json:
        rows = [
            {"id": d.id, "title": d.title, "source": d.source_name, "annotations": d.annotation_count}
            for d in docs
        ]
        sys.stdout.write(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        for d in docs:
            print(f"{d.id}\t{d.annotation_count}\t{d.source_name}\t{d.title}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="curator",
        description="Annotate and curate historical documents. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"curator {__version__}")
    parser.add_argument("--db", type=Path, default=None, help="the store (default: curator.db in the user data folder)")
    # sub-commands take --db too; SUPPRESS keeps a top-level --db when they omit it
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="the store (a SQLite file or a URL)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("export", parents=[db], help="write the store as a dataset file")
    p.add_argument("--out", required=True, help="the file to write")
    p.add_argument("--format", choices=sorted(WRITERS), default="native")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", parents=[db], help="import text files and folders of them")
    p.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("import-json", parents=[db], help="import a native dataset file")
    p.add_argument("file", type=Path)
    p.add_argument("--on-conflict", choices=["refuse", "skip", "new-ids"], default="refuse",
                   help="ids already in the store: refuse (default), skip documents already "
                        "there, or give everything new ids")
    p.set_defaults(func=cmd_import_json)

    p = sub.add_parser("validate", help="check a native dataset file")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("list", parents=[db], help="list documents with their annotation counts")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_list)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors (argparse printed them)
        return exc.code if isinstance(exc.code, int) else 2
    if args.command is None:
        from curator.app import main as gui_main

        return gui_main(argv)
    if args.db is None:
        args.db = default_db_path()
    try:
        return args.func(args)
    except StoreProblem as exc:
        print(f"curator: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        where = f"{args.file}: " if getattr(args, "file", None) else ""
        print(f"curator: {where}{exc}", file=sys.stderr)
        return 1
    except (CuratorError, OSError) as exc:
        print(f"curator: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
