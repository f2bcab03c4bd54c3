"""Relation triggers and their modes (kg/nlp/relation_rules.py), on the rules pipeline.

Each sentence was written for this file, about pairings other than the seed
documents'; each case states the exact set of (head, label, tail) the
extractor must return, so a missing relation and a spurious one both fail.
"""

from __future__ import annotations

import pytest
from extraction import relations  # tests/extraction.py

from kg.extract import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor("rules")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # coordinated donors, each assists; 共同 is how they assist, no partnership is stated
        ("天津市和北京市共同帮扶甘南州。", {("天津市", "ASSISTS", "甘南州"), ("北京市", "ASSISTS", "甘南州")}),
        # 对口协作 has a direction, like 对口支援
        ("厦门市对口协作临夏州。", {("厦门市", "ASSISTS", "临夏州")}),
        # 结对 between a donor and a recipient: the eastern partner assists
        ("延安市与无锡市结对。", {("无锡市", "ASSISTS", "延安市")}),
        ("1996年，福建与宁夏建立对口帮扶关系。", {("福建", "ASSISTS", "宁夏")}),
        # 分别与: the i-th name before it pairs with the i-th after it, or all with a single one
        ("天津市河北区、红桥区分别与临夏州的康乐县、和政县结对。",
         {("河北区", "ASSISTS", "康乐县"), ("红桥区", "ASSISTS", "和政县"),
          ("河北区", "LOCATED_IN", "天津市"), ("红桥区", "LOCATED_IN", "天津市")}),
        ("鼓楼区、仓山区分别与西吉县的乡镇结对。", {("鼓楼区", "ASSISTS", "西吉县"), ("仓山区", "ASSISTS", "西吉县")}),
        # one known role orients the pair: 龙华区 is in two provinces, 赫章县 is a recipient
        ("龙华区与赫章县建立结对帮扶关系。", {("龙华区", "ASSISTS", "赫章县")}),
        # … and an address chain decides an ambiguous name: 杭州市西湖区 is a donor, as 滨江区 is
        ("杭州市西湖区和滨江区共同结对帮扶理塘县。",
         {("西湖区", "ASSISTS", "理塘县"), ("滨江区", "ASSISTS", "理塘县"),
          ("西湖区", "LOCATED_IN", "杭州市"), ("滨江区", "LOCATED_IN", "杭州市")}),
        # once the direction is given, the pair does not also cooperate without one
        ("延安市与无锡市结成对子，两市在文旅方面开展合作。", {("无锡市", "ASSISTS", "延安市")}),
        # receive: the subject is helped by the name after 依托
        ("兴和县依托北京市怀柔区帮扶发展食用菌。", {("怀柔区", "ASSISTS", "兴和县"), ("怀柔区", "LOCATED_IN", "北京市")}),
        ("三明市为海原县培训小吃经营户210人。", {("三明市", "ASSISTS", "海原县")}),
        # the partner in 与…的 before an act of assistance, oriented by the partners' roles
        ("苏州市进一步加强与铜仁市的对口帮扶。", {("苏州市", "ASSISTS", "铜仁市")}),
        ("铜仁市进一步加强与苏州市的对口帮扶。", {("苏州市", "ASSISTS", "铜仁市")}),
        # … but 携手 before 合作 is how they cooperate, not an assistance
        ("杭州与甘孜的携手合作结出硕果。", {("杭州", "COOPERATES_WITH", "甘孜")}),
    ],
)
def test_assists(extractor, text, expected):
    assert relations(extractor, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 合作共建: the partners co-build the park; 合作 inside the trigger is no second statement
        ("福州市与固原市合作共建闽宁产业园。", {("福州市", "CO_BUILDS", "闽宁产业园"), ("固原市", "CO_BUILDS", "闽宁产业园")}),
        ("宁夏大学与福州大学签署合作协议。", {("宁夏大学", "COOPERATES_WITH", "福州大学")}),
        ("隆德县与厦门市合作建设的厦隆产业园投产。", {("隆德县", "CO_BUILDS", "厦隆产业园"), ("厦门市", "CO_BUILDS", "厦隆产业园")}),
        # a collective subject (两地) after a clause naming two places stands for both
        ("东莞市对口帮扶安顺市以来，两地共建东莞—安顺产业园。",
         {("东莞市", "ASSISTS", "安顺市"), ("东莞市", "CO_BUILDS", "东莞—安顺产业园"), ("安顺市", "CO_BUILDS", "东莞—安顺产业园")}),
        # partners who build something that is no park cooperate
        ("天水市与天津市合作建设高原夏菜冷链中心。", {("天水市", "COOPERATES_WITH", "天津市")}),
        ("文县与和平区签约，共同打造文旅项目。", {("和平区", "COOPERATES_WITH", "文县")}),
        # passive: the builders follow 由, the park is the subject
        ("厦隆产业园由厦门市与隆德县共同建设。", {("厦门市", "CO_BUILDS", "厦隆产业园"), ("隆德县", "CO_BUILDS", "厦隆产业园")}),
        # joint: two bodies holding a meeting together cooperate; where they meet (在南京) is no partner
        ("商洛市人民政府与南京市人民政府在南京举行联席会议。", {("南京市人民政府", "COOPERATES_WITH", "商洛市人民政府")}),
        ("长宁区与芒市在上海签订产业合作协议。", {("芒市", "COOPERATES_WITH", "长宁区")}),
        # … but one body's meeting and a place after it are no partners
        ("固原市召开会议后，银川市组织企业参会。", set()),
    ],
)
def test_co_builds_and_cooperates(extractor, text, expected):
    assert relations(extractor, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("深圳市向百色市投入资金2亿元。", {("深圳市", "FUNDS", "百色市")}),
        # receive: the subject gets the funds of the name after the trigger
        ("临夏州全年争取厦门市帮扶资金1.6亿元。", {("厦门市", "FUNDS", "临夏州")}),
        # … not when 对 introduces the recipient: the subject disburses (援助 states it)
        ("天津市落实对甘南州援助资金2亿元。", {("天津市", "FUNDS", "甘南州"), ("天津市", "ASSISTS", "甘南州")}),
        # disburse: with no tail after the trigger, the money goes to the payer's partner
        ("无锡市与延安市结对以来，无锡市累计投入资金2.4亿元。",
         {("无锡市", "ASSISTS", "延安市"), ("无锡市", "FUNDS", "延安市")}),
        # … the innermost place of the partner's address chain
        ("武进区与陕西省安康市紫阳县签订协议，武进区投入资金2600万元。",
         {("武进区", "COOPERATES_WITH", "紫阳县"), ("武进区", "FUNDS", "紫阳县"),
          ("安康市", "LOCATED_IN", "陕西省"), ("紫阳县", "LOCATED_IN", "安康市")}),
        # … or to what the money supports next
        ("江阴市投入帮扶资金3000万元，支持延川县建设苹果冷库。", {("江阴市", "FUNDS", "延川县")}),
        ("隆德县依托厦门市帮扶资金800万元建成冷库。", {("厦门市", "FUNDS", "隆德县")}),
        # … or, paid in a later clause that names no one else, from the donor to the place it assists
        ("海淀区对口帮扶兴和县以来，累计投入帮扶资金1.2亿元。", {("海淀区", "ASSISTS", "兴和县"), ("海淀区", "FUNDS", "兴和县")}),
        ("上海市对口帮扶楚雄州，广东省投入资金3亿元。", {("上海市", "ASSISTS", "楚雄州")}),
        # … also when the later clause names the recipient again after 向
        ("上海市对口支援喀什地区以来，累计向喀什地区投入资金30亿元。",
         {("上海市", "ASSISTS", "喀什地区"), ("上海市", "FUNDS", "喀什地区")}),
        # a program that names the money is not its payee
        ("苏州市向铜仁市捐赠苏铜协作专项资金500万元。", {("苏州市", "FUNDS", "铜仁市")}),
        ("福建省投入泾源县东西部协作财政资金1.36亿元。", {("福建省", "FUNDS", "泾源县")}),
        # a quantity is not money: no FUNDS without an amount of money
        ("陇西县依托天津帮扶，建成仓储中心，仓储能力达到20万吨。", {("天津", "ASSISTS", "陇西县")}),
        # 在 marks where the money goes, not a passive (在…帮扶下)
        ("慈溪市在汪清县投入帮扶资金900万元。", {("慈溪市", "ASSISTS", "汪清县"), ("慈溪市", "FUNDS", "汪清县")}),
        # passive: the payer follows 由, the funded park is the subject
        ("文山州的沪滇协作三七产业园，由松江区投入资金900万元建设。", {("松江区", "FUNDS", "沪滇协作三七产业园")}),
        # an approximate amount is money (its lower bound)
        ("福建累计向宁夏投入资金40多亿元。", {("福建", "FUNDS", "宁夏")}),
        # … but an elided payer (两市) is not restored (rule 12)
        ("无锡市与延安市结对以来，两市累计投入资金2.4亿元。", {("无锡市", "ASSISTS", "延安市")}),
        ("宁夏宝丰能源集团股份有限公司在银川投资建设光伏项目。", {("宁夏宝丰能源集团股份有限公司", "INVESTS_IN", "银川")}),
        # 入驻X的Y: the firm 的 introduces invested in the park after the trigger
        ("入驻固原经济技术开发区的宁夏恒远光电科技股份有限公司已投产。",
         {("宁夏恒远光电科技股份有限公司", "INVESTS_IN", "固原经济技术开发区")}),
        # … or in the park right before it (X新入驻的Y)
        ("山东产业园新入驻的淄博鲁岳制衣有限公司已投产。", {("淄博鲁岳制衣有限公司", "INVESTS_IN", "山东产业园")}),
        # the place written before a park is its address: the firm invests in the park
        ("浙江华孚色纺股份有限公司入驻阿克苏地区温宿工业园区。", {("浙江华孚色纺股份有限公司", "INVESTS_IN", "温宿工业园区")}),
        # passive with the actor after a place and a kind word
        ("延川县的苹果项目由江阴企业江苏华西果业有限公司投资建设。", {("江苏华西果业有限公司", "INVESTS_IN", "延川县")}),
        # attract: the firm after 引进 invests in the subject
        ("岷县引进天津企业天津中药科技有限公司建设饮片厂。", {("天津中药科技有限公司", "INVESTS_IN", "岷县")}),
        # … also when the subject opens the sentence and the clause of 引进 names none
        ("叶城县依托上海援疆资源，引进上海联川服饰有限公司等企业11家。", {("上海联川服饰有限公司", "INVESTS_IN", "叶城县")}),
        # … but not when that clause names its own subject
        ("叶城县与上海市签约，宝山区引进上海联川服饰有限公司。",
         {("上海市", "COOPERATES_WITH", "叶城县"), ("上海联川服饰有限公司", "INVESTS_IN", "宝山区")}),
    ],
)
def test_funds_and_invests(extractor, text, expected):
    assert relations(extractor, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # partners joined to the subject (会同, 与, 联合) implement with it
        ("天津市商务局会同甘肃省商务局开展“甘味天津行”推介活动。",
         {("天津市商务局", "IMPLEMENTS", "“甘味天津行”推介活动"), ("甘肃省商务局", "IMPLEMENTS", "“甘味天津行”推介活动"),
          ("天津市商务局", "COOPERATES_WITH", "甘肃省商务局")}),
        ("西吉县依托闽宁协作发展马铃薯产业。", {("西吉县", "IMPLEMENTS", "闽宁协作")}),
        # the name after 联合 is a partner, not the subject
        ("临夏州教育局联合厦门市教育局实施“厦临职教协作提升计划”。",
         {("临夏州教育局", "IMPLEMENTS", "厦临职教协作提升计划"), ("厦门市教育局", "IMPLEMENTS", "厦临职教协作提升计划"),
          ("临夏州教育局", "COOPERATES_WITH", "厦门市教育局")}),
        # hold: the meeting named right after 召开
        ("甘肃省人民政府与天津市人民政府召开津甘协作联席会议。",
         {("甘肃省人民政府", "IMPLEMENTS", "津甘协作联席会议"), ("天津市人民政府", "IMPLEMENTS", "津甘协作联席会议"),
          ("天津市人民政府", "COOPERATES_WITH", "甘肃省人民政府")}),
        # … also with the year between (召开2024年…联席会议)
        ("威海市与巫溪县召开2024年东西部协作联席会议。",
         {("威海市", "IMPLEMENTS", "东西部协作联席会议"), ("巫溪县", "IMPLEMENTS", "东西部协作联席会议"),
          ("威海市", "COOPERATES_WITH", "巫溪县")}),
        # a quoted event before 活动 is the program
        ("延川县与江阴市联合开展“江阴企业延川行”活动。",
         {("延川县", "IMPLEMENTS", "江阴企业延川行"), ("江阴市", "IMPLEMENTS", "江阴企业延川行"),
          ("延川县", "COOPERATES_WITH", "江阴市")}),
    ],
)
def test_implements(extractor, text, expected):
    assert relations(extractor, text) == expected


def test_the_full_name_before_a_declared_short_name_states_the_relation(extractor):
    assert relations(extractor, "厦门建发股份有限公司（简称“建发股份”）与固原市人民政府签署战略合作协议。") == {
        ("厦门建发股份有限公司", "COOPERATES_WITH", "固原市人民政府")
    }


def test_issues_by_joint_signers(extractor):
    """A与B签署《…》: each signer issues the agreement and the two cooperate (ANNOTATION.md)."""
    assert relations(extractor, "延安市与无锡市签署《延安—无锡东西部协作框架协议》。") == {
        ("延安市", "ISSUES", "延安—无锡东西部协作框架协议"), ("无锡市", "ISSUES", "延安—无锡东西部协作框架协议"),
        ("延安市", "COOPERATES_WITH", "无锡市"),
    }


def test_partner_joined_with_an_adverb_issues_too(extractor):
    assert relations(extractor, "黔东南州财政局已会同杭州市财政局制定《杭黔协作资金管理办法》。") == {
        ("黔东南州财政局", "ISSUES", "杭黔协作资金管理办法"), ("杭州市财政局", "ISSUES", "杭黔协作资金管理办法"),
        ("杭州市财政局", "COOPERATES_WITH", "黔东南州财政局"),
    }


def test_header_issuers_issue_the_title_together(extractor):
    """A document header names its issuers before the title: each issues it, and they cooperate."""
    assert relations(extractor, "湖州市乡村振兴局 广元市乡村振兴局\n关于开展浙川协作消费帮扶月活动的通知") == {
        ("湖州市乡村振兴局", "ISSUES", "关于开展浙川协作消费帮扶月活动的通知"),
        ("广元市乡村振兴局", "ISSUES", "关于开展浙川协作消费帮扶月活动的通知"),
        ("广元市乡村振兴局", "COOPERATES_WITH", "湖州市乡村振兴局"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("闽宁产业园位于永宁县。", {("闽宁产业园", "LOCATED_IN", "永宁县")}),
        # a village after its town: no lexicon lists it, the chain says it
        ("闽宁镇福宁村的菌草大棚丰收。", {("福宁村", "LOCATED_IN", "闽宁镇")}),
        # 位于 X 的 Y: what 的 introduces lies in X, the innermost place of the chain
        ("走进位于固原市原州区的宁夏师范学院。", {("宁夏师范学院", "LOCATED_IN", "原州区"), ("原州区", "LOCATED_IN", "固原市")}),
    ],
)
def test_located_in(extractor, text, expected):
    assert relations(extractor, text) == expected
