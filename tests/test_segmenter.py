"""Character segmentation never cuts an entity: the reason kg tokenizes by character.

``pipelines/segmenter/RESULTS.md`` measured jieba and a UD-trained pkuseg
cutting 5–12 % of gold entities, so no token-based recogniser could ever find
them.  These tests pin the property kg relies on instead: with spaCy's ``zh``
char segmenter, and with the tokenizer each ``pipelines/*.cfg`` configures,
every entity span maps onto whole tokens.
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache

import pytest
import spacy
from spacy.language import Language
from spacy.util import load_config

from kg.nlp.tokenizer import normalized_text  # importing it registers kg.NormalizingCharTokenizer.v1
from kg.resources import PIPELINES_DIR, REPO_ROOT

Entity = tuple[int, int, str]

# Sentences written for this test, with their entities in order of appearance.
SENTENCES: list[tuple[str, list[str]]] = [
    ("上海市嘉定区与楚雄州签订沪滇协作框架协议。", ["上海市", "嘉定区", "楚雄州", "沪滇协作"]),
    ("楚雄州投资促进局组织企业赴上海开展招商攻坚年行动。", ["楚雄州投资促进局", "上海", "招商攻坚年行动"]),
    ("隆基绿能在禄丰产业园区投资建设光伏项目，总投资12.5亿元。", ["隆基绿能", "禄丰产业园区"]),
    ("州政府印发《楚雄州深化沪滇产业协作工作方案》。", ["州政府", "楚雄州深化沪滇产业协作工作方案"]),
    ("积极探索“飞地经济”模式，共建沪滇产业合作示范园。", ["飞地经济", "沪滇产业合作示范园"]),
    ("“双一百”村企结对精准扶贫行动惠及怒江州。", ["“双一百”村企结对精准扶贫行动", "怒江州"]),
    ("张勇委员建议云南省社会科学院牵头研究。", ["张勇", "云南省社会科学院"]),
    ("ABC新能源有限公司落户中国（云南）自贸试验区。", ["ABC新能源有限公司", "中国（云南）自贸试验区"]),
    ("2023年福建省与宁夏在银川市永宁县闽宁镇共建园区", ["福建省", "宁夏", "银川市", "永宁县", "闽宁镇"]),
    ("楚 雄 州与上海市合作交流办对接。", ["楚 雄 州", "上海市合作交流办"]),
]

# What kg's tokenizer must also survive: ANNOTATION.md rule 7 keeps traditional
# characters, pinyin glosses and extraction noise inside the span as written.
NOISY_SENTENCES: list[tuple[str, list[str]]] = [
    ("滬滇協作推動楚雄州發展。", ["滬滇協作", "楚雄州"]),
    ("沪滇協(xié)作成效明显。", ["沪滇協(xié)作"]),
    ("禄丰产业\n园区引进龙佰钛业。", ["禄丰产业\n园区", "龙佰钛业"]),
    ("楚雄州於２０２３年與嘉定區結對。", ["楚雄州", "嘉定區"]),
]


def with_offsets(text: str, names: list[str]) -> list[Entity]:
    """Offsets of each name, searched from the end of the previous one."""
    entities, at = [], 0
    for name in names:
        start = text.index(name, at)
        at = start + len(name)
        entities.append((start, at, name))
    return entities


@cache
def configured_tokenizers() -> tuple[tuple[str, Language], ...]:
    """A blank pipeline with the tokenizer of each pipelines/*.cfg (components are not loaded)."""
    pipelines = []
    for path in sorted(PIPELINES_DIR.glob("*.cfg")):
        tokenizer = load_config(path, interpolate=False)["nlp"]["tokenizer"]
        pipelines.append((path.name, spacy.blank("zh", config={"nlp": {"tokenizer": tokenizer}})))
    return tuple(pipelines)


def test_blank_zh_defaults_to_char_segmentation() -> None:
    assert spacy.blank("zh").tokenizer.segmenter == "char"


@pytest.mark.parametrize(("text", "names"), SENTENCES)
def test_char_segmenter_keeps_every_entity_whole(text: str, names: list[str]) -> None:
    doc = spacy.blank("zh")(text)
    for start, end, name in with_offsets(text, names):
        span = doc.char_span(start, end)
        assert span is not None, f"{name!r} at {start}-{end} is cut by tokens {[t.text for t in doc]}"
        assert span.text == name


def test_every_pipeline_configures_a_character_tokenizer() -> None:
    pipelines = configured_tokenizers()
    assert pipelines, f"no *.cfg in {PIPELINES_DIR}"
    for name, nlp in pipelines:
        doc = nlp("楚雄州与嘉定区")
        assert [t.text for t in doc] == list("楚雄州与嘉定区"), name


@pytest.mark.parametrize(("text", "names"), SENTENCES + NOISY_SENTENCES)
def test_configured_tokenizers_keep_every_entity_whole(text: str, names: list[str]) -> None:
    """kg's tokenizer works on normalised text; each entity must still be whole tokens there and map back exactly."""
    for pipeline, nlp in configured_tokenizers():
        doc = nlp(text)
        norm = normalized_text(doc)
        for start, end, name in with_offsets(text, names):
            span = doc.char_span(*norm.to_normalized(start, end))
            assert span is not None, f"{pipeline}: {name!r} is cut"
            assert norm.to_original(span.start_char, span.end_char) == (start, end), f"{pipeline}: {name!r}"


def test_measure_script_reports_no_cuts_for_character_segmenters(tmp_path) -> None:
    """pipelines/segmenter/measure.py end to end, on a JSONL written here."""
    if not (REPO_ROOT.parent / "shared" / "ud" / "zh_gsdsimp-ud-dev.conllu").exists():
        pytest.skip("../shared/ud is not beside this checkout")
    corpus = tmp_path / "written.jsonl"
    with open(corpus, "w", encoding="utf-8") as handle:
        for i, (text, names) in enumerate(SENTENCES + NOISY_SENTENCES):
            entities = [{"start": s, "end": e, "label": "PLACE", "text": n} for s, e, n in with_offsets(text, names)]
            handle.write(json.dumps({"id": f"t{i}", "text": text, "entities": entities}, ensure_ascii=False) + "\n")
    out = tmp_path / "measure.json"
    subprocess.run([sys.executable, str(PIPELINES_DIR / "segmenter" / "measure.py"), str(corpus),
                    "--segmenters", "char", "kg-char", "--seconds", "0.01", "--json", str(out)],
                   check=True, capture_output=True, cwd=REPO_ROOT)
    result = json.loads(out.read_text(encoding="utf-8"))
    entities = sum(len(names) for _, names in SENTENCES + NOISY_SENTENCES)
    for segmenter in ("char", "kg-char"):
        row = result["files"][str(corpus)][segmenter]
        assert (row["entities"], row["cut"]) == (entities, 0), segmenter
        assert row["chars_per_s"] > 0
    assert result["ud_dev"]["char"]["f1"] == pytest.approx(result["ud_dev"]["kg-char"]["f1"], abs=0.01)
