"""The relation models: type table, canonical order, evidence, money and years, JSON Schema."""

from __future__ import annotations

import itertools
import json

import jsonschema
import pytest
from hypothesis import given, strategies as st
from pydantic import ValidationError

from kg.extract import Extractor
from kg.models import ENTITY_LABELS, RELATION_TYPES, Evidence, Mention, Relation
from kg.quantities import chinese_number, parse_money, parse_years
from kg.records import InputRecord
from kg.schema import MODELS, schema_path, schema_text

TEXT = "甲方乙方"


def _mention(label: str, start: int, text: str) -> Mention:
    return Mention(start=start, end=start + len(text), label=label, text=text)


def _relation(label: str, head: Mention, tail: Mention, **extra) -> Relation:
    evidence = Evidence(doc="d", record="r", start=0, end=10)
    if label == "FUNDS":
        extra.setdefault("amount", {"text": "1亿元", "yuan": 100_000_000})
    return Relation(head=head, tail=tail, label=label, evidence=evidence, **extra)


ALL_PAIRS = [
    (rel, h, t)
    for rel, (heads, tails) in RELATION_TYPES.items()
    for h, t in itertools.product(ENTITY_LABELS, ENTITY_LABELS)
]


@pytest.mark.parametrize("label,head_label,tail_label", ALL_PAIRS)
def test_type_table(label, head_label, tail_label):
    """Every allowed pair validates; every other pair is refused with a type-mismatch reason."""
    head, tail = _mention(head_label, 0, "上海市"), _mention(tail_label, 5, "楚雄州")
    heads, tails = RELATION_TYPES[label]
    if head_label in heads and tail_label in tails:
        assert _relation(label, head, tail).label == label
    else:
        with pytest.raises(ValidationError, match="type mismatch"):
            _relation(label, head, tail)


def test_invests_in_needs_a_firm_head():
    with pytest.raises(ValidationError):
        _relation("INVESTS_IN", _mention("PLACE", 0, "上海市"), _mention("PARK", 4, "禄丰产业园"))
    assert _relation("INVESTS_IN", _mention("FIRM", 0, "隆基绿能"), _mention("PARK", 4, "禄丰产业园"))


def test_cooperates_with_is_stored_in_canonical_order():
    a, b = _mention("PLACE", 0, "云南"), _mention("PLACE", 3, "上海")
    assert _relation("COOPERATES_WITH", a, b) == _relation("COOPERATES_WITH", b, a)
    assert _relation("COOPERATES_WITH", a, b).head.text == "上海"


def test_evidence_must_contain_both_ends():
    head, tail = _mention("PLACE", 0, "上海"), _mention("PLACE", 20, "云南")
    with pytest.raises(ValidationError, match="outside the sentence"):
        Relation(head=head, tail=tail, label="ASSISTS", evidence=Evidence(doc="d", record="r", start=0, end=10))


def test_funds_needs_an_amount():
    with pytest.raises(ValidationError, match="unparsable amount"):
        _relation("FUNDS", _mention("PLACE", 0, "上海"), _mention("PLACE", 3, "云南"), amount=None)


def test_only_funds_carries_an_amount():
    head, tail = _mention("PLACE", 0, "上海"), _mention("PLACE", 3, "云南")
    with pytest.raises(ValidationError, match="only FUNDS"):
        _relation("ASSISTS", head, tail, amount={"text": "1亿元", "yuan": 100_000_000})


@pytest.mark.parametrize(
    "text,yuan",
    [("1.2亿元", 120_000_000), ("5000万元", 50_000_000), ("3.6万", 36_000), ("二十亿", 2_000_000_000),
     ("13.88 亿元", 1_388_000_000), ("1,500万元", 15_000_000), ("三千五百万元", 35_000_000), ("800元", 800),
     ("两亿元", 200_000_000), ("4.6 亿", 460_000_000)],
)
def test_money_is_normalised_to_yuan(text, yuan):
    money = parse_money(text)
    assert money.yuan == yuan and money.text in text


def test_numbers_without_unit_are_not_money():
    assert parse_money("实施帮扶项目 814 个") is None


@pytest.mark.parametrize(
    "text,years",
    [("2016年底", (2016, 2016)), ("“十三五”期间", (2016, 2020)), ("十四五时期", (2021, 2025)),
     ("2021—2023年", (2021, 2023)), ("2019 年以来", (2019, 2019)), ("2020年至2022年", (2020, 2022))],
)
def test_years_are_normalised(text, years):
    span = parse_years(text)
    assert (span.start, span.end) == years and span.text in text


def test_chinese_numbers():
    assert [chinese_number(t) for t in ("十", "二十", "一百零五", "三万二千")] == [10, 20, 105, 32000]


@pytest.mark.parametrize("name", sorted(MODELS))
def test_schema_files_match_the_code(name):
    """``python -m kg.schema`` regenerates these; run it when the models change."""
    assert schema_path(name).read_text(encoding="utf-8") == schema_text(MODELS[name])


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor("rules")


SENTENCES = [
    "上海市嘉定区对口帮扶云南省楚雄州，2023年投入帮扶资金1.2亿元。",
    "福建省福州市与宁夏回族自治区固原市签订协作协议，共建闽宁产业园。",
    "隆基绿能科技股份有限公司在楚雄州投资建设光伏项目，总投资20亿元。",
    "廣東省深圳市援助廣西百色市，兩市合作共建深百產業園。",
    "由浙江省湖州市援建的广元浙川产业合作园已投产。",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_extract_output_validates_against_the_schema(extractor, text):
    record = next(extractor.extract([InputRecord("r", text, "t", 1, doc="d")])).record
    schema = json.loads(schema_path("extraction_record").read_text(encoding="utf-8"))
    jsonschema.validate(record, schema)
    assert record["relations"], "each of these sentences states a relation"


@given(st.sampled_from(SENTENCES), st.text(alphabet="，。的和在", max_size=6))
def test_every_relation_evidence_contains_both_mentions(text, noise):
    record = next(Extractor("rules").extract([InputRecord("r", noise + text, "t", 1, doc="d")])).record
    for rel in record["relations"]:
        ev = rel["evidence"]
        for end in (record["entities"][rel["head"]], record["entities"][rel["tail"]]):
            assert ev["start"] <= end["start"] and end["end"] <= ev["end"]


def test_failed_candidates_become_rejects_with_reasons(extractor):
    text = "百色市选派45名干部赴深圳挂职。隆基绿能科技股份有限公司在楚雄州投资建设光伏项目。"
    result = next(extractor.extract([InputRecord("r", text, "t", 1, doc="d")]))
    reasons = {(r["label"], r["reason"].split(":")[0].removeprefix("Value error, ")) for r in result.rejects}
    assert ("ASSISTS", "direction") in reasons
    assert ("FUNDS", "unparsable amount") in reasons
    kept = {(result.record["entities"][r["head"]]["text"], r["label"]) for r in result.record["relations"]}
    assert ("百色市", "ASSISTS") not in kept and ("隆基绿能科技股份有限公司", "INVESTS_IN") in kept


def test_cli_writes_rejects(tmp_path):
    import subprocess
    import sys

    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "百色市选派45名干部赴深圳挂职。"}, ensure_ascii=False) + "\n", encoding="utf-8")
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "extract", str(source), "-o", str(out), "--rejects", str(rejects), "-p", "rules"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    (reject,) = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert reject["id"] == "a" and "direction" in reject["reason"]
