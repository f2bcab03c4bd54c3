"""The span rules and labels of ANNOTATION.md, one test group each, on the rules pipeline.

Every sentence here was written for this file (pairings other than the
seed documents': 闽宁, 粤桂, 苏陕, 浙川, 鲁渝, 京蒙, 津甘) so that a rule is
checked on text no lexicon or pattern was tuned on.  Each case states the
*exact* entities the extractor must return, as (text, label) in reading
order; the helper also checks that every offset indexes the original text,
which is what makes the traditional-script, gloss and PDF-noise cases
(rule 7) meaningful.

A case the rules cannot meet without a code change is kept as a strict
xfail whose reason names the function at fault: when someone fixes it, the
test turns red until the mark is removed, so the list of known gaps cannot
go stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from extraction import relations, run  # tests/extraction.py

from kg.extract import Extractor

PLACE, AGENCY, ORG, FIRM = "PLACE", "AGENCY", "ORG", "FIRM"
PARK, PROGRAM, POLICY, PERSON = "PARK", "PROGRAM", "POLICY", "PERSON"

Span = tuple[str, str]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    """The rules pipeline, loaded once: loading lexicons is the slow part."""
    return Extractor("rules")


def expected_offsets(text: str, spans: Sequence[Span]) -> list[tuple[int, int, str]]:
    """(start, end, label) of ``spans``, each found after the previous one in ``text``."""
    found, pos = [], 0
    for name, label in spans:
        start = text.index(name, pos)
        found.append((start, start + len(name), label))
        pos = start + len(name)
    return found


def assert_spans(record: dict[str, Any], expected: Sequence[Span]) -> None:
    """The record holds exactly ``expected``, at offsets into its original text."""
    text, entities = record["text"], record["entities"]
    for entity in entities:
        assert text[entity["start"] : entity["end"]] == entity["text"], entity
    assert [(e["text"], e["label"]) for e in entities] == list(expected)
    assert [(e["start"], e["end"], e["label"]) for e in entities] == expected_offsets(text, expected)


def case(text: str, *spans: Span, xfail: str = "") -> Any:
    """One parametrised example; ``xfail`` gives the reason a code change is still needed."""
    marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
    return pytest.param(text, list(spans), id=text[:24].replace("\n", "⏎"), marks=marks)


def check(extractor: Extractor, text: str, expected: Sequence[Span]) -> None:
    """``text`` as a document of its own, so no firm short name learned elsewhere leaks in."""
    assert_spans(run(extractor, [text], doc=text)[0], expected)


def located_in(extractor: Extractor, text: str) -> set[tuple[str, str, str]]:
    return {triple for triple in relations(extractor, text) if triple[1] == "LOCATED_IN"}


# ----------------------------------------------------------------- rule 1
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("福建省福州市对口帮扶宁夏回族自治区固原市。",
             ("福建省", PLACE), ("福州市", PLACE), ("宁夏回族自治区", PLACE), ("固原市", PLACE)),
        case("广东省深圳市南山区与广西壮族自治区百色市田阳区结对帮扶。",
             ("广东省", PLACE), ("深圳市", PLACE), ("南山区", PLACE),
             ("广西壮族自治区", PLACE), ("百色市", PLACE), ("田阳区", PLACE)),
        case("浙江省湖州市对口支援四川省广元市青川县。",
             ("浙江省", PLACE), ("湖州市", PLACE), ("四川省", PLACE), ("广元市", PLACE), ("青川县", PLACE)),
        case("北京市海淀区帮扶内蒙古自治区赤峰市林西县。",
             ("北京市", PLACE), ("海淀区", PLACE), ("内蒙古自治区", PLACE), ("赤峰市", PLACE), ("林西县", PLACE)),
        case("江苏省徐州市沛县与陕西省商洛市商南县结对。",
             ("江苏省", PLACE), ("徐州市", PLACE), ("沛县", PLACE), ("陕西省", PLACE), ("商洛市", PLACE), ("商南县", PLACE)),
        case("山东省青岛市援建重庆市巫山县的产业项目。",
             ("山东省", PLACE), ("青岛市", PLACE), ("重庆市", PLACE), ("巫山县", PLACE)),
        case("天津市和平区对口帮扶甘肃省甘南藏族自治州合作市。",
             ("天津市", PLACE), ("和平区", PLACE), ("甘肃省", PLACE), ("甘南藏族自治州", PLACE), ("合作市", PLACE)),
    ],
)
def test_rule1_address_chain_is_split_at_each_suffix(extractor, text, expected):
    check(extractor, text, expected)


def test_rule1_address_chain_states_containment(extractor):
    assert located_in(extractor, "福建省福州市对口帮扶宁夏回族自治区固原市。") == {
        ("福州市", "LOCATED_IN", "福建省"), ("固原市", "LOCATED_IN", "宁夏回族自治区"),
    }


def test_rule1_each_level_is_in_the_next_one_up(extractor):
    assert located_in(extractor, "陕西省商洛市商南县、丹凤县与江苏省结对。") == {
        ("商洛市", "LOCATED_IN", "陕西省"), ("商南县", "LOCATED_IN", "商洛市"), ("丹凤县", "LOCATED_IN", "商洛市"),
    }


# ----------------------------------------------------------------- rule 2
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("宁夏回族自治区商务厅与福建省商务厅签订合作协议。",
             ("宁夏回族自治区商务厅", AGENCY), ("福建省商务厅", AGENCY)),
        case("固原市人民政府、福州市投资促进局出席签约仪式。",
             ("固原市人民政府", AGENCY), ("福州市投资促进局", AGENCY)),
        case("百色高新区、苏州工业园区互派干部。", ("百色高新区", PARK), ("苏州工业园区", PARK)),
        case("广西百色工业园区吸引福建企业入驻。", ("广西百色工业园区", PARK), ("福建", PLACE)),
        case("寧夏固原經濟開發區引進福建企業。", ("寧夏固原經濟開發區", PARK), ("福建", PLACE)),
        case("福州市闽宁商会组织企业考察。", ("福州市闽宁商会", ORG)),
        case("山东省对口支援重庆市巫山县工作组组长刘建国介绍。",
             ("山东省对口支援重庆市巫山县工作组", AGENCY), ("刘建国", PERSON)),
    ],
)
def test_rule2_place_inside_a_name_stays_inside(extractor, text, expected):
    check(extractor, text, expected)


# ---------------------------------------------------------- rules 2 and 10
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("固原市闽宁产业园首批企业投产。", ("固原市", PLACE), ("闽宁产业园", PARK)),
        case("延安市苏陕产业合作园区已入驻企业12家。", ("延安市", PLACE), ("苏陕产业合作园区", PARK)),
        case("甘肃省合作市津甘协作产业园开园。", ("甘肃省", PLACE), ("合作市", PLACE), ("津甘协作产业园", PARK)),
        case("百色高新区引进深圳企业。", ("百色高新区", PARK), ("深圳", PLACE)),
        case("广元经济技术开发区对接浙江企业。", ("广元经济技术开发区", PARK), ("浙江", PLACE)),
        case("入驻莎车县上海工业园的企业增至30家。", ("莎车县", PLACE), ("上海工业园", PARK)),
        case("杭州（恩施）产业园新落户企业8家。", ("杭州（恩施）产业园", PARK)),
        case("福州（定西）协作产业园开工。", ("福州（定西）协作产业园", PARK)),
        case("岷县—天津中药材加工园投产。", ("岷县—天津中药材加工园", PARK)),
        case("两地共建湖州广元产业合作园。", ("湖州广元产业合作园", PARK)),  # 产业合作园 is one head
        case("设立临夏产业协作园区。", ("临夏产业协作园区", PARK)),
        case("甘肃省绿色低碳示范产业园区名单公布。", ("甘肃省", PLACE)),
        # short place names make a kind of park a named one; a kind of base stays a kind
        case("两地共建化德服装产业园。", ("化德服装产业园", PARK)),
        case("共建丰宁东丽新能源产业园。", ("丰宁东丽新能源产业园", PARK)),
        case("支持贵州蔬菜基地建设。", ("贵州", PLACE)),
        # a district whose name ends in a park head is a place, alone or in an address chain
        case("天津市滨海新区向定西市拨付资金。", ("天津市", PLACE), ("滨海新区", PLACE), ("定西市", PLACE)),
        case("上海浦东新区与大理州签约。", ("上海", PLACE), ("浦东新区", PLACE), ("大理州", PLACE)),
    ],
)
def test_rule10_full_place_before_a_park_splits_short_place_does_not(extractor, text, expected):
    check(extractor, text, expected)


def test_rule10_split_states_no_containment(extractor):
    assert located_in(extractor, "固原市闽宁产业园首批企业投产。") == set()


# ----------------------------------------------------------------- rule 3
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("双方将推动东部地区企业到园区投资。"),
        case("我州积极引导福建企业到全州各县市投资。", ("福建", PLACE)),
        case("鼓励龙头企业入驻各地高新区、经开区和综保区。"),
        case("我局将推动中东部产业向西部有序转移。"),
        case("支持山东企业到重庆投资兴业。", ("山东", PLACE), ("重庆", PLACE)),
        case("推动企业到园区投资。"),
        case("该集团在赣州设立全资子公司。", ("赣州", PLACE)),  # a kind of firm, not a name
        case("归属于上市公司股东的净利润增长。"),
    ],
)
def test_rule3_generic_words_are_not_entities(extractor, text, expected):
    check(extractor, text, expected)


# ----------------------------------------------------------------- rule 4
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("深圳市对口帮扶百色市，结对帮扶工作成效明显。", ("深圳市", PLACE), ("百色市", PLACE)),
        case("积极开展对口支援和援助工作。"),
        case("闽宁协作二十多年来，西海固发生了巨大变化。", ("闽宁协作", PROGRAM), ("西海固", PLACE)),
        case("东西部扶贫协作和携手奔小康行动深入推进。", ("东西部扶贫协作", PROGRAM), ("携手奔小康行动", PROGRAM)),
        case("京蒙协作中，北京市海淀区对口帮扶赤峰市。",
             ("京蒙协作", PROGRAM), ("北京市", PLACE), ("海淀区", PLACE), ("赤峰市", PLACE)),
        case("鲁渝对口协作推动山东企业到重庆市巫山县投资。",
             ("鲁渝对口协作", PROGRAM), ("山东", PLACE), ("重庆市", PLACE), ("巫山县", PLACE)),
    ],
)
def test_rule4_assistance_verbs_are_not_programs_named_frameworks_are(extractor, text, expected):
    check(extractor, text, expected)


# ----------------------------------------------------------------- rule 5
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("闽宁两省区签署协议，粤桂两地互访频繁。"),
        case("苏陕之间的交流日益密切。"),
        case("京蒙两地干部双向挂职。"),
        case("闽宁镇是闽宁协作的窗口。", ("闽宁镇", PLACE), ("闽宁协作", PROGRAM)),
    ],
)
def test_rule5_bare_pair_is_not_labelled(extractor, text, expected):
    check(extractor, text, expected)


# ----------------------------------------------------------------- rule 6
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("大力发展“飞地经济”，推动“闽宁协作”走深走实。", ("飞地经济", PROGRAM), ("闽宁协作", PROGRAM)),
        case("持续推进“东西部协作”和“携手奔小康”。", ("东西部协作", PROGRAM), ("携手奔小康", PROGRAM)),
        case("‘浙川协作’成效明显。", ("浙川协作", PROGRAM)),
        case("「閩寧協作」成效顯著。", ("閩寧協作", PROGRAM)),
    ],
)
def test_rule6_quotes_around_a_whole_name_stay_outside(extractor, text, expected):
    check(extractor, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("深入实施“千企帮千村”精准扶贫行动。", ("“千企帮千村”精准扶贫行动", PROGRAM)),
        case("打造“塞上江南”文旅产业园。", ("“塞上江南”文旅产业园", PARK)),
        case("建设“津甘号”文旅产业园。", ("“津甘号”文旅产业园", PARK)),
        case("实施“万企兴万村”行动。", ("“万企兴万村”行动", PROGRAM)),
        case("开展“东数西算”工程建设。", ("“东数西算”工程", PROGRAM)),
        case("开展“双百”村企结对精准扶贫行动。", ("“双百”村企结对精准扶贫行动", PROGRAM)),
    ],
)
def test_rule6_quoted_part_followed_by_the_rest_keeps_its_quotes(extractor, text, expected):
    check(extractor, text, expected)


# ----------------------------------------------------------------- rule 7
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("閩寧協作帶動寧夏固原脫貧。", ("閩寧協作", PROGRAM), ("寧夏", PLACE), ("固原", PLACE)),
        case("廣東省深圳市對口幫扶廣西百色市。",
             ("廣東省", PLACE), ("深圳市", PLACE), ("廣西", PLACE), ("百色市", PLACE)),
        case("固原市印發《閩寧協作產業發展規劃》。", ("固原市", PLACE), ("閩寧協作產業發展規劃", POLICY)),
        case("深化閩寧協(xié)作，推動產業轉移。", ("閩寧協(xié)作", PROGRAM)),
        case("固(gù)原市与福州市签订协议。", ("固(gù)原市", PLACE), ("福州市", PLACE)),
        case("百色高(gāo)新区已入驻企业30家。", ("百色高(gāo)新区", PARK)),
        case("廣西百色華銀鋁業有限公司擴建生產線。", ("廣西百色華銀鋁業有限公司", FIRM)),
        case("京蒙協作產業園落戶赤峰市。", ("京蒙協作產業園", PARK), ("赤峰市", PLACE)),
    ],
)
def test_rule7_traditional_script_and_glosses_are_spans_of_the_original(extractor, text, expected):
    check(extractor, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("固 原 市与福 州 市签订协议。", ("固 原 市", PLACE), ("福 州 市", PLACE)),
        case("闽 宁 协 作不断深化。", ("闽 宁 协 作", PROGRAM)),
        case("福 州 市 投 资 促 进 局组团赴固原。", ("福 州 市 投 资 促 进 局", AGENCY), ("固原", PLACE)),
        case("广西百色高\n新区引进企业。", ("广西百色高\n新区", PARK)),
        case("福州市投资\n促进局组团赴固原。", ("福州市投资\n促进局", AGENCY), ("固原", PLACE)),
        case("苏州工业\n园区对口支援铜仁。", ("苏州工业\n园区", PARK), ("铜仁", PLACE)),
        # a line ending in an act of assistance goes on with whom it assists …
        case("江苏省对口支援\n青海省海南州前方指挥部召开会议。", ("江苏省对口支援\n青海省海南州前方指挥部", AGENCY)),
        # … and so does an address chain
        case("北京大学与云南省\n弥渡县人民政府签署协议。", ("北京大学", ORG), ("云南省\n弥渡县人民政府", AGENCY)),
        # … while a line that opens with a place is a phrase of its own
        case("沪滇协作\n云南省乡村振兴局召开会议。", ("沪滇协作", PROGRAM), ("云南省乡村振兴局", AGENCY)),
    ],
)
def test_rule7_extraction_noise_inside_a_name_stays_inside(extractor, text, expected):
    check(extractor, text, expected)


# ----------------------------------------------------------------- rule 8
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("闽宁、粤桂扶贫协作成效显著。", ("粤桂扶贫协作", PROGRAM)),
        case("苏陕、京蒙东西部协作深入开展。", ("京蒙东西部协作", PROGRAM)),
        case("闽宁协作、粤桂协作都取得了成效。", ("闽宁协作", PROGRAM), ("粤桂协作", PROGRAM)),
        case("粤桂扶贫协作、苏陕协作、浙川东西部协作成效显著。",
             ("粤桂扶贫协作", PROGRAM), ("苏陕协作", PROGRAM), ("浙川东西部协作", PROGRAM)),
        case("成立闽宁、粤桂扶贫协作领导小组。", ("粤桂扶贫协作领导小组", AGENCY)),
        case("苏陕协作领导小组、京蒙协作领导小组分别召开会议。",
             ("苏陕协作领导小组", AGENCY), ("京蒙协作领导小组", AGENCY)),
    ],
)
def test_rule8_coordinated_frameworks(extractor, text, expected):
    check(extractor, text, expected)


# ----------------------------------------------------------------- rule 9
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("国家级百色高新区获批。", ("百色高新区", PARK)),
        case("省级固原经济开发区扩区。", ("固原经济开发区", PARK)),
        case("首批闽宁产业园完成建设。", ("闽宁产业园", PARK)),
        case("全国首个鲁渝协作产业园落户巫山县。", ("鲁渝协作产业园", PARK), ("巫山县", PLACE)),
        case("新建延安市苏陕产业合作园区。", ("延安市", PLACE), ("苏陕产业合作园区", PARK)),
    ],
)
def test_rule9_descriptive_modifiers_stay_outside(extractor, text, expected):
    check(extractor, text, expected)


# ---------------------------------------------------------------- rule 11
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("固原市印发《闽宁协作助推乡村振兴实施方案》。", ("固原市", PLACE), ("闽宁协作助推乡村振兴实施方案", POLICY)),
        case("民盟委员提交了《关于深化粤桂劳务协作的提案》。", ("关于深化粤桂劳务协作的提案", POLICY)),
        case("延安市出台延安市招商引资优惠办法。", ("延安市", PLACE), ("延安市招商引资优惠办法", POLICY)),
        case("甘肃省人民政府办公厅关于加强津甘协作的实施意见正式发布。",
             ("甘肃省人民政府办公厅关于加强津甘协作的实施意见", POLICY)),
        case("百色市制定百色市深化粤桂协作工作方案。",
             ("百色市", PLACE), ("百色市深化粤桂协作工作方案", POLICY)),
        # an adverb before 规划 makes it a verb: no title
        case("园区由深圳与崇左市共同规划、联合建设。", ("深圳", PLACE), ("崇左市", PLACE)),
    ],
)
def test_rule11_document_titles_are_policies(extractor, text, expected):
    check(extractor, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("组织实施人力资源对口帮扶行动计划。", ("人力资源对口帮扶行动计划", PROGRAM)),
        case("开展招商攻坚年行动。", ("招商攻坚年行动", PROGRAM)),
        case("召开东西部扶贫协作座谈会。", ("东西部扶贫协作座谈会", PROGRAM)),
        case("举办津甘协作产业对接会。", ("津甘协作产业对接会", PROGRAM)),
        case("东西部劳务协作对接会在巫山举办。", ("东西部劳务协作对接会", PROGRAM), ("巫山", PLACE)),
        case("召开专题会议研究闽宁协作工作。", ("闽宁协作", PROGRAM)),
        case("会议听取了年度工作汇报。"),
        # a phase of the works (首期工程) is no programme; the park before it stays a park
        case("凭祥产业园首期工程已竣工。", ("凭祥产业园", PARK)),
    ],
)
def test_rule11_plans_campaigns_and_events_are_programs(extractor, text, expected):
    check(extractor, text, expected)


def test_rule11_routine_meeting_is_not_a_program(extractor):
    """The meeting is not labelled; the body that holds it is still named (our reading)."""
    check(extractor, "州政府常务会议审议通过相关事项。", [("州政府", AGENCY)])


# ---------------------------------------------------------------- rule 12
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("积极对口帮扶固原市。", set()),
        ("同时援助了百色市。", set()),
        ("福州市对口帮扶固原市。", {("福州市", "ASSISTS", "固原市")}),
        ("深圳市援助百色市。", {("深圳市", "ASSISTS", "百色市")}),
    ],
)
def test_rule12_elided_subject_is_not_restored(extractor, text, expected):
    assert relations(extractor, text) == expected


# ------------------------------------------------------------------ PLACE
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("甘南藏族自治州与天津市开展协作。", ("甘南藏族自治州", PLACE), ("天津市", PLACE)),
        case("甘南州与天津市开展协作。", ("甘南州", PLACE), ("天津市", PLACE)),
        case("甘南是天津帮扶的重点地区。", ("甘南", PLACE), ("天津", PLACE)),
        case("延边朝鲜族自治州、延边州、延边都指同一地方。",
             ("延边朝鲜族自治州", PLACE), ("延边州", PLACE), ("延边", PLACE)),
        case("黔东南苗族侗族自治州、黔东南州和黔东南。",
             ("黔东南苗族侗族自治州", PLACE), ("黔东南州", PLACE), ("黔东南", PLACE)),
        case("宁夏回族自治区简称宁夏。", ("宁夏回族自治区", PLACE), ("宁夏", PLACE)),
        case("固原、百色、赤峰都要扩大对东南亚和中亚的开放。",
             ("固原", PLACE), ("百色", PLACE), ("赤峰", PLACE), ("东南亚", PLACE), ("中亚", PLACE)),
        # a village is read only after its town, with two characters or more before 村
        case("拉卜楞镇塔哇村发展民宿。", ("拉卜楞镇", PLACE), ("塔哇村", PLACE)),
        case("均县镇乡村公路贯通。", ("均县镇", PLACE)),
        case("革东镇建立了村镇结对关系。", ("革东镇", PLACE)),
    ],
)
def test_place_full_and_short_forms(extractor, text, expected):
    check(extractor, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("各方要加强合作，扩大合作领域。"),
        case("干部出城关后到村里走访。"),
        case("维护和平稳定的发展环境。"),
        case("长安汽车在百色投资建厂。", ("长安汽车", FIRM), ("百色", PLACE)),
        case("推动“长安号”班列开行。", ("“长安号”班列", PROGRAM)),
        case("确保边疆长治久安。"),
        # … but a place name that is a word itself is read as that word, whatever its edges make (在内, 木齐)
        case("公司投资6.8亿元在内蒙古赤峰市建成牧场。", ("内蒙古", PLACE), ("赤峰市", PLACE)),
    ],
)
def test_place_names_that_are_also_words_are_read_as_words(extractor, text, expected):
    check(extractor, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("合作市位于甘南州。", ("合作市", PLACE), ("甘南州", PLACE)),
        case("县城关镇干部到村里走访。", ("城关镇", PLACE)),
        case("和平区与合作市结对。", ("和平区", PLACE), ("合作市", PLACE)),
        case("西安市长安区对口帮扶商洛。", ("西安市", PLACE), ("长安区", PLACE), ("商洛", PLACE)),
        case("百色市引进深圳企业。", ("百色市", PLACE), ("深圳", PLACE)),
        case("固原要面向东南亚开放。", ("固原", PLACE), ("东南亚", PLACE)),
    ],
)
def test_place_guards_keep_real_places(extractor, text, expected):
    check(extractor, text, expected)


# ----------------------------------------------------------------- AGENCY
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("州乡村振兴局、州商务局联合开展调研。", ("州乡村振兴局", AGENCY), ("州商务局", AGENCY)),
        case("市政府与县人民政府签订协议。", ("市政府", AGENCY), ("县人民政府", AGENCY)),
        case("区委组织部选派干部到赤峰挂职。", ("区委组织部", AGENCY), ("赤峰", PLACE)),
        case("国家乡村振兴局和农业农村部联合发文。", ("国家乡村振兴局", AGENCY), ("农业农村部", AGENCY)),
    ],
)
def test_agency_with_its_place_elided_or_none(extractor, text, expected):
    check(extractor, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("海淀区乡村振兴局局长到林西县调研。", ("海淀区乡村振兴局", AGENCY), ("林西县", PLACE)),
        case("民盟甘南州委、民进宁夏区委员会提出建议。", ("民盟甘南州委", AGENCY), ("民进宁夏区委员会", AGENCY)),
        case("天津市合作交流办主任王立新表示，津甘协作将继续深化。",
             ("天津市合作交流办", AGENCY), ("王立新", PERSON), ("津甘协作", PROGRAM)),
        case("广元市经济合作和外事局组织对接。", ("广元市经济合作和外事局", AGENCY)),
        case("百色市投资促进和经济合作局组织招商。", ("百色市投资促进和经济合作局", AGENCY)),
        case("天津市东西部协作和支援合作工作领导小组召开会议。",
             ("天津市东西部协作和支援合作工作领导小组", AGENCY)),
        case("温州市对口支援和区域合作局牵头组织招商。", ("温州市对口支援和区域合作局", AGENCY)),
        case("自治区党委、自治区商务厅部署工作。", ("自治区党委", AGENCY), ("自治区商务厅", AGENCY)),
        case("中共固原市委召开会议。", ("中共固原市委", AGENCY)),
        case("银川海关支持企业出口。", ("银川海关", AGENCY)),
        case("州文化广播电视和旅游局组织推介。", ("州文化广播电视和旅游局", AGENCY)),
        case("西安市规划和自然资源局审批用地。", ("西安市规划和自然资源局", AGENCY)),
        case("商洛市供销社对接无锡企业。", ("商洛市供销社", AGENCY), ("无锡", PLACE)),
        case("黔东南州财政局会同州民政局研究。", ("黔东南州财政局", AGENCY), ("州民政局", AGENCY)),  # 政局 is no word here
        # a lone space between two issuers of a joint document separates them
        case("遵义市人民政府 杭州市人民政府", ("遵义市人民政府", AGENCY), ("杭州市人民政府", AGENCY)),
        case("遵 义 市 人 民 政 府", ("遵 义 市 人 民 政 府", AGENCY)),  # letter-spacing is no gap
    ],
)
def test_agency_with_its_place_written(extractor, text, expected):
    check(extractor, text, expected)


# -------------------------------------------------------------------- ORG
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("宁夏大学与福建农林大学签署合作协议。", ("宁夏大学", ORG), ("福建农林大学", ORG)),
        case("百色市人民医院与深圳市第二人民医院结对。", ("百色市人民医院", ORG), ("深圳市第二人民医院", ORG)),
        case("福建省社会科学院课题组赴固原调研。", ("福建省社会科学院", ORG), ("固原", PLACE)),
        case("广西壮族自治区慈善总会捐赠物资。", ("广西壮族自治区慈善总会", ORG)),
        case("深圳市扶贫基金会向百色捐款。", ("深圳市扶贫基金会", ORG), ("百色", PLACE)),
        case("天津科技大学与甘肃农业大学共建实验室。", ("天津科技大学", ORG), ("甘肃农业大学", ORG)),
        case("福建省农业科学院专家赴西吉县指导。", ("福建省农业科学院", ORG), ("西吉县", PLACE)),
        case("江苏省慈善联合总会捐助延川县。", ("江苏省慈善联合总会", ORG), ("延川县", PLACE)),
        case("固原市融媒体中心记者报道。", ("固原市融媒体中心", ORG)),
        case("宁夏博物馆与福建博物院联合办展。", ("宁夏博物馆", ORG), ("福建", PLACE)),
        case("中国人民大学与内蒙古财经大学签订协议。", ("中国人民大学", ORG), ("内蒙古财经大学", ORG)),
        case("首都医科大学附属北京安贞医院专家赴固原义诊。", ("首都医科大学附属北京安贞医院", ORG), ("固原", PLACE)),
        case("推动农业大学参与帮扶，县级医院结对。"),
        case("深圳三甲医院与百色市县级医院结对。", ("深圳", PLACE), ("百色市", PLACE)),
        # a name starts after the verb that founds it
        case("扬州大学与铜仁学院合作建立茶叶研究院。", ("扬州大学", ORG), ("铜仁学院", ORG), ("茶叶研究院", ORG)),
    ],
)
def test_org_by_head_word(extractor, text, expected):
    check(extractor, text, expected)


# ------------------------------------------------------------------- FIRM
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("福建恒申控股集团有限公司在固原投资建设纺织项目。", ("福建恒申控股集团有限公司", FIRM), ("固原", PLACE)),
        case("宁夏宝丰能源集团股份有限公司与福州市签约。", ("宁夏宝丰能源集团股份有限公司", FIRM), ("福州市", PLACE)),
        case("百色市引进深圳比亚迪股份有限公司。", ("百色市", PLACE), ("深圳比亚迪股份有限公司", FIRM)),
        case("延安市引入陕西延长石油集团、江苏恒力化纤等企业。",
             ("延安市", PLACE), ("陕西延长石油集团", FIRM), ("江苏恒力化纤", FIRM)),
        case("甘南州引进天津渤化集团、天津食品集团等龙头企业。",
             ("甘南州", PLACE), ("天津渤化集团", FIRM), ("天津食品集团", FIRM)),
        case("中国华能在赤峰投资风电项目。", ("中国华能", FIRM), ("赤峰", PLACE)),
        case("宁夏农村商业银行向园区企业放贷。", ("宁夏农村商业银行", FIRM)),
        case("天津食品集团计划在甘南投资。", ("天津食品集团", FIRM), ("甘南", PLACE)),
        case("正威集团在庆阳投资铜箔项目。", ("正威集团", FIRM), ("庆阳", PLACE)),
        case("引进福建三和茶业有限公司、宁夏正丰农牧有限公司。", ("福建三和茶业有限公司", FIRM), ("宁夏正丰农牧有限公司", FIRM)),
        case("福州和厦门物流有限公司签约。", ("福州", PLACE), ("厦门物流有限公司", FIRM)),
        case("延安市的陕西来福果业有限公司扩产。", ("延安市", PLACE), ("陕西来福果业有限公司", FIRM)),
        case("甘肃某建材有限公司中标。", ("甘肃", PLACE)),
        case("宁夏恒瑞纺织有限公司迁入吴忠金积工业园区。", ("宁夏恒瑞纺织有限公司", FIRM), ("吴忠金积工业园区", PARK)),
        case("由公司负责运营。"),
        # a listed short name followed by an industry word is another firm's name (复星 is 复星国际)
        case("复星医药在昆明设立区域总部。", ("复星医药", FIRM), ("昆明", PLACE)),
        case("复星投资建设物流中心。", ("复星", FIRM)),
    ],
)
def test_firm_by_head_word_list_and_lexicon(extractor, text, expected):
    check(extractor, text, expected)


def test_firm_short_name_is_learned_within_its_document(extractor):
    texts = ["福州鑫海冶金有限公司在固原投资建设项目。", "鑫海冶金已带动就业500人。", "鑫海公司计划二期扩产。"]
    records = run(extractor, texts, doc="xinhai-news")
    assert_spans(records[0], [("福州鑫海冶金有限公司", FIRM), ("固原", PLACE)])
    assert_spans(records[1], [("鑫海冶金", FIRM)])
    assert_spans(records[2], [("鑫海公司", FIRM)])


def test_short_name_declared_in_brackets_is_a_name_of_the_same_label(extractor):
    texts = ["上海延锋汽车饰件系统有限公司（以下简称“延锋”）与曲靖市签约。", "延锋将在曲靖建设生产基地。"]
    records = run(extractor, texts, doc="yanfeng")
    assert_spans(records[0], [("上海延锋汽车饰件系统有限公司", FIRM), ("延锋", FIRM), ("曲靖市", PLACE)])
    assert_spans(records[1], [("延锋", FIRM), ("曲靖", PLACE)])
    declared = run(extractor, ["國家鄉村振興局（簡稱：振興局）印發通知，振興局將加強指導。"], doc="nrra")[0]
    assert_spans(declared, [("國家鄉村振興局", AGENCY), ("振興局", AGENCY), ("振興局", AGENCY)])


def test_an_ordinary_word_declared_as_a_short_name_is_no_name(extractor):
    assert_spans(run(extractor, ["甘肃宏远农业有限公司（以下简称“公司”）在临夏建厂。"], doc="gongsi")[0],
                 [("甘肃宏远农业有限公司", FIRM), ("临夏", PLACE)])


def test_firm_short_name_is_forgotten_in_the_next_document(extractor):
    run(extractor, ["福州鑫海冶金有限公司在固原投资建设项目。"], doc="first")
    assert_spans(run(extractor, ["鑫海冶金已带动就业500人。"], doc="second")[0], [])


# ------------------------------------------------------------------- PARK
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("天津食品集团在合作市建设牦牛产业园。", ("天津食品集团", FIRM), ("合作市", PLACE), ("牦牛产业园", PARK)),
        case("深汕特别合作区吸引深圳企业入驻。", ("深汕特别合作区", PARK), ("深圳", PLACE)),
        case("赤峰高新技术产业开发区与海淀区共建科技园。",
             ("赤峰高新技术产业开发区", PARK), ("海淀区", PLACE)),
        case("青川县浙川东西部协作产业园建成投用。", ("青川县", PLACE), ("浙川东西部协作产业园", PARK)),
        case("中国（广西）自由贸易试验区获批设立。", ("中国（广西）自由贸易试验区", PARK)),
        case("积极申建中国(甘肃)自贸试验区。", ("中国(甘肃)自贸试验区", PARK)),
        case("梳理辖区内园区，盘活闲置厂房。"),
    ],
)
def test_park_names_and_kinds(extractor, text, expected):
    check(extractor, text, expected)


# ---------------------------------------------------------------- PROGRAM
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("巩固脱贫攻坚成果，推动乡村振兴。", ("脱贫攻坚", PROGRAM), ("乡村振兴", PROGRAM)),
        case("固原市深度参与一带一路建设。", ("固原市", PLACE), ("一带一路", PROGRAM)),
        case("百色市大力推进消费帮扶。", ("百色市", PLACE), ("消费帮扶", PROGRAM)),
        case("赤峰市积极对接东数西算工程。", ("赤峰市", PLACE), ("东数西算工程", PROGRAM)),
        case("2023年津甘协作招商推介会在兰州举办。", ("2023年津甘协作招商推介会", PROGRAM), ("兰州", PLACE)),
        case("２０２３年闽宁协作招商推介会在银川举办。", ("２０２３年闽宁协作招商推介会", PROGRAM), ("银川", PLACE)),
        case("两省区召开苏陕协作第十二次联席会议。", ("苏陕协作第十二次联席会议", PROGRAM)),
        case("两市在遵义举行粤黔协作联席会议。", ("遵义", PLACE), ("粤黔协作联席会议", PROGRAM)),  # 举行 opens the name
        case("庆阳苹果亮相中国国际农产品交易会。", ("庆阳", PLACE), ("中国国际农产品交易会", PROGRAM)),
        case("第五届粤桂东西部协作消费帮扶展销会开幕。", ("粤桂东西部协作消费帮扶展销会", PROGRAM)),
        case("实施津甘协作牛羊产业提升工程。", ("津甘协作牛羊产业提升工程", PROGRAM)),
        case("举办“宁夏枸杞福州行”推介活动。", ("“宁夏枸杞福州行”推介活动", PROGRAM)),
        case("实施“千名医师下基层”项目。", ("千名医师下基层", PROGRAM)),  # 项目, like 活动, is its kind
        case("发布“天赋河套”农产品区域公用品牌。", ("天赋河套", PROGRAM)),
        case("通过“津农精品”线上平台销售。", ("津农精品", PROGRAM)),
        case("启动津企陇南行活动。", ("津企陇南行", PROGRAM)),
        case("两地联合打造“六盘山菌草”区域公用品牌。", ("六盘山菌草", PROGRAM)),
        case("共同举办“思明·隆德山货节”。", ("思明·隆德山货节", PROGRAM)),
        case("支持云南行业协会发展。", ("云南", PLACE)),
        case("第十五届全国冬季运动会在赤峰开幕。", ("全国冬季运动会", PROGRAM), ("赤峰", PLACE)),
        case("这是一项国家战略。"),
    ],
)
def test_program_frameworks_campaigns_events(extractor, text, expected):
    check(extractor, text, expected)


# ----------------------------------------------------------------- POLICY
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("《福建省“十四五”对口支援规划》已经出台。", ("福建省“十四五”对口支援规划", POLICY)),
        case("杭州市与恩施州签订《杭恩东西部协作框架协议》。",
             ("杭州市", PLACE), ("恩施州", PLACE), ("杭恩东西部协作框架协议", POLICY)),
        case("北京市与内蒙古自治区签署《京蒙协作框架协议》。",
             ("北京市", PLACE), ("内蒙古自治区", PLACE), ("京蒙协作框架协议", POLICY)),
        case("认真贯彻《关于进一步加强东西部协作工作的指导意见》。", ("关于进一步加强东西部协作工作的指导意见", POLICY)),
        case("赤峰市印发赤峰市京蒙协作项目资金管理办法。", ("赤峰市", PLACE), ("赤峰市京蒙协作项目资金管理办法", POLICY)),
        case("广元市人民政府关于支持浙川产业园发展的若干意见已印发。", ("广元市人民政府关于支持浙川产业园发展的若干意见", POLICY)),
        # a header's issuer, set apart by a gap or a line, is not part of the title
        case("广元市人民政府\n关于支持浙川产业园发展的若干意见", ("广元市人民政府", AGENCY), ("关于支持浙川产业园发展的若干意见", POLICY)),
    ],
)
def test_policy_titles_in_book_marks_and_unquoted(extractor, text, expected):
    check(extractor, text, expected)


# ----------------------------------------------------------------- PERSON
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("副市长王建平带队赴固原考察。", ("王建平", PERSON), ("固原", PLACE)),
        case("福州市委书记陈明华一行到访。", ("福州市委", AGENCY), ("陈明华", PERSON)),
        case("联系人：郑丽萍", ("郑丽萍", PERSON)),
        case("副州長馬國強出席。", ("馬國強", PERSON)),
        case("宁夏大学教授马文斌认为，闽宁协作成效明显。", ("宁夏大学", ORG), ("马文斌", PERSON), ("闽宁协作", PROGRAM)),
        case("据州政协委员马丽介绍，项目进展顺利。", ("州政协", AGENCY), ("马丽", PERSON)),
        case("宁夏日报记者张伟报道。", ("宁夏日报", ORG), ("张伟", PERSON)),
        case("责任编辑：韦丽娟\u3000\u3000审核：莫海涛", ("韦丽娟", PERSON), ("莫海涛", PERSON)),
        case("来自延安的技术员刘振华已经扎根十年。", ("延安", PLACE), ("刘振华", PERSON)),
        case("天津农业专家周航挂职临潭县副县长。", ("天津", PLACE), ("周航", PERSON), ("临潭县", PLACE)),
        case("派出党政干部到固原挂职。", ("固原", PLACE)),
        case("延安市委副书记、市长吴志强陪同考察。", ("延安市委", AGENCY), ("吴志强", PERSON)),
        case("自治区副主席王晓东出席。", ("王晓东", PERSON)),
        case("据马文斌介绍，项目进展顺利。", ("马文斌", PERSON)),
        case("“今年收入翻了一番。”李红梅说。", ("李红梅", PERSON)),
        case("有关负责人表示，工作进展顺利。"),
    ],
)
def test_person_after_a_title(extractor, text, expected):
    check(extractor, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("绥化市副市长韩玉林出席签约仪式。", ("绥化市", PLACE), ("韩玉林", PERSON)),
        case("沈阳市副局长于洪涛介绍了项目情况。", ("沈阳市", PLACE), ("于洪涛", PERSON)),
        case("副校长刘建军任首任理事长。", ("刘建军", PERSON)),
        case("专家王海波被评为先进个人。", ("王海波", PERSON)),
        case("总经理陈立新向来宾介绍产品。", ("陈立新", PERSON)),
        case("援疆医生王斌担任执行院长。", ("王斌", PERSON)),
        case("他向记者展示了新产品。"),
        case("江苏援陕干部王立平在汉阴县挂职。", ("江苏", PLACE), ("王立平", PERSON), ("汉阴县", PLACE)),
        case("帮扶干部和群众一起劳动。"),  # 和 opens a word here, not a name
        # transcribed names have no Han surname: their syllables and a hard edge decide
        case("记者：格桑央金", ("格桑央金", PERSON)),
        case("塔城地区行署副专员阿力木·热合曼会见客商。", ("塔城地区行署", AGENCY), ("阿力木·热合曼", PERSON)),
        case("医生扎西正在问诊。", ("扎西", PERSON)),
        case("下一条：援藏干部获评优秀。"),
        case("（通讯员 李明 摄）", ("李明", PERSON)),
        case("成立由县委书记任组长的领导小组。", ("县委", AGENCY)),  # a body, like 州政协; 由 is no surname here
    ],
)
def test_person_after_a_title_ends_where_the_clause_goes_on(extractor, text, expected):
    """A name after a title holds a place short form (玉林, 于洪) and ends before 任, 被, 向 …, not inside 担任."""
    check(extractor, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("感谢林晓东委员提出的建议。", ("林晓东", PERSON)),
        case("林晓东委员建议加强闽宁协作。", ("林晓东", PERSON), ("闽宁协作", PROGRAM)),
        case("李振国同志主持会议。", ("李振国", PERSON)),
        case("王强书记到固原调研。", ("王强", PERSON), ("固原", PLACE)),
        case("习近平总书记强调要做好东西部协作。", ("习近平", PERSON), ("东西部协作", PROGRAM)),
    ],
)
def test_person_before_a_title(extractor, text, expected):
    check(extractor, text, expected)


def test_rule7_a_gloss_after_the_last_character_stays_inside(extractor):
    check(extractor, "推进粤桂协(xié)作(zuò)。", [("粤桂协(xié)作(zuò)", PROGRAM)])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("岷县和漳县的干部到天津学习。", ("岷县", PLACE), ("漳县", PLACE), ("天津", PLACE)),
        case("着力提高县域经济水平。"),
        case("新县城建设加快推进。"),
    ],
)
def test_one_character_stem_counties_stand_alone_unless_inside_a_word(extractor, text, expected):
    check(extractor, text, expected)
