import pytest

from curator.exchange.textfile import decode_bytes
from curator.services.corpus import import_decoded
from curator.store import open_store

MIXED_TEXT = "Aid: 5억 7,600만 루블 😀 in 1950 𠀀 and 576 million rubles.\n둘째 줄 1958년 3월"


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "t.db")
    yield s
    s.close()


@pytest.fixture
def doc(store):
    out = import_decoded(store, "mixed.txt", decode_bytes(MIXED_TEXT.encode()))
    return out.document_id
