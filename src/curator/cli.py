"""The ``curator`` command. With no subcommand it opens the app; the subcommands work
headless (scripts, servers, CI) and never import Qt. They live in
``curator.cli_commands``, one module per area.

Exit codes: 0 success; 1 the work was done but something was refused, or the input was
refused (an import with refused files, an invalid dataset, unknown correction ids);
2 usage or store problems (bad arguments, an unknown document, a store written by a
newer Curator, a file that is not a store). Expected errors are one line on stderr,
never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from curator import __version__
from curator.cli_commands import detect, documents, exchange, review
from curator.cli_commands.common import StoreProblem
from curator.domain.errors import CuratorError, ValidationError
from curator.settings import default_db_path
from curator.services.stores import is_url, translated_errors

__all__ = ["StoreProblem", "build_parser", "main"]


def db_target(text: str) -> str | Path:
    """``--db``: a database URL stays text (``Path`` would fold its ``//``), anything
    else is a SQLite file's path."""
    return text if is_url(text) else Path(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="curator",
        description="Annotate and curate historical documents. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"curator {__version__}")
    parser.add_argument("--db", type=db_target, default=None, help="the store: a SQLite file or a database URL such as "
                        "postgresql+psycopg://user:password@host/db (default: curator.db in the user data folder)")
    # the window's start-up check (curator.app), for the bundle's smoke test
    parser.add_argument("--smoke-quit-after-start", action="store_true", help=argparse.SUPPRESS)
    # sub-commands take --db too; SUPPRESS keeps a top-level --db when they omit it
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", type=db_target, default=argparse.SUPPRESS, help="the store (a SQLite file or a URL)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (exchange, documents, review, detect):
        module.register(sub, db)
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
        with translated_errors():  # a database error is a StoreError, e.g. locked by another writer
            return args.func(args)
    except StoreProblem as exc:
        print(f"curator: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        where = f"{args.file}: " if getattr(args, "file", None) else ""
        print(f"curator: {where}{exc}", file=sys.stderr)
        return 1
    except (CuratorError, OSError) as exc:  # StoreError: "store error: <the database's reason>"
        print(f"curator: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
