"""``export``, ``import``, ``import-json``, ``validate`` and ``list``."""

from __future__ import annotations

import argparse
import codecs
import sys
from collections.abc import Callable
from pathlib import Path

import orjson

from curator.cli_commands.common import Percent, Progress, store_at
from curator.domain.errors import CuratorError, ValidationError
from curator.exchange.formats import EXPORT, IMPORT

ProgressFn = Callable[[int, int], None] | None


def cmd_export(args: argparse.Namespace) -> int:
    progress = Progress("exported") if sys.stderr.isatty() else None
    from curator.services.exchange import export

    fmt = EXPORT[args.format]
    with store_at(args.db) as store:
        try:
            done = export(store, fmt.name, Path(args.out), progress=progress)
        except OSError as exc:
            raise CuratorError(f"cannot write {args.out}: {exc.strerror or exc}") from exc
        finally:
            if progress is not None:
                print(file=sys.stderr)
    note = fmt.note
    if done.left_out:
        note = f" ({done.left_out} orphaned annotations, whose text a correction removed, left out)"
    print(f"exported {done.annotations} annotations ({args.format}) to {args.out}{note}")
    return 0


def _encoding(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError as exc:
        raise argparse.ArgumentTypeError(f"'{name}' is not an encoding Python knows") from exc


def cmd_import(args: argparse.Namespace) -> int:
    """Import files one by one, printing each outcome as it comes (each file is its own
    transaction, so a refused file never stops the rest)."""
    from curator.services.corpus import expand_paths, import_files
    from curator.services.ocr import is_ocr_file

    counts = {"imported": 0, "skipped": 0, "refused": 0}
    with store_at(args.db, must_exist=False) as store:
        for path in expand_paths([Path(p) for p in args.paths]):
            # OCR XML declares its own encoding: --encoding is for plain text files
            if args.encoding is None or is_ocr_file(path):
                (outcome,) = import_files(store, [path])
            else:
                outcome = _import_as(store, path, args.encoding)
            counts[outcome.status] += 1
            if outcome.status == "imported":
                line = f"imported  {outcome.source} (document {outcome.document_id})" + (
                    f": {outcome.reason}" if outcome.reason else "")
            else:
                line = f"{outcome.status:<9} {outcome.source}: {outcome.reason}"
            print(line, flush=True)
    print(", ".join(f"{status} {n}" for status, n in counts.items()))
    return 1 if counts["refused"] else 0


def _import_as(store: Store, path: Path, encoding: str):
    """``import_files`` for one file, decoded with the encoding the curator chose."""
    from curator.exchange.textfile import MAX_BYTES, decode_as
    from curator.services.corpus import ImportOutcome, import_decoded

    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValidationError(f"the file is larger than {MAX_BYTES // 2**20} MiB")
        decoded = decode_as(path.read_bytes(), encoding)
    except ValidationError as exc:
        return ImportOutcome(path.name, None, "refused", str(exc))
    except OSError as exc:
        return ImportOutcome(path.name, None, "refused", exc.strerror or str(exc))
    return import_decoded(store, path.name, decoded)


def cmd_import_json(args: argparse.Namespace) -> int:
    progress = Percent(f"importing {args.file}:") if sys.stderr.isatty() else None
    try:
        return _import_json(args, progress)
    finally:
        if progress is not None:
            print(file=sys.stderr)


def _import_json(args: argparse.Namespace, progress: Percent | None) -> int:
    from curator.services.exchange import describe_import, import_annotations

    with store_at(args.db, must_exist=False) as store:
        summary = import_annotations(store, args.format, args.file, on_conflict=args.on_conflict, progress=progress)
    print(describe_import(args.format, summary, str(args.file)))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from curator.exchange.native import validate_file

    stats = validate_file(args.file)
    print(f"{args.file}: valid ({stats.documents} documents, {stats.annotations} annotations)")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from curator.services.corpus import list_documents

    with store_at(args.db) as store:
        docs = list_documents(store)
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


def register(sub, db: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[db], help="write the annotations to a file")
    p.add_argument("--out", required=True, help="the file to write")
    p.add_argument("--format", choices=list(EXPORT), default="native",
                   help="native dataset (default), W3C Web Annotation collection or JSON Lines, "
                        "JSONL for NLP tools (code-point offsets; doccano: the same in UTF-16 units), "
                        "or CSV of dates and figures")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", parents=[db], help="import text files and folders of them")
    p.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    p.add_argument("--encoding", type=_encoding, default=None,
                   help="decode every file with this encoding instead of detecting it")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("import-json", parents=[db], help="import a native dataset or W3C annotations")
    p.add_argument("file", type=Path)
    p.add_argument("--format", choices=list(IMPORT), default="native",
                   help="native dataset (documents and annotations) or W3C Web Annotations "
                        "onto documents already in the store")
    p.add_argument("--on-conflict", choices=list(dict.fromkeys(c for f in IMPORT.values() for c in f.on_conflict)),
                   default="refuse",
                   help="native: ids already in the store are refused (default), their documents "
                        "skipped, or everything gets new ids; merge adds a colleague's annotations to "
                        "the documents whose text the store has (leaving out identical ones) and the "
                        "other documents with new ids; w3c: an identical annotation (document, label, "
                        "span) already there is refused, skipped or added anyway (new-ids)")
    p.set_defaults(func=cmd_import_json)

    p = sub.add_parser("validate", help="check a native dataset file")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("list", parents=[db], help="list documents with their annotation counts")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_list)
