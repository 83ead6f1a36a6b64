from pathlib import Path

from curator.suggest import check_parallel, language_blocks

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_language_blocks_of_seed_003() -> None:
    text = (SEEDS / "003_4ac6bf62b4fea684.txt").read_text(encoding="utf-8")
    blocks = language_blocks(text)
    assert [b.lang for b in blocks] == ["ko", "en"]
    assert text[blocks[0].start :].startswith("본 연구는")
    assert text[: blocks[0].end].endswith("원인이 되었다.")
    assert text[blocks[1].start :].startswith("This study reviewed")
    assert blocks[1].end == len(text.rstrip())


def test_seed_003_reports_the_ruble_mismatch_only() -> None:
    text = (SEEDS / "003_4ac6bf62b4fea684.txt").read_text(encoding="utf-8")
    findings = check_parallel(text)
    figures = [f for f in findings if f.label == "figure"]
    assert len(figures) == 1
    f = figures[0]
    assert f.kind == "mismatch"
    assert f.ko is not None and f.en is not None
    assert (f.ko.quote, f.ko.value, f.ko.lang) == ("12억 900만 루블", {"amount": "1209000000", "unit": "RUB"}, "ko")
    assert (f.en.quote, f.en.value, f.en.lang) == ("1.29 billion rubles", {"amount": "1290000000", "unit": "RUB"}, "en")
    assert text[f.ko.start : f.ko.end] == f.ko.quote and text[f.en.start : f.en.end] == f.en.quote
    assert "1,209,000,000" in f.message and "1,290,000,000" in f.message
    # 576 million = 5억 7,600만: no finding mentions them
    assert not any("576" in x.message or "7,600" in x.message for x in findings)
    # the English omits "March 1958": reported as only in the Korean
    dates = [x for x in findings if x.label == "date"]
    assert [(x.kind, x.ko.quote if x.ko else None, x.en) for x in dates] == [("only_in_one", "1958년 3월", None)]


def test_agreeing_versions_give_no_findings() -> None:
    ko = "북한은 1958년 3월 계획을 채택하였다. 원조는 5억 7,600만 루블이었고 생산은 10% 늘었다."
    en = "North Korea adopted the plan in March 1958. Aid was 576 million rubles and output rose 10 percent."
    assert check_parallel(ko + "\n" + en) == []


def test_mismatched_date_and_extra_figure() -> None:
    ko = "북한은 1958년 3월 계획을 채택하였다. 원조는 5억 7,600만 루블이었다. 이것이 전부였다."
    en = "North Korea adopted the plan in March 1959. Aid was 576 million rubles, and 20% came late."
    findings = check_parallel(ko + "\n\n" + en)
    assert [(f.kind, f.label) for f in findings] == [("mismatch", "date"), ("only_in_one", "figure")]
    assert findings[0].ko.value == {"edtf": "1958-03"} and findings[0].en.value == {"edtf": "1959-03"}
    assert findings[1].ko is None and findings[1].en.quote == "20%"


def test_single_language_and_short_korean_lines_give_nothing() -> None:
    for name in ("000_a5ad83d4d40f98fa.txt", "001_89b05740a7d34430.txt"):
        assert check_parallel((SEEDS / name).read_text(encoding="utf-8")) == []
    assert check_parallel("") == []


def test_pairs_by_position_not_first_occurrence():
    ko = "국방비 비중은 1966년 30%로 늘었고, 같은 해 10월 회의가 열렸다. 1967년 수입은 약 36억 원이었다."
    en = "The defence share rose to 30 percent in 1967, and in October of the same year a meeting was held. " \
         "Revenue in 1967 was roughly 3.6 billion won."
    findings = check_parallel(ko + "\n\n" + en)
    assert [(f.kind, f.ko.quote, f.en.quote) for f in findings] == [
        ("mismatch", "1966년", "1967"), ("mismatch", "같은 해 10월", "October of the same year")]
    first_1967 = (ko + "\n\n" + en).index("1967", len(ko))
    assert findings[0].en.start == first_1967  # the first English 1967, not the second


def test_another_precision_is_no_disagreement_and_a_note_on_request():
    ko = "위원회는 1950년 12월 1일 설립되었고 1958년 8월 모든 농가가 가입하였다고 기록되어 있다."
    en = "The committee was established in December 1950, and by the summer of 1958 all farm households had joined."
    assert check_parallel(ko + "\n\n" + en) == []
    notes = check_parallel(ko + "\n\n" + en, notes=True)
    assert [(f.kind, f.ko.quote, f.en.quote) for f in notes] == [
        ("precision", "1950년 12월 1일", "December 1950"), ("precision", "1958년 8월", "summer of 1958")]


def test_a_figure_the_detectors_missed_is_not_only_in_one():
    ko = "피난민은 1951년 약 300만 명에 달하였고, 원조는 12억 달러였다고 기록되어 있다."
    en = "In 1951 refugees were estimated at 3 million, and aid came to $1.2 billion in that period."
    assert check_parallel(ko + "\n\n" + en) == []


def test_qualifiers_and_calendars_do_not_make_a_disagreement():
    ko = "북한은 주체50(1961)년 9월 계획을 채택하였고 예산의 20% 이상을 국방에 썼다고 보고되었다."
    en = "North Korea adopted the plan in September 1961 and spent more than 20 percent of its budget on defence."
    assert check_parallel(ko + "\n\n" + en, country="KP") == []
