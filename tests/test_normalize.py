"""kg.normalize: each step by example, then the offset map's guarantees as properties."""

from __future__ import annotations

import re

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.normalize import _SMALL, NormalizedText, _apply, _conversion_edits, is_pinyin, normalize


def spans(n: NormalizedText) -> list[str]:
    """The original text behind each normalised character."""
    return [n.original[s:e] for s, e in zip(n.starts.tolist(), n.ends.tolist(), strict=True)]


def original_of(n: NormalizedText, fragment: str) -> str:
    """The original slice behind the first occurrence of ``fragment`` in the normalised text."""
    start = n.text.index(fragment)
    return n.original[slice(*n.to_original(start, start + len(fragment)))]


# -- step 1: HTML entities ---------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("上海&amp;云南", "上海&云南"),
        ("&#x6CAA;滇协作", "沪滇协作"),
        ("&#27818;滇协作", "沪滇协作"),
        ("&lt;楚雄&gt;", "<楚雄>"),
        ("AT&amp;amp;T", "AT&T"),  # doubly escaped, as scraped pages often are
        ("&bogus; & &#;", "&bogus; & &#;"),  # not entities: left alone
    ],
)
def test_html_entities_decode(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


def test_entity_maps_to_the_whole_reference() -> None:
    n = normalize("AT&amp;T")
    assert spans(n) == ["A", "T", "&amp;", "T"]


def test_nbsp_entity_between_han_is_whitespace_noise() -> None:
    n = normalize("楚雄&nbsp;州")
    assert n.text == "楚雄州"
    assert original_of(n, "楚雄州") == "楚雄&nbsp;州"


# -- step 2: NFKC ----------------------------------------------------------------


def test_full_width_digits_letters_and_punctuation_become_ascii() -> None:
    n = normalize("１２．５亿元（ＡＢＣ）")
    assert n.text == "12.5亿元(ABC)"
    assert original_of(n, "12.5") == "１２．５"


def test_expanding_character_maps_every_output_char_to_the_whole_original() -> None:
    n = normalize("等……")
    assert n.text == "等......"
    assert spans(n) == ["等"] + ["…"] * 3 + ["…"] * 3
    assert n.to_original(2, 3) == (1, 2)


def test_full_width_ampersand_entity_decodes_after_nfkc() -> None:
    assert normalize("上海＆ａｍｐ；云南").text == "上海&云南"


# -- step 3: pinyin glosses ------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected", "span_text"),
    [
        ("東西部協(xié)作", "东西部协作", "協(xié)作"),
        ("楚雄(chǔ xióng)州", "楚雄州", "楚雄(chǔ xióng)州"),
        ("協（xié）作", "协作", "協（xié）作"),
        ("協(xie2)作", "协作", "協(xie2)作"),
        ("西安(Xī'ān)市", "西安市", "西安(Xī'ān)市"),
        ("中(zhōng)(guó)国", "中国", "中(zhōng)(guó)国"),
        ("協 (xié) 作", "协作", "協 (xié) 作"),
    ],
)
def test_pinyin_gloss_is_removed_but_stays_inside_the_span(raw: str, expected: str, span_text: str) -> None:
    n = normalize(raw)
    assert n.text == expected
    assert original_of(n, normalize(span_text).text) == span_text
    start = raw.index(span_text)
    assert n.original[slice(*n.to_original(*n.to_normalized(start, start + len(span_text))))] == span_text


@pytest.mark.parametrize(
    "raw",
    [
        "中国(云南)自贸试验区",
        "招商引资发展规划(2023-2027)",
        "管理办法（试行）",
        "生产总值(GDP)增长",
        "社会组织(NGO)",
        "社会组织(ngo)",
        "指标(gdp)",
        "(一)总体要求",
        "第(1)项",
        "情形(a)",
        "平台(app)",
        "名称(china)",
        "楚雄(Chuxiong)",
        "Shanghai(xié)",  # a Latin letter, not a Han character, before the bracket
    ],
)
def test_ordinary_parentheses_stay(raw: str) -> None:
    assert "(" in normalize(raw).text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("xié", True),
        ("chǔ xióng", True),
        ("Chǔxióng", True),  # capitals only with tone marks
        ("xie2", True),
        ("chu3xiong2", True),
        ("lǚ", True),
        ("nv3", True),
        ("xi'an", True),
        ("zhong", True),  # toneless lowercase pinyin
        ("xie", True),
        ("Chuxiong", False),
        ("GDP", False),
        ("gdp", False),
        ("ngo", False),
        ("NGO", False),
        ("2023-2027", False),
        ("a", False),
        ("china", False),
        ("area", False),  # a+re+a: a non-initial a/e/o syllable needs an apostrophe
        ("app", False),
        ("e-commerce", False),
        ("xie22", False),
        ("", False),
    ],
)
def test_is_pinyin_edge_cases(content: str, expected: bool) -> None:
    assert is_pinyin(content) is expected


# -- step 4: whitespace -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("楚 雄 州", "楚雄州"),
        ("沪滇产业\n合作示范园", "沪滇产业合作示范园"),
        ("沪滇产业\r\n合作示范园", "沪滇产业合作示范园"),
        ("楚雄\u3000州", "楚雄州"),
        ("“ 飞地经济 ”", "“飞地经济”"),
        ("东西部协作，\n推动发展", "东西部协作,推动发展"),
        ("2023年 5月", "2023年 5月"),
        ("引进 ABC 公司", "引进 ABC 公司"),
        ("Shanghai\n  Cooperation", "Shanghai Cooperation"),
        ("第一段。\n\n第二段", "第一段。\n\n第二段"),
        ("第一段。 \n \u3000\n\n第二段", "第一段。\n\n第二段"),
        (" 楚雄 ", " 楚雄 "),  # at the edges there is no neighbour to join
    ],
)
def test_whitespace(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


def test_park_name_split_by_a_line_break_maps_back_with_the_break() -> None:
    raw = "共建沪滇产业\n合作示范园。"
    n = normalize(raw)
    assert original_of(n, "沪滇产业合作示范园") == "沪滇产业\n合作示范园"


def test_blank_line_keeps_paragraphs_apart() -> None:
    n = normalize("楚雄州\n\n嘉定区")
    assert "州\n\n嘉" in n.text
    assert spans(n)[3:5] == ["\n\n", "\n\n"]


# -- step 5: traditional → simplified -----------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("國家鄉村振興局", "国家乡村振兴局"),
        ("上海市嘉定區", "上海市嘉定区"),
        ("滬滇協作", "沪滇协作"),
        ("閩寧協作", "闽宁协作"),
    ],
)
def test_traditional_to_simplified(raw: str, expected: str) -> None:
    n = normalize(raw)
    assert n.text == expected
    assert spans(n) == list(raw)


def test_phrases_convert_across_removed_noise() -> None:
    # 乾 is 干 in 乾燥 but stays in 乾隆: conversion runs after noise removal.
    assert normalize("乾隆").text == "乾隆"
    assert normalize("乾燥").text == "干燥"
    assert normalize("乾\n燥").text == "干燥"
    assert normalize("乾(gān)燥").text == "干燥"


def test_conversion_that_changes_length_falls_back_to_characters() -> None:
    # t2s never changes length, so use a real OpenCC config that does (的士 → 計程車).
    state = NormalizedText.identity("打的士\n的士")
    edits = _conversion_edits(state.text, opencc.OpenCC("s2twp"))
    assert all(len(replacement) == end - start for start, end, replacement in edits)
    converted = _apply(state, edits)
    assert len(converted.text) == len(state.text)
    assert spans(converted) == list(state.text)


# -- the offset map ------------------------------------------------------------------------


def test_identity_text_maps_each_character_to_itself() -> None:
    n = normalize("楚雄州, Yunnan")
    assert n.text == n.original
    assert spans(n) == list(n.original)


def test_empty_text() -> None:
    n = normalize("")
    assert (n.text, len(n.starts), n.to_original(0, 0), n.to_normalized(0, 0)) == ("", 0, (0, 0), (0, 0))


def test_empty_and_noise_only_spans() -> None:
    n = normalize("協(xié)作")
    assert n.to_original(1, 1) == (1, 1)
    assert n.to_normalized(1, 6) == (1, 1)  # the gloss alone
    assert n.to_normalized(0, 7) == (0, 2)


def test_map_is_read_only() -> None:
    n = normalize("上海")
    with pytest.raises(ValueError, match="read-only"):
        n.starts[0] = 1


@pytest.mark.parametrize(("start", "end"), [(-1, 1), (2, 1), (0, 99)])
def test_bad_spans_say_what_is_wrong(start: int, end: int) -> None:
    n = normalize("上海市")
    with pytest.raises(ValueError, match=r"not inside the normalised text of length 3"):
        n.to_original(start, end)
    with pytest.raises(ValueError, match=r"not inside the original text of length 3"):
        n.to_normalized(start, end)


def test_overlapping_edits_are_refused() -> None:
    with pytest.raises(ValueError, match="starts before the previous edit ends"):
        _apply(NormalizedText.identity("abcdef"), [(0, 3, "x"), (2, 4, "")])


# -- properties ----------------------------------------------------------------------------

TOKENS = [
    *"国家乡村振兴局上海市嘉定区楚雄州协作沪滇产业合作示范园云南",
    *"國家鄉村振興局與上海市嘉定區楚雄協作滬滇產業園開東閩寧",
    *"abxzGDP120-;#&",
    " ", "  ", "\n", "\n\n", "\r\n", "\t", "\u3000", "\xa0",
    "(", ")", "（", "）", "，", "。", "、", "《", "》", "“", "”", "…", "．",
    "１", "２", "Ａ", "ｘ", "＆", "ａｍｐ", "；",
    "xié", "chǔ xióng", "xie2", "zhong", "ngo", "gdp", "GDP", "a", "Xī'ān",
    "&amp;", "&nbsp;", "&#x6CAA;", "&#27818;", "&lt;", "&amp;amp;",
]  # fmt: skip
texts = st.lists(st.sampled_from(TOKENS), max_size=30).map("".join)
HAN_WHITESPACE_HAN = re.compile(r"[\u4e00-\u9fff](\s+)(?=[\u4e00-\u9fff])")
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(texts)
def test_map_is_monotone_and_inside_the_original(raw: str) -> None:
    n = normalize(raw)
    starts, ends = n.starts.tolist(), n.ends.tolist()
    assert all(0 <= s < e <= len(raw) for s, e in zip(starts, ends, strict=True))
    assert starts == sorted(starts)
    assert ends == sorted(ends)


@PROPERTY_SETTINGS
@given(texts)
def test_no_whitespace_between_han_characters_but_paragraph_breaks(raw: str) -> None:
    assert {run for run in HAN_WHITESPACE_HAN.findall(normalize(raw).text)} <= {"\n\n"}


@PROPERTY_SETTINGS
@given(texts)
def test_normalize_is_idempotent(raw: str) -> None:
    once = normalize(raw).text
    assert normalize(once).text == once


@PROPERTY_SETTINGS
@given(texts, st.data())
def test_mapped_back_slice_normalises_to_a_cover_of_the_span(raw: str, data: st.DataObject) -> None:
    n = normalize(raw)
    start = data.draw(st.integers(0, len(n.text)), label="start")
    end = data.draw(st.integers(start, len(n.text)), label="end")
    ostart, oend = n.to_original(start, end)
    assert n.text[start:end] in normalize(raw[ostart:oend]).text


@PROPERTY_SETTINGS
@given(texts, st.data())
def test_span_round_trips_unless_it_cuts_an_expansion(raw: str, data: st.DataObject) -> None:
    n = normalize(raw)
    start = data.draw(st.integers(0, len(n.text)), label="start")
    end = data.draw(st.integers(start, len(n.text)), label="end")
    starts, ends = n.starts.tolist(), n.ends.tolist()
    cuts = (0 < start < len(starts) and ends[start - 1] > starts[start]) or (
        0 < end < len(starts) and ends[end - 1] > starts[end]
    )
    back = n.to_normalized(*n.to_original(start, end))
    if not cuts:
        assert back == (start, end)
    elif start < end:
        assert back[0] <= start and end <= back[1]


def test_lone_surrogate_becomes_replacement_character() -> None:
    # JSON input can carry "\ud800"; OpenCC cannot encode it.
    n = normalize("滬\ud800滇")
    assert n.text == "沪\ufffd滇"
    assert spans(n) == ["滬", "\ud800", "滇"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts.filter(lambda raw: normalize(raw).text.strip() == normalize(raw).text != ""), min_size=1, max_size=8))
def test_long_text_maps_like_its_paragraphs(paragraphs: list[str]) -> None:
    # Long texts take the vectorised path; paragraphs normalise independently,
    # so a long text's map must be its paragraphs' maps, shifted.
    paragraphs = paragraphs * (_SMALL // sum(len(normalize(p).text) for p in paragraphs) + 1)
    whole = normalize("\n\n".join(paragraphs))
    assert len(whole.text) >= _SMALL
    expected_text, expected_spans, offset = [], [], 0
    for paragraph in paragraphs:
        part = normalize(paragraph)
        expected_text.append(part.text)
        expected_spans += [(s + offset, e + offset) for s, e in zip(part.starts.tolist(), part.ends.tolist())]
        expected_spans += [(offset + len(paragraph), offset + len(paragraph) + 2)] * 2
        offset += len(paragraph) + 2
    assert whole.text == "\n\n".join(expected_text)
    assert list(zip(whole.starts.tolist(), whole.ends.tolist())) == expected_spans[:-2]
