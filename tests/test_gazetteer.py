"""The PLACE gazetteer: short forms, address chains, guards, ambiguity, hierarchy.

Runs on the committed lexicons (``seeds/lexicons/places.tsv`` and friends), so a
rebuild that changes the short-form rules or loses a unit fails here.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.gazetteer import LEVELS, Division, Gazetteer, PlaceMatch

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def names(matches: list[PlaceMatch]) -> list[str]:
    return [m.name for m in matches]


def full_names(gaz: Gazetteer, name: str) -> set[str]:
    return {d.name for d in gaz.lookup(name)}


# ------------------------------------------------------------------ short forms
@pytest.mark.parametrize(
    "short, full",
    [
        ("楚雄州", "楚雄彝族自治州"),
        ("楚雄", "楚雄彝族自治州"),
        ("嘉定", "嘉定区"),
        ("宁夏", "宁夏回族自治区"),
        ("内蒙古", "内蒙古自治区"),
        ("广西", "广西壮族自治区"),
        ("新疆", "新疆维吾尔自治区"),
        ("西双版纳州", "西双版纳傣族自治州"),
        ("西双版纳", "西双版纳傣族自治州"),
        ("伊犁州", "伊犁哈萨克自治州"),
        ("城步县", "城步苗族自治县"),
        ("城步", "城步苗族自治县"),
        ("北京", "北京市"),
        ("黑龙江", "黑龙江省"),
        ("香港", "香港特别行政区"),
        ("澳门", "澳门特别行政区"),
        ("台湾", "台湾省"),
        ("禄丰", "禄丰市"),
        ("浦东", "浦东新区"),
        ("东乡县", "东乡族自治县"),
    ],
)
def test_short_form_denotes_its_unit(gaz: Gazetteer, short: str, full: str) -> None:
    assert full in full_names(gaz, short)


def test_one_character_names_are_not_places(gaz: Gazetteer) -> None:
    for abbreviation in ("沪", "滇", "闽", "宁", "粤"):
        assert gaz.lookup(abbreviation) == ()
    assert gaz.find("沪滇协作和闽宁协作") == []


def test_towns_have_full_names_only(gaz: Gazetteer) -> None:
    town = gaz.lookup("金山镇")
    assert town and all(d.level == "town" and d.short_forms == () for d in town)
    assert gaz.lookup("金山") and all(d.level != "town" for d in gaz.lookup("金山"))


def test_short_form_owned_by_another_unit_is_dropped(gaz: Gazetteer) -> None:
    # 朝阳县 lies in 朝阳市: a bare 朝阳 there means the city
    assert "朝阳县" not in full_names(gaz, "朝阳")
    # 井陉矿区 and 井陉县 are siblings: a bare 井陉 is the county
    assert full_names(gaz, "井陉") == {"井陉县"}


# --------------------------------------------------------------- address chains
@pytest.mark.parametrize(
    "text, expected",
    [
        ("上海市嘉定区", ["上海市", "嘉定区"]),
        ("云南省楚雄州禄丰市", ["云南省", "楚雄州", "禄丰市"]),
        ("楚雄州禄丰市", ["楚雄州", "禄丰市"]),
        ("楚雄彝族自治州", ["楚雄彝族自治州"]),
        ("宁夏回族自治区固原市西吉县", ["宁夏回族自治区", "固原市", "西吉县"]),
        ("福建宁德", ["福建", "宁德"]),
        ("面向南亚东南亚辐射中心", ["南亚", "东南亚"]),
    ],
)
def test_chains_split_at_each_unit(gaz: Gazetteer, text: str, expected: list[str]) -> None:
    assert names(gaz.find(text)) == expected


def test_offsets_point_into_the_text(gaz: Gazetteer) -> None:
    text = "上海市嘉定区与云南省楚雄州开展对口协作"
    for match in gaz.find(text):
        assert text[match.start : match.end] == match.name


def test_characters_outside_the_bmp_keep_offsets(gaz: Gazetteer) -> None:
    text = "𠀀上海市嘉定区"
    assert [(m.start, m.end) for m in gaz.find(text)] == [(1, 4), (4, 7)]


def test_short_form_with_an_old_suffix_is_one_name(gaz: Gazetteer) -> None:
    # 禄丰 became a city in 2021; older texts write 禄丰县
    [match] = gaz.find("禄丰县")
    assert (match.name, [d.name for d in match.candidates]) == ("禄丰县", ["禄丰市"])
    assert [d.name for d in gaz.lookup("禄丰县")] == ["禄丰市"]


@pytest.mark.parametrize(
    "text, expected",
    [("上海市场", ["上海"]), ("嘉定区域经济", ["嘉定"]), ("上海市民政局", ["上海市"]), ("新城区域", [])],
)
def test_a_suffix_that_starts_a_word_stays_with_it(gaz: Gazetteer, text: str, expected: list[str]) -> None:
    assert names(gaz.find(text)) == expected


# ----------------------------------------------------------------------- guards
def test_common_word_short_forms_are_not_places(gaz: Gazetteer) -> None:
    assert gaz.find("加强合作") == []
    assert gaz.find("全面推进乡村振兴") == []
    assert names(gaz.find("甘南州合作市")) == ["甘南州", "合作市"]


def test_full_name_of_a_guarded_word_is_found(gaz: Gazetteer) -> None:
    [match] = gaz.find("城关镇")
    assert match.name == "城关镇" and {d.level for d in match.candidates} == {"town"}


def test_chain_only_names_need_a_related_neighbour(gaz: Gazetteer) -> None:
    assert names(gaz.find("阳泉市城区")) == ["阳泉市", "城区"]
    assert names(gaz.find("上海城区")) == ["上海"]
    assert names(gaz.find("河南省新县")) == ["河南省", "新县"]
    assert names(gaz.find("云南县域经济")) == ["云南"]
    assert gaz.find("建设新县城") == []
    assert gaz.find("雄安新区") == []  # 安新 takes no suffix it has no pattern for
    assert names(gaz.find("河北省保定市安新县")) == ["河北省", "保定市", "安新县"]


def test_generic_regions_are_not_places(gaz: Gazetteer) -> None:
    assert gaz.find("东部地区和西部地区") == []
    assert gaz.find("东盟") == []
    [match] = gaz.find("长三角")
    assert match.candidates == () and match.region == "economic"


# -------------------------------------------------------------------- ambiguity
def test_ambiguous_short_name_lists_all_units(gaz: Gazetteer) -> None:
    candidates = gaz.lookup("朝阳")
    assert {d.adcode for d in candidates} >= {"211300000000", "110105000000", "220104000000"}


def test_resolve_uses_the_other_places_of_the_document(gaz: Gazetteer) -> None:
    shanghai = gaz.lookup("上海市")[0].adcode
    beijing = gaz.lookup("北京市")[0].adcode
    assert gaz.resolve("嘉定", [shanghai]).name == "嘉定区"
    assert gaz.resolve("朝阳", [beijing]).adcode == "110105000000"
    assert gaz.resolve("朝阳", ["220100000000"]).adcode == "220104000000"  # 长春市


def test_resolve_without_context_prefers_the_highest_level(gaz: Gazetteer) -> None:
    assert gaz.resolve("朝阳").name == "朝阳市"
    assert gaz.resolve("吉林").level == "province"
    assert gaz.resolve("没有这个地方") is None


def test_resolve_gives_none_on_a_tie() -> None:
    gaz = Gazetteer(
        [
            Division("110000000000", "甲省", "province", ""),
            Division("110100000000", "乙市", "prefecture", "110000000000"),
            Division("110101000000", "东山区", "county", "110100000000", ("东山",)),
            Division("110102000000", "东山县", "county", "110100000000", ("东山",)),
        ]
    )
    assert gaz.resolve("东山") is None


def test_chain_narrows_candidates(gaz: Gazetteer) -> None:
    *_, match = gaz.find("北京市朝阳区")
    assert [d.adcode for d in match.candidates] == ["110105000000"]
    *_, match = gaz.find("吉林朝阳区")
    assert [d.adcode for d in match.candidates] == ["220104000000"]


# -------------------------------------------------------------------- hierarchy
def test_town_has_county_prefecture_province_ancestors(gaz: Gazetteer) -> None:
    [town] = [d for d in gaz.lookup("金山镇") if d.parent == gaz.lookup("禄丰市")[0].adcode]
    chain = [town, *gaz.ancestors(town.adcode)]
    assert [d.level for d in chain] == list(LEVELS[::-1])
    assert [d.name for d in chain] == ["金山镇", "禄丰市", "楚雄彝族自治州", "云南省"]
    assert gaz.parent(town.adcode).name == "禄丰市"
    assert gaz.parent(chain[-1].adcode) is None


def test_county_under_a_province_directly(gaz: Gazetteer) -> None:
    # 省直辖县级行政区划 is a placeholder, not a unit: 仙桃市 hangs on 湖北省
    [xiantao] = gaz.lookup("仙桃市")
    assert gaz.parent(xiantao.adcode).name == "湖北省"


def test_every_parent_exists(gaz: Gazetteer) -> None:
    for name in ("嘉定区", "城关镇", "楚雄州", "东莞市"):
        for unit in gaz.lookup(name):
            assert all(a.adcode for a in gaz.ancestors(unit.adcode))
            assert unit.level == "province" or gaz.parent(unit.adcode) is not None


def test_unknown_adcode_says_so(gaz: Gazetteer) -> None:
    with pytest.raises(KeyError, match="999999999999"):
        gaz.division("999999999999")


# ---------------------------------------------------------------------- loading
def test_missing_lexicon_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="build_places.py"):
        Gazetteer.from_dir(tmp_path)


def test_unknown_guard_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="sometimes"):
        Gazetteer([Division("110000000000", "甲省", "province", "")], guards={"甲省": "sometimes"})


def test_default_is_loaded_once() -> None:
    assert Gazetteer.default() is Gazetteer.default()


# ------------------------------------------------------------ scan properties
PIECES = ["上海市", "嘉定区", "楚雄州", "禄丰", "合作", "城区", "市场", "区域", "县", "的", "东南亚", "𠀀", "a", "朝阳"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_matches_are_ordered_disjoint_and_exact(pieces: list[str]) -> None:
    gaz = Gazetteer.default()
    text = "".join(pieces)
    matches = gaz.find(text)
    assert all(text[m.start : m.end] == m.name for m in matches)
    assert all(a.end <= b.start for a, b in zip(matches, matches[1:]))
    assert all(m.candidates or m.region for m in matches)


def test_scan_speed_sanity(gaz: Gazetteer) -> None:
    """A megabyte-scale scan finishes and finds every planted name (the rate is reported, not asserted)."""
    sentence = "上海市嘉定区与云南省楚雄州禄丰市共建产业园区，推动东西部协作走深走实，面向南亚东南亚开放。"
    text = sentence * 20_000
    started = time.process_time()
    matches = gaz.find(text)
    seconds = time.process_time() - started
    assert len(matches) == 7 * 20_000
    print(f"gazetteer: {len(text) / max(seconds, 1e-9) / 1e6:.1f} M chars/s on {len(text):,} chars")


# ------------------------------------------------------------ building rules
@pytest.fixture(scope="module")
def builder():
    """``pipelines/divisions/build_places.py`` as a module (pipelines are scripts, not a package)."""
    path = REPO / "pipelines" / "divisions" / "build_places.py"
    spec = importlib.util.spec_from_file_location("build_places", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.mark.parametrize(
    "name, level, expected",
    [
        ("内蒙古自治区", "province", ["内蒙古"]),
        ("广西壮族自治区", "province", ["广西"]),
        ("香港特别行政区", "province", ["香港"]),
        ("黔东南苗族侗族自治州", "prefecture", ["黔东南州", "黔东南"]),
        ("克孜勒苏柯尔克孜自治州", "prefecture", ["克孜勒苏州", "克孜勒苏"]),
        ("阿里地区", "prefecture", ["阿里"]),
        ("锡林郭勒盟", "prefecture", ["锡林郭勒"]),
        ("积石山保安族东乡族撒拉族自治县", "county", ["积石山县", "积石山"]),
        ("河南蒙古族自治县", "county", ["河南县", "河南"]),
        ("鄂伦春自治旗", "county", ["鄂伦春旗"]),
        ("神农架林区", "county", ["神农架"]),
        ("万柏林区", "county", ["万柏林"]),
        ("浦东新区", "county", ["浦东"]),
        ("义县", "county", []),
        ("城关镇", "town", []),
    ],
)
def test_builder_short_forms(builder, name: str, level: str, expected: list[str]) -> None:
    unit = builder.Unit("000000000000", name, level, "")
    assert builder.short_forms(unit, builder.ethnic_pattern()) == expected


def test_builder_skips_parks_and_offices(builder) -> None:
    assert builder.town_name("新华街道办事处") == "新华街道"
    assert builder.town_name("天津经济技术开发区东区泰达街道") is None
    assert builder.town_name("红旗农场") is None
    assert builder.is_functional_zone("340171")  # 合肥高新技术产业开发区
    assert not builder.is_functional_zone("310114")  # 嘉定区


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("产业园位于都匀市东南部", ["都匀市"]),  # 于都 (a county) cut 都匀市
        ("上海城区人口", ["上海"]),  # a province's short form keeps its reading
        ("两省共建湖北产业园", ["湖北"]),  # 建湖 (a county) cut 湖北, a province's short form
        ("其中江苏企业项目15个", ["江苏"]),  # 中江 (a county) cut 江苏
        ("建湖县位于江苏省", ["建湖县", "江苏省"]),  # the county's official name is not doubted
    ],
)
def test_county_short_form_yields_to_the_official_name_it_cuts(gaz: Gazetteer, text: str, expected: list[str]) -> None:
    assert names(gaz.find(text)) == expected
