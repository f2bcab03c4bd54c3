"""A seeded generator of synthetic East–West cooperation documents, for benchmarks and tests.

Real corpora cannot be shipped with kg, but ``kg bench`` and the scale tests
need megabytes of text that exercise the same code paths as real news and
policy replies: address chains, firms with full and short names, co-built
parks, amounts and years, named frameworks, document titles, traditional
script and PDF extraction noise, and documents from a few hundred characters
to a few hundred thousand (one huge file must not serialise a parallel build).

Pairings are the real 东西部协作 pairs; donor and recipient prefectures and
counties are drawn from ``seeds/lexicons/places.tsv``; firms, parks, people
and figures are invented.  Document ``i`` of seed ``s`` depends only on
``(s, i)``, so a corpus is reproducible and a bigger corpus starts with the
smaller one.

    python -m kg.corpus_gen OUT_DIR --mb 10 --seed 7
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.resources import LEXICON_DIR, read_rows

MB = 1 << 20

PAIRINGS = (
    ("北京市", "内蒙古自治区"), ("天津市", "甘肃省"), ("上海市", "云南省"), ("江苏省", "陕西省"),
    ("江苏省", "青海省"), ("浙江省", "四川省"), ("福建省", "宁夏回族自治区"), ("山东省", "重庆市"),
    ("山东省", "甘肃省"), ("广东省", "广西壮族自治区"), ("广东省", "贵州省"),
)
"""(donor, recipient) provinces of East–West cooperation since the 2021 adjustment."""

BRAND_CHARS = "恒远华新瑞泰博宇嘉鑫盛达信和丰源隆晶汇德安荣昌聚鼎海天正通明辉中金永兴"
INDUSTRIES = (
    "光电科技", "新能源", "生物医药", "纺织", "食品", "农业发展", "电子科技", "新材料", "光伏科技", "智能装备",
    "茶业", "咖啡", "文化旅游", "现代物流", "冷链物流", "中药材", "电池材料", "服饰",
)
FIRM_ENDINGS = ("股份有限公司", "有限公司", "集团有限公司", "有限责任公司")
PARK_ENDINGS = ("产业园", "产业合作园", "工业园区", "产业示范园", "飞地产业园", "东西部协作产业园")
AGENCY_FUNCTIONS = ("乡村振兴局", "人民政府", "投资促进局", "发展和改革委员会", "商务局", "人力资源和社会保障局", "农业农村局")
DONOR_OFFICES = ("合作交流办", "对口支援与合作交流办公室", "东西部协作工作领导小组办公室")
FRAMEWORK_WORDS = ("协作", "东西部协作", "扶贫协作", "对口协作")
PROGRAMS = ("东西部协作", "乡村振兴", "携手促振兴行动", "消费帮扶", "万企兴万村", "飞地经济", "产业转移", "劳务协作")
POLICY_HEADS = ("工作方案", "实施意见", "三年行动计划", "管理办法", "规划")
PRODUCTS = ("光伏组件", "锂电池正极材料", "高原特色农产品加工", "预制菜", "智能终端", "有机肥", "牛羊肉精深加工", "数据中心")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红文斌宁海峰"
TITLES = ("副市长", "副州长", "县长", "党委书记", "局长", "主任", "董事长", "总经理")
FILLERS = (
    "会议强调，要坚持把东西部协作作为重大政治任务，持续巩固拓展脱贫攻坚成果。",
    "下一步，双方将进一步完善协作机制，推动产业、人才、消费等领域合作走深走实。",
    "与会人员围绕产业梯度转移、劳务协作、消费帮扶等议题进行了深入交流。",
    "据了解，当地特色农产品通过电商平台销往长三角地区，带动农户增收。",
    "业内人士认为，要素跨区域流动为西部地区高质量发展注入了新动能。",
    "会上，相关部门负责同志汇报了年度工作进展情况。",
)


@dataclass(frozen=True)
class Unit:
    """A division from ``places.tsv``: its official name and short forms."""

    adcode: str
    level: str
    name: str
    shorts: tuple[str, ...]

    @property
    def short(self) -> str:
        """The shortest name the press uses (楚雄彝族自治州 → 楚雄)."""
        return min(self.shorts, key=len) if self.shorts else self.name


class Places:
    """Provinces, their prefectures and counties, read once from the lexicon."""

    def __init__(self) -> None:
        names: dict[str, list[str]] = defaultdict(list)
        rows: dict[str, tuple[str, str, str]] = {}
        for name, adcode, level, parent, full_name, form in read_rows(LEXICON_DIR / "places.tsv"):
            if level == "town":
                continue
            rows[adcode] = (level, parent, full_name)
            if form == "short":
                names[adcode].append(name)
        self.units = {code: Unit(code, level, full, tuple(names[code])) for code, (level, _, full) in rows.items()}
        self.children: dict[str, list[Unit]] = defaultdict(list)
        for code, (_, parent, _) in rows.items():
            if parent:
                self.children[parent].append(self.units[code])
        self.by_name = {u.name: u for u in self.units.values() if u.level == "province"}

    def province(self, name: str) -> Unit:
        return self.by_name[name]

    def cities(self, province: Unit) -> list[Unit]:
        """Prefecture-level units (the counties themselves for a municipality such as 重庆市)."""
        return [u for u in self.children[province.adcode] if u.level in ("prefecture", "county")]

    def counties(self, city: Unit) -> list[Unit]:
        return [u for u in self.children[city.adcode] if u.level == "county"] or [city]


@cache
def places() -> Places:
    return Places()


@cache
def abbreviations() -> dict[str, str]:
    """Province → its one-character abbreviation (上海市 → 沪), first listed wins."""
    out: dict[str, str] = {}
    for abbr, province in read_rows(LEXICON_DIR / "pairs.tsv"):
        out.setdefault(province, abbr)
    return out


@cache
def known_firms() -> tuple[tuple[str, str], ...]:
    """(full name, a short name) of the lexicon's firms, for the well-known investors."""
    return tuple((row[0], row[1].split("|")[0] if len(row) > 1 and row[1] else row[0]) for row in read_rows(LEXICON_DIR / "firms.tsv"))


class _Cast:
    """The places, bodies, firms and parks one document talks about."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        p = places()
        donor_name, recipient_name = rng.choice(PAIRINGS)
        self.donor, self.recipient = p.province(donor_name), p.province(recipient_name)
        self.d_city = rng.choice(p.cities(self.donor))
        self.r_city = rng.choice(p.cities(self.recipient))
        self.d_county = rng.choice(p.counties(self.d_city))
        self.r_county = rng.choice(p.counties(self.r_city))
        abbr = abbreviations()
        self.pair = abbr.get(donor_name, donor_name[0]) + abbr.get(recipient_name, recipient_name[0])
        self.firms = [self._firm() for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.4:
            self.firms.append(rng.choice(known_firms()))
        self.parks = [self._park() for _ in range(rng.randint(1, 2))]

    def _firm(self) -> tuple[str, str]:
        brand = "".join(self.rng.sample(BRAND_CHARS, 2))
        industry = self.rng.choice(INDUSTRIES)
        home = self.rng.choice((self.d_city.short, self.donor.short, ""))
        return f"{home}{brand}{industry}{self.rng.choice(FIRM_ENDINGS)}", f"{brand}{industry[:2]}"

    def _park(self) -> str:
        rng = self.rng
        return rng.choice((
            f"{self.pair}{rng.choice(PARK_ENDINGS)}",
            f"{self.r_city.short}{self.d_city.short}{rng.choice(PARK_ENDINGS)}",
            f"{self.r_county.short}{rng.choice(('工业园区', '产业园区', '经济开发区', '高新技术产业开发区'))}",
        ))

    def recipient_chain(self) -> str:
        """The recipient county's address chain (重庆市铜梁区: a municipality has no prefecture level)."""
        names = [self.recipient.name, self.r_city.name, self.r_county.name]
        return "".join(dict.fromkeys(names))

    def other_firm(self, name: str) -> str:
        """Another firm of the document to list beside ``name`` (a well-known one if it has only one)."""
        others = [full for full, _ in self.firms if full != name]
        return self.rng.choice(others) if others else self.rng.choice(known_firms())[0]

    def person(self) -> str:
        given = "".join(self.rng.choice(GIVEN_CHARS) for _ in range(self.rng.randint(1, 2)))
        return self.rng.choice(SURNAMES) + given

    def donor_body(self) -> str:
        return self.rng.choice((f"{self.d_city.name}{self.rng.choice(DONOR_OFFICES)}", f"{self.donor.name}{self.rng.choice(AGENCY_FUNCTIONS)}"))

    def recipient_body(self) -> str:
        return f"{self.rng.choice((self.r_city.name, self.r_county.name))}{self.rng.choice(AGENCY_FUNCTIONS)}"

    def program(self) -> str:
        return self.rng.choice((f"{self.pair}{self.rng.choice(FRAMEWORK_WORDS)}", self.rng.choice(PROGRAMS)))


def _amount(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.randint(1, 99)}.{rng.randint(1, 9)}亿元"
    return f"{rng.randint(100, 9999)}万元"


def _sentence(cast: _Cast, year: int) -> str:
    """One sentence stating (mostly) one relation, with a varied trigger."""
    rng = cast.rng
    firm, short = rng.choice(cast.firms)
    park = rng.choice(cast.parks)
    d, r, rc = cast.d_city, cast.r_city, cast.r_county
    when = rng.choice((f"{year}年，", f"{year}年以来，", "", "", "近年来，"))
    options = (
        lambda: f"{when}{cast.donor.name}{d.name}{rng.choice(('对口帮扶', '结对帮扶', '对口支援', '援助'))}{cast.recipient.name}{r.name}。",
        lambda: f"{when}{d.short}与{rc.name}{rng.choice(('结对', '携手奔小康', '开展结对帮扶'))}，选派{rng.randint(3, 60)}名干部挂职。",
        lambda: f"{when}{d.name}向{cast.recipient_chain()}投入财政援助资金{_amount(rng)}，实施帮扶项目{rng.randint(5, 300)}个。",
        lambda: f"{cast.donor_body()}安排帮扶资金{_amount(rng)}，支持{park}基础设施建设。",
        lambda: f"{when}{firm}在{rc.name}{rng.choice(('投资建设', '投资'))}{rng.choice(PRODUCTS)}项目，总投资{_amount(rng)}。",
        lambda: f"{short}公司{rng.choice(('二期项目', '生产基地', '西南总部'))}已{rng.choice(('落户', '入驻', '落地'))}{park}。",
        lambda: f"{r.name}引进{firm}、{cast.other_firm(firm)}等企业{rng.randint(2, 40)}家，到位资金{_amount(rng)}。",
        lambda: f"{d.name}与{r.name}{rng.choice(('共建', '合作共建', '联合建设'))}的{park}已入驻企业{rng.randint(3, 80)}家。",
        lambda: f"{park}位于{cast.recipient_chain()}，规划面积{rng.randint(2, 40)}平方公里。",
        lambda: f"{cast.donor_body()}与{cast.recipient_body()}签订{rng.choice(('战略合作协议', '劳务协作协议', '产业合作框架协议'))}。",
        lambda: f"{cast.recipient_body()}{rng.choice(('深入推进', '持续实施', '扎实开展', '积极参与'))}{cast.program()}，成效明显。",
        lambda: f"{cast.recipient_body()}印发《{r.short}深化{cast.pair}协作{rng.choice(POLICY_HEADS)}（{year}—{year + 2}年）》。",
        lambda: f"{r.name}{rng.choice(TITLES)}{cast.person()}表示，将持续优化营商环境，欢迎更多{d.short}企业到{r.short}投资兴业。",
        lambda: f"{when}{cast.pair}{rng.choice(FRAMEWORK_WORDS)}联席会议在{d.name}召开。",
        lambda: rng.choice(FILLERS),
    )
    return rng.choice(options)()


def _pdf_noise(rng: random.Random, text: str) -> str:
    """PDF extraction damage: hard line breaks inside sentences, spaced titles, page footers."""
    out, column = [], rng.randint(28, 42)
    for i, line in enumerate(text.split("\n")):
        if i == 0 and rng.random() < 0.5:
            line = " ".join(line)
        out.extend(line[k : k + column] for k in range(0, max(len(line), 1), column))
        if rng.random() < 0.05:
            out.append(f"\n第 {i + 1} 页\n")
    return "\n".join(out)


@cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def document_length(seed: int, index: int) -> int:
    """The natural length of document ``index``: mostly a few thousand characters, one in fifty a long compilation."""
    rng = random.Random(f"kg-corpus-length:{seed}:{index}")
    return int(rng.lognormvariate(7.8, 0.7)) if rng.random() > 0.02 else rng.randint(100_000, 300_000)


def generate_document(seed: int, index: int, chars: int | None = None) -> str:
    """Document ``index`` of the corpus of ``seed``: title, dated paragraphs, a variant.

    ``chars`` is the approximate length (default :func:`document_length`).
    """
    rng = random.Random(f"kg-corpus:{seed}:{index}")
    chars = chars if chars is not None else document_length(seed, index)
    cast = _Cast(rng)
    year = rng.randint(2017, 2025)
    title = f"{cast.pair}协作{rng.choice(('谱新篇', '结硕果', '工作情况报告', '走深走实', '再上新台阶'))}"
    parts, size = [title, ""], len(title)
    while size < chars:
        paragraph = "".join(_sentence(cast, year) for _ in range(rng.randint(2, 6)))
        parts += [paragraph, ""]
        size += len(paragraph) + 1
    text = "\n".join(parts).rstrip() + "\n"
    variant = rng.random()
    if variant < 0.1:
        text = _s2t().convert(text)
    elif variant < 0.2:
        text = _pdf_noise(rng, text)
    return text


def generate_corpus(out_dir: str | Path, mb: float, seed: int = 0) -> list[Path]:
    """Write about ``mb`` MiB (UTF-8) of documents ``doc000000.txt``… into ``out_dir``; return their paths.

    The document that would overshoot the size is cut to fit and is the last,
    so a bigger corpus of the same seed starts with all but the last document
    of a smaller one.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written, paths, target = 0, [], int(mb * MB)
    while written < target:
        budget = (target - written) // 3 + 1  # UTF-8 Chinese: 3 bytes a character
        natural = document_length(seed, len(paths))
        data = generate_document(seed, len(paths), min(natural, budget)).encode("utf-8")
        path = out / f"doc{len(paths):06d}.txt"
        path.write_bytes(data)
        paths.append(path)
        written += len(data)
        if natural >= budget:
            break
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write .txt documents into")
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size in MiB")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = generate_corpus(args.out, args.mb, args.seed)
    print(f"{len(paths)} documents, {sum(p.stat().st_size for p in paths) / MB:.1f} MiB → {args.out}")


if __name__ == "__main__":
    main()
