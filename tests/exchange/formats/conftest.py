"""The stores of the export-format tests: ``store`` starts empty, ``corpus`` fills it with
the two texts of ``w3c_corpus`` and their annotations (these override the native
dataset's fixtures of the folder above)."""

from __future__ import annotations

import pytest

from curator.store import open_store

from .w3c_corpus import Corpus, build_corpus


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "export.db")
    yield s
    s.close()


@pytest.fixture
def corpus(store) -> Corpus:
    return build_corpus(store)
