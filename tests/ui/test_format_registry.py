"""The window and the command line offer the same formats, from the one registry in
``curator.exchange.formats``: the same names, labels and suffixes, in the same order."""

from __future__ import annotations

import argparse

from curator.cli import build_parser
from curator.exchange.formats import EXPORT, EXPORTS, IMPORT, IMPORTS
from curator.ui import annotation_import, exporter


def _choices(command: str) -> dict[str, list[str]]:
    """The choices of every option of a subcommand of ``curator``."""
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    parser = sub.choices[command]
    return {a.dest: list(a.choices) for a in parser._actions if a.choices is not None}


def test_the_command_line_exports_and_imports_the_registered_formats():
    assert _choices("export")["format"] == [f.name for f in EXPORTS]
    assert _choices("import-json")["format"] == [f.name for f in IMPORTS]
    policies = set(_choices("import-json")["on_conflict"])
    assert policies == {p for f in IMPORTS for p in f.on_conflict}
    # the public names, as scripts and the digest check call them
    assert list(EXPORT) == ["native", "w3c", "w3c-jsonl", "jsonl", "doccano", "csv"]


def test_the_window_offers_the_registered_formats_in_the_registry_s_order(window):
    controller = window.exporter
    assert list(controller.format_actions) == [f.name for f in EXPORTS]
    texts = [a.text() for a in controller.menu.actions()]
    assert texts == [f"{f.label} ({f.suffix})…" for f in EXPORTS]
    assert set(exporter.ICONS) == set(EXPORT)  # every format has its icon
    assert annotation_import.NATIVE_FILTER == IMPORT["native"].file_filter
    assert annotation_import.W3C_FILTER == IMPORT["w3c"].file_filter
    assert annotation_import.W3C_SUFFIXES == IMPORT["w3c"].suffixes
    assert [key for key, *_ in annotation_import.POLICIES["native"]] != []
    for fmt, policies in annotation_import.POLICIES.items():
        assert {key for key, *_ in policies} == set(IMPORT[fmt].on_conflict)


def test_an_export_from_the_window_is_the_command_line_s_export(window, store, tmp_path):
    """Both run ``services.exchange.export`` with the registry entry: the same bytes."""
    from curator import cli

    for fmt in EXPORTS:
        ours = tmp_path / f"window{fmt.suffix}"
        assert str(ours) in window.export_to(ours, fmt.name)
        theirs = tmp_path / f"cli{fmt.suffix}"
        assert cli.main(["--db", str(store.path), "export", "--format", fmt.name, "--out", str(theirs)]) == 0
        assert ours.read_bytes() == theirs.read_bytes(), fmt.name
