"""An annotation whose whole text a correction removes is orphaned: it keeps its quote
and the revision it belonged to, is never placed on the text around it, is listed for
review, is left out of every export, and comes back exactly with an undo. The review
reason names only the corrections that changed the annotation's text."""

from __future__ import annotations

import io

import orjson
import pytest

from curator.domain import Label, Status
from curator.domain.errors import ValidationError
from curator.exchange import w3c
from curator.services import exchange as exchange_svc
from curator.services.exchange import export_dataset
from curator.exchange.textfile import decode_bytes
from curator.services import annotations as A
from curator.services import corrections as C
from curator.services.corpus import import_decoded, load_document
from curator.services.review_queue import next_to_review

TEXT = "S5to| KA £3Yst (1945~1956) 179\nThis study covers 1945 to 1956 in North Korea.\n"


@pytest.fixture
def doc(store):  # ``store``: tests/services/conftest.py
    return import_decoded(store, "h.txt", decode_bytes(TEXT.encode())).document_id


def at(phrase: str) -> tuple[int, int]:
    i = TEXT.index(phrase)
    return i, i + len(phrase)


def header() -> tuple[int, int]:
    return 0, TEXT.index("\n") + 1


def exported(store) -> dict:
    out = io.BytesIO()
    export_dataset(store, out)
    return orjson.loads(out.getvalue())


def test_an_annotation_inside_removed_noise_is_orphaned_not_moved(store, doc):
    date = A.create_annotation(store, doc, Label.DATE, *at("1945~1956"), creator="kim", status="confirmed")
    claim = A.create_annotation(store, doc, Label.CLAIM, *at("This study covers 1945 to 1956"), creator="kim")
    noise = C.propose_correction(store, doc, *header(), "", reason="running header", author="kim", kind="noise")
    result = C.accept_corrections(store, [noise.id], by="kim")

    assert result.orphaned == (date.id,) and result.flagged == ()
    orphan = A.get_annotation(store, date.id)
    assert orphan.status is Status.ORPHANED and orphan.prior_status is Status.CONFIRMED
    assert (orphan.revision_id, orphan.start, orphan.end, orphan.quote) == \
        (date.revision_id, date.start, date.end, "1945~1956")
    assert orphan.review_reason == f"its text «1945~1956» was removed by correction #{noise.id} (revision 2)"
    # never drawn on the new text; the untouched claim moved with its text
    assert [s[0] for s in A.list_spans(store, doc)] == [claim.id]
    assert A.list_orphans(store, doc) == [(date.id, 0, 0, "date")]
    moved = A.get_annotation(store, claim.id)
    assert load_document(store, doc).text[moved.start:moved.end] == claim.quote
    # listed for review
    stop = next_to_review(store, None)
    assert stop is not None and stop.annotation_id == date.id and stop.reason == orphan.review_reason


def test_orphans_are_left_out_of_every_export_with_their_evidence_links(store, doc, tmp_path):
    date = A.create_annotation(store, doc, Label.DATE, *at("1945~1956"), creator="kim")
    from curator.domain.values import ClaimValue

    claim = A.create_annotation(store, doc, Label.CLAIM, *at("This study covers 1945 to 1956"), creator="kim",
                                value=ClaimValue("covers the decade", (date.id,)))
    noise = C.propose_correction(store, doc, *header(), "", reason="header", author="kim", kind="noise")
    C.accept_corrections(store, [noise.id], by="kim")

    data = exported(store)
    anns = data["documents"][0]["annotations"]
    assert [a["id"] for a in anns] == [claim.id]
    assert anns[0]["value"] == {"summary": "covers the decade", "evidence": []}
    assert "1945~1956" not in [a["quote"] for a in anns]
    out = tmp_path / "w3c.jsonld"
    exchange_svc.write_w3c(store, out)
    assert "1945~1956" not in out.read_text(encoding="utf-8").split('"exact"', 1)[-1]
    assert out.read_text(encoding="utf-8").count('"exact"') == 1
    # the claim in the store still cites it: nothing was silently dropped
    assert A.get_annotation(store, claim.id).value.evidence == (date.id,)


def test_undo_of_the_accept_gives_the_orphan_back_its_place(store, doc):
    date = A.create_annotation(store, doc, Label.DATE, *at("1945~1956"), creator="kim")
    noise = C.propose_correction(store, doc, *header(), "", reason="header", author="kim", kind="noise")
    result = C.accept_corrections(store, [noise.id], by="kim")
    C.undo_accept(store, result)
    assert A.get_annotation(store, date.id) == date
    assert A.get_annotation(store, date.id).prior_status is None
    assert [s[0] for s in A.list_spans(store, doc)] == [date.id]


def test_placing_an_orphan_again_on_the_current_text(store, doc):
    date = A.create_annotation(store, doc, Label.DATE, *at("1945~1956"), creator="kim", status="confirmed")
    noise = C.propose_correction(store, doc, *header(), "", reason="header", author="kim", kind="noise")
    C.accept_corrections(store, [noise.id], by="kim")
    text = load_document(store, doc).text
    with pytest.raises(ValidationError, match="place it again"):
        A.update_annotation(store, date.id, status="draft")
    start = text.index("1945 to 1956")
    placed = A.place_annotation(store, date.id, start, start + len("1945 to 1956"))
    assert placed.status is Status.CONFIRMED and placed.review_reason is None
    assert placed.revision_id == load_document(store, doc).revision_id and placed.quote == "1945 to 1956"
    with pytest.raises(ValidationError, match="not orphaned"):
        A.place_annotation(store, date.id, 0, 3)


def test_the_review_reason_names_only_the_corrections_that_changed_the_text(store, doc):
    """Accept all shown: thirty corrections, one of them inside the claim. The reason
    names that one, not the whole batch."""
    claim = A.create_annotation(store, doc, Label.CLAIM, *at("North Korea"), creator="kim")
    text = load_document(store, doc).text
    ids = []
    for word in ("This", "study", "covers"):
        i = text.index(word)
        ids.append(C.propose_correction(store, doc, i, i + len(word), word.upper(), reason="", author="k").id)
    inside = text.index("Korea")
    ids.append(C.propose_correction(store, doc, inside, inside + 5, "KOREA", reason="", author="k").id)
    C.accept_corrections(store, ids, by="kim")
    row = A.get_annotation(store, claim.id)
    assert row.status is Status.NEEDS_REVIEW
    assert row.review_reason == f"text changed by correction #{ids[-1]}: was «North Korea»"
