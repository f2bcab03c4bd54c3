"""Rule-based recognition of named bodies, firms, parks, programs, policies and people.

Chinese names of organisations end in a *head word* (…局, …委员会, …有限公司,
…产业园, …行动) and start wherever the text stops describing and starts naming.
This module finds heads, walks left from each to the name's first character
(over places, quoted parts and bracketed parts, stopping at function words and
verbs), and checks the result against the span rules of ANNOTATION.md.  It
also finds 《titles》, pairing frameworks (沪滇协作), listed programs, lists of
firms, and people next to their titles.

Everything works on the *normalised* text (simplified, no spaces between CJK
characters) and returns character offsets into it; the caller maps them back
to the original.  All word lists are data in ``pipelines/rules`` and
``seeds/lexicons``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import ahocorasick

from kg.nlp.common_words import common_bigrams, common_words
from kg.normalize import is_han
from kg.resources import LEXICON_DIR, RULES_DIR, read_rows, read_words

ADMIN_SUFFIXES = ("自治州", "自治县", "自治旗", "自治区", "省", "市", "州", "县", "区", "旗", "盟", "镇", "乡", "村")
"""What makes a place name 'full' (ANNOTATION.md rule 10)."""

ELIDED_PLACE_CHARS = frozenset("省州市县区旗盟镇乡")
"""A body named with its place elided (州乡村振兴局, 市政府) starts with one of these."""
ELIDED_AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")
"""自治区党委, 自治区农牧厅: an autonomous unit's bodies name it by its kind alone."""

MODIFIERS = ("国家级", "省级", "市级", "州级", "县级", "全国首个", "全国", "首批", "首个", "新建", "新设", "现有", "全新")
"""Descriptive modifiers that stay outside a name (rule 9)."""
_MODIFIER_FIRSTS = frozenset(modifier[0] for modifier in MODIFIERS) | {"第"}
"""First characters of what ``_skip_modifiers`` skips: the modifiers and a leading ordinal (第三届)."""

OPEN_QUOTES = "“\"'‘「『"
CLOSE_QUOTES = "”\"'’」』"
_COUNTERS = frozenset("元个家名人户亩吨万亿月日次批期项所座条")
"""After a digit these end a quantity (``241家医院``), never start a name."""

_NAME_JOINERS = frozenset("·—–-")
"""Characters that join the parts of one name (嘉定·楚雄…园, 福州—固原闽宁产业园)."""
_PHRASE_OPENERS = frozenset("与和及或由经据按依在对向为把被将从于给跟同")
"""Prepositions and conjunctions: they open a phrase, never a name."""
_STRICT_STOPS = frozenset("为向于在对从以把被将给")
"""Prepositions that end a name's left walk even as the end of a word (列为, 投向, 用于)."""
_ASSISTANCE_BEFORE = re.compile(r"(?:对口|结对)(?:支援|帮扶|协作)$")
"""A line ending in an act of assistance goes on with whom it assists: the break before that place is a PDF's (对口支援\n青海省…指挥部)."""
_PARTICLES = frozenset("的之了着过是等某")
"""Particles: a name never runs over them (佛山的美的集团)."""
_CN_NUMERALS = frozenset("一二三四五六七八九十两几多百千万")
_HONORIFICS = ("委员", "同志", "书记", "主任", "代表", "教授", "研究员", "主席", "部长", "局长", "市长", "州长", "县长", "省长", "董事长", "总经理")
"""Titles written after a name even in running text (感谢张勇委员): no clear left edge needed."""
_AFTER_NAME = (
    "报道", "摄", "介绍", "表示", "指出", "强调", "一行", "带队", "率队", "率领", "带领", "主持", "出席", "同志", "认为", "提出",
    "挂职", "已经", "今年", "正在", "共同", "带着", "团队", "创办", "贡献", "高兴", "一家", "等人", "告诉", "坦言", "回忆",
    "会见", "致辞", "讲话", "调研", "考察", "推介", "常驻",
)
_AFTER_NAME_CHARS = frozenset("说称等在和与、系率")
_CLAUSE_CHARS = frozenset("任为被已将向以作曾对到")
"""Characters that open what follows a name (孟庆华任首任院长, 陈志坚为基地揭牌, 李国栋被评为): a right edge.

Unlike ``_AFTER_NAME_CHARS`` they may end a name too (王有为), except ``_NEVER_LAST``."""
_CONJUNCTIONS = frozenset("和与及并或")
_VERB_FIRM_WORDS = frozenset({"投资", "发展"})
_TRANSLITERATED_FIRST = re.compile(r"[\u4e00-\u9fff]{2,6}[·•]")
"""The first part of a transliterated name in two parts (艾尔肯· of 艾尔肯·吐尼亚孜)."""
_MAX_SECOND_PART = 8
_NEVER_LAST = frozenset("被已将曾了的着过委摄")
"""Characters no given name ends in: adverbs and particles (刘洋已在, 展示了), 委 of 县委 (由县委书记), 摄 of a byline (刘洋 摄)."""
_POLICY_TITLE = re.compile(
    r"(?:实施方案|工作方案|行动方案|方案|规划|实施意见|指导意见|意见|管理办法|实施办法|办法|通知|通报|决定|条例|实施细则)"
    r"(?:[(（][^()（）]{1,12}[)）])?"
)
_PHASE = re.compile(r"[首一二三四五六七八九]期$")
_VERB_ADVERBS = frozenset({"共同", "统一", "统筹", "科学", "合理", "整体", "联合", "分别", "重新", "认真", "已", "将", "正在"})
"""Adverbs that make 规划, 通知 or 决定 after a place a verb (崇左市共同规划), not a document's title."""
_SENTENCE_PUNCT = re.compile(r"[。！？；;，,：:《》]")
_YEAR_WORD = re.compile(r"\d{2,4}年|[一二三四五六七八九〇零]{4}年")
_FIRM_LIST_LEAD = re.compile(r"(?:引进|引入|招引|吸引|落地|签约|包括|如)了?")
_LIST_ITEM = re.compile(r"[\u3400-\u9fff]{2,8}")
_ANCHORED_PARK_HEADS = frozenset({"园区", "基地", "产业基地"})
"""Park heads so often generic (梳理园区, 养殖基地) that the name must open with a place, pairing or quote."""
_QUOTED_PROGRAM_HEADS = frozenset({"布局", "目标"})
"""Program heads that are ordinary words unless a quoted name precedes them."""
_PLAN_HEADS = frozenset({"行动计划", "基金", "产业基金"})
"""Unquoted plans and funds name a program without any anchor (rule 11)."""
_QUOTED_EVENT = re.compile(
    r"[“\"]([^“”\"，。；]{2,20})[”\"]"
    r"(?:(?:系列)?活动|(?:农畜产品|农产品|特色产品|产品)?(?:区域)?(?:公用)?品牌|项目|(?:线上|电商)?平台)"
)
_CAMPAIGN_LEAD = 6
"""Most characters of who or what goes in a place campaign (上海企业家 in 上海企业家云南行)."""
_NATIONAL_PREFIXES = ("全国", "中国", "国家")
"""A program opening with these is anchored like one opening with a place (全国冬季运动会, 国家重点研发计划)."""
_LEADING_ORDINAL = re.compile(r"第[0-9一二三四五六七八九十百零〇两]+[届次期批轮]")
_SPEAKER = re.compile(r"(?:^|(?<=[，。；：“”、\s])|(?<=据))([\u4e00-\u9fff]{2,3}?)(?=说|表示|介绍|告诉记者|坦言)")
"""A clause-opening name before a verb of saying; ``_speakers`` checks the surname."""
_BYLINE = re.compile(r"^([\u3400-\u9fff]{2,3})[:：]")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed entity on the normalised text."""

    start: int
    end: int
    label: str
    source: str


@dataclass(frozen=True, slots=True)
class Head:
    text: str
    label: str
    strong: bool
    max_chars: int


@dataclass
class _Text:
    """One text under recognition, with what is already known about it."""

    text: str
    place_starts: dict[int, int]
    place_by_end: dict[int, int]
    breaks: frozenset[int] = field(default_factory=frozenset)

    def is_place(self, start: int, end: int) -> bool:
        return self.place_starts.get(start) == end

    def places_from(self, start: int, limit: int) -> int:
        """End of the chain of places starting at ``start`` (``start`` if none)."""
        pos = start
        while pos in self.place_starts and self.place_starts[pos] <= limit:
            pos = self.place_starts[pos]
        return pos


def is_full_place_name(name: str) -> bool:
    """Does ``name`` end in an administrative suffix (rule 10)?

    A two-character name ending in 州 is a city's short form whose 州 belongs
    to the stem (广州 for 广州市, 杭州 for 杭州市), unlike 楚雄州 (楚雄 + 州).
    """
    return name.endswith(ADMIN_SUFFIXES) and not (len(name) == 2 and name.endswith("州"))


def _automaton(words: Iterable[str]) -> ahocorasick.Automaton | None:
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    if len(automaton) == 0:
        return None
    automaton.make_automaton()
    return automaton


def _lengths(words: Iterable[str]) -> tuple[int, ...]:
    """The distinct lengths of ``words``, longest first (see :func:`_words_at`)."""
    return tuple(sorted({len(word) for word in words}, reverse=True))


def _words_at(text: str, pos: int, words: frozenset[str], lengths: tuple[int, ...]) -> Iterator[str]:
    """The words of ``words`` (of the given ``lengths``) that start at ``text[pos]``, longest first.

    One set lookup per length instead of a ``startswith`` per word.
    """
    return (text[pos : pos + n] for n in lengths if pos + n <= len(text) and text[pos : pos + n] in words)


def _matches(automaton: ahocorasick.Automaton | None, text: str) -> Iterable[tuple[int, int, str]]:
    """All (start, end, word) occurrences of the automaton's words in ``text``."""
    if automaton is None:
        return
    for end_index, word in automaton.iter(text):
        yield end_index + 1 - len(word), end_index + 1, word


class NameRules:
    """The loaded rule data and the recognition procedure.

    Build once (loading and compiling the lists is the slow part) and call
    :meth:`find` per text.
    """

    def __init__(self, rules_dir: Path = RULES_DIR, lexicon_dir: Path = LEXICON_DIR) -> None:
        self.heads = {
            row[0]: Head(row[0], row[1], row[2] == "strong", int(row[3])) for row in read_rows(rules_dir / "heads.tsv")
        }
        self.heads.update(
            {row[0]: Head(row[0], "PROGRAM", False, int(row[1])) for row in read_rows(rules_dir / "program_heads.tsv")}
        )
        self.blocks_after = {row[0]: frozenset(row[1]) for row in read_rows(rules_dir / "head_blocks.tsv")}
        self.blocks_before = {
            row[0]: frozenset(row[1]) for row in read_rows(rules_dir / "head_blocks_before.tsv") if len(row) > 1
        }
        self.stops = read_words(rules_dir / "left_stops.txt")
        self.functions = read_words(rules_dir / "agency_functions.txt")
        self.org_prefixes = read_words(rules_dir / "org_prefixes.txt")
        self.generic_cores = read_words(rules_dir / "generic_cores.txt")
        self.field_cores = read_words(rules_dir / "field_cores.txt")
        self.titles = read_words(rules_dir / "person_titles.txt")
        self.surnames = read_words(rules_dir / "surnames.txt")
        self.transcribed_chars = frozenset("".join(row[0] for row in read_rows(rules_dir / "transcribed_name_chars.txt")))
        self.frameworks = read_words(rules_dir / "framework_words.txt")
        self.campaign_heads = read_words(rules_dir / "place_campaign_heads.txt")
        self.firm_words = read_words(rules_dir / "firm_suffixes.txt")
        self.program_inner = read_words(rules_dir / "program_inner_words.txt")
        self.descriptive = read_words(rules_dir / "descriptive_words.txt")
        self.agency_inner = read_words(rules_dir / "agency_inner_words.txt")
        self.policy_inner = read_words(rules_dir / "policy_inner_words.txt")
        self.programs = read_words(lexicon_dir / "programs.tsv")
        self.persons = read_words(lexicon_dir / "persons.tsv")
        self.agencies = read_words(lexicon_dir / "agencies.tsv")
        self.firms = {row[0]: row[0] for row in read_rows(lexicon_dir / "firms.tsv")}
        for row in read_rows(lexicon_dir / "firms.tsv"):
            self.firms.update({alias: row[0] for alias in row[1].split("|")} if len(row) > 1 and row[1] else {})
        self.pair_chars = read_words(lexicon_dir / "pairs.tsv")
        self.max_stop = max(map(len, self.stops))
        self.max_function = max(map(len, self.functions))
        self.common = common_bigrams()

    @cached_property
    def _inside(self) -> dict[str, frozenset[str]]:
        """Per label, the words that belong to a name even where they would stop it."""
        return {"FIRM": self.firm_words, "ORG": self.firm_words, "PROGRAM": self.program_inner, "AGENCY": self.agency_inner}

    @cached_property
    def _judges(self) -> dict[str, Callable[..., int | None]]:
        return {"PARK": self._judge_park, "PROGRAM": self._judge_program, "AGENCY": self._judge_agency}

    @cached_property
    def _agency_lengths(self) -> tuple[int, ...]:
        return _lengths(self.agencies)

    @cached_property
    def _org_prefix_lengths(self) -> tuple[int, ...]:
        return _lengths(self.org_prefixes)

    @cached_property
    def _program_lengths(self) -> tuple[int, ...]:
        return _lengths(self.programs)

    @cached_property
    def _head_automaton(self) -> ahocorasick.Automaton | None:
        return _automaton(self.heads)

    @cached_property
    def _lexicon_automaton(self) -> ahocorasick.Automaton | None:
        return _automaton(self.programs | self.persons | self.agencies | set(self.firms))

    @cached_property
    def _title_automaton(self) -> ahocorasick.Automaton | None:
        return _automaton(self.titles)

    @cached_property
    def _pair_framework(self) -> re.Pattern[str]:
        pair = "[" + "".join(sorted(self.pair_chars)) + "]{2}"
        words = "|".join(sorted(self.frameworks, key=len, reverse=True))
        return re.compile(f"(?:东西部|东西|{pair})(?:{words})")

    # ------------------------------------------------------------------ find
    def find(
        self, text: str, places: Sequence[tuple[int, int]] = (), breaks: Iterable[int] = ()
    ) -> list[Candidate]:
        """All candidate names in ``text``.

        ``places`` are PLACE spans already found; ``breaks`` are positions
        where the original text had a line break that normalisation removed
        (a scraped page's lines are phrases, but a PDF breaks names too).
        """
        ctx = _Text(text, {s: e for s, e in places}, {e: s for s, e in places}, frozenset(breaks))
        found: list[Candidate] = []
        found += self._titles_in_books(ctx)
        found += self._lexicon(ctx)
        found += self._pair_frameworks(ctx)
        found += self._place_campaigns(ctx)
        found += self._quoted_events(ctx)
        found += self._headed_names(ctx)
        found += self._unquoted_policies(ctx)
        found += self._persons(ctx)
        found += self._speakers(ctx)
        found += self._firm_lists(ctx)
        return found

    # --------------------------------------------------------------- 《…》
    @staticmethod
    def _titles_in_books(ctx: _Text) -> Iterable[Candidate]:
        """Anything in 《》 is a document title (rule 11); nested 《》 stay inside."""
        if "《" not in ctx.text:
            return
        depth, start = 0, -1
        for index, char in enumerate(ctx.text):
            if char == "《":
                if depth == 0:
                    start = index + 1
                depth += 1
            elif char == "》" and depth:
                depth -= 1
                if depth == 0 and index > start:
                    yield Candidate(start, index, "POLICY", "book")

    # ------------------------------------------------------------- lexicons
    def _lexicon(self, ctx: _Text) -> Iterable[Candidate]:
        text = ctx.text
        for start, end, word in _matches(self._lexicon_automaton, text):
            if self._blocked(text, start, end, word):
                continue
            if word[0] in ELIDED_PLACE_CHARS and start > 0 and text[start - 1] in ELIDED_PLACE_CHARS:
                continue  # 县市人民政府: 市人民政府 here belongs to the generic 县市
            if word in self.persons:
                label = "PERSON"
            elif word in self.agencies:
                label = "AGENCY"
            elif word in self.firms:
                label = "FIRM"
                if self.firms[word] != word:
                    end = self._past_industry_word(text, end)  # a short name: 复星医药 is not 复星 (复星国际)
            else:
                label = "PROGRAM"
            yield Candidate(start, end, label, "lexicon")

    def _past_industry_word(self, text: str, end: int) -> int:
        """The end of an industry word or legal form written right after a firm's short name (复星|医药).

        Words that are also verbs (复星投资建设…) are not taken.
        """
        words = (w for w in self.firm_words if w not in _VERB_FIRM_WORDS and text.startswith(w, end))
        return max((end + len(word) for word in words), default=end)

    @staticmethod
    def _quoted_events(ctx: _Text) -> Iterable[Candidate]:
        """``开展“平谷大桃进扎旗”活动``, ``打造“巴山雀舌”区域公用品牌``, ``通过“京品蒙货”线上平台``:
        the quoted words name the event, brand or platform; 活动, 品牌, 平台 are only its kind (rule 6)."""
        for match in _QUOTED_EVENT.finditer(ctx.text):
            yield Candidate(match.start(1), match.end(1), "PROGRAM", "quoted-event")

    def _place_campaigns(self, ctx: _Text) -> Iterable[Candidate]:
        """``上海企业家云南行``, ``甘味天津行``: who or what goes to a place, as a named campaign."""
        text = ctx.text
        for place_start, place_end in ctx.place_starts.items():
            for head in self.campaign_heads:
                end = place_end + len(head)
                if not text.startswith(head, place_end) or text[place_end : end + 1] in self.common:
                    continue
                start = self._extend_left(ctx, place_start, place_start - _CAMPAIGN_LEAD, self.program_inner)
                if start is not None and place_start - start >= 2:  # 家云南行 is a word cut in half
                    yield Candidate(start, end, "PROGRAM", "campaign")

    def _pair_frameworks(self, ctx: _Text) -> Iterable[Candidate]:
        """沪滇协作, 粤滇扶贫协作, 东西部扶贫协作 (rules 4, 5 and 8)."""
        for match in self._pair_framework.finditer(ctx.text):
            yield Candidate(match.start(), match.end(), "PROGRAM", "pairing")

    # ---------------------------------------------------------- head words
    def _blocked(self, text: str, start: int, end: int, word: str) -> bool:
        """Is ``word`` at ``text[start:end]`` really part of a longer ordinary word?"""
        after = self.blocks_after.get(word)
        if after and end < len(text) and text[end] in after:
            return True
        before = self.blocks_before.get(word)
        return bool(before and start > 0 and text[start - 1] in before)

    def _heads(self, text: str) -> dict[int, Head]:
        """The longest unblocked head ending at each position (keyed by end)."""
        best: dict[int, Head] = {}
        for start, end, word in _matches(self._head_automaton, text):
            if self._blocked(text, start, end, word):
                continue
            current = best.get(end)
            if current is None or len(word) > len(current.text):
                best[end] = self.heads[word]
        return best

    def _headed_names(self, ctx: _Text) -> Iterable[Candidate]:
        text = ctx.text
        heads = self._heads(text)
        firm_ends = [end for end, head in heads.items() if head.label == "FIRM" and head.strong]
        for end, head in heads.items():
            head_start = end - len(head.text)
            core_start = self._function_start(text, head_start) if head.label == "AGENCY" else head_start
            start = self._extend_left(ctx, core_start, end - head.max_chars, self._inside.get(head.label, frozenset()))
            if start is None:
                continue
            start = self._after_firm_names(text, start, head_start, head, firm_ends)
            if head.label == "FIRM" and head.strong:
                start = self._registered_place_start(ctx, start)
            start = self._org_prefix_before(text, start)
            start = self._phrase_initial_stop(text, start, core_start, whole_name=head.strong and head.label in ("FIRM", "ORG"))
            start = self._skip_modifiers(ctx, start, core_start, keep_national=head.label == "PROGRAM")
            start = self._trim_to_place(ctx, start, head_start)
            candidate = self._judge(ctx, start, end, head, has_function=core_start < head_start)
            if candidate is not None:
                yield candidate

    def _function_start(self, text: str, head_start: int) -> int:
        """Start of the department function words ending at ``head_start``.

        Functions may be joined (投资促进和经济合作局) and followed by 工作
        (东西部协作和支援合作工作领导小组).
        """
        pos = head_start - 2 if text.endswith("工作", 0, head_start) else head_start
        start = head_start
        while True:
            found = next(
                (pos - n for n in range(min(self.max_function, pos), 0, -1) if text[pos - n : pos] in self.functions),
                None,
            )
            if found is None:
                return start
            start = found
            if found > 0 and text[found - 1] in "和与及":
                pos = found - 1
            else:
                return start

    def _stop_ends_at(self, text: str, pos: int, inside: frozenset[str] = frozenset()) -> bool:
        """Does a stop word end at ``pos``?

        Words in ``inside`` belong to this kind of name instead (投资 in a
        company's name); a one-character stop that forms a common word with
        the next character or ends one with the previous (经 in 经济 or 财经,
        和 in 和平) is not a stop.
        """
        for length in range(min(self.max_stop, pos), 0, -1):
            word = text[pos - length : pos]
            if word in inside:
                return False  # 结对 inside a program name: its 对 is no stop either
            if word in self.stops:
                if length == 1 and (
                    text[pos - 1 : pos + 1] in self.common
                    or (text[pos - 2 : pos] in self.common and word not in _STRICT_STOPS)
                ):
                    continue  # 经 in 经济 or in 财经, 和 in 和平 or in 共和: part of a word
                return True
            if length >= 2 and word in self.titles:
                return True
        return False

    def _extend_left(self, ctx: _Text, pos: int, lower: int, inside: frozenset[str] = frozenset()) -> int | None:
        """Walk left from ``pos`` to where the name starts; None if it runs past ``lower``."""
        text = ctx.text
        lower = max(lower, 0)
        crossed = 0
        while pos > 0:
            if pos in ctx.breaks:
                opens_a_line = (
                    pos in ctx.place_starts
                    and not _wrapped_address_chain(ctx, pos)
                    and not _ASSISTANCE_BEFORE.search(text, max(0, pos - 4), pos)
                )
                if crossed or opens_a_line or not is_han(text[pos - 1]) or text[pos - 1] in _COUNTERS:
                    return pos
                crossed += 1
            if pos in ctx.place_by_end:
                if ctx.place_by_end[pos] < lower:
                    return pos
                pos = ctx.place_by_end[pos]
                continue
            char = text[pos - 1]
            if char in CLOSE_QUOTES or char in ")）":
                opener = _opening(text, pos - 1, lower)
                if opener is None:
                    return pos
                pos = opener
                continue
            if char in _NAME_JOINERS or (char == " " and _digit_space(text, pos - 1)):
                pos -= 1
                continue
            if not (is_han(char) or char.isalnum()):
                return pos
            if char in _COUNTERS and pos >= 2 and (text[pos - 2].isdigit() or text[pos - 2] in _CN_NUMERALS):
                ordinal = _ordinal_start(text, pos - 1)
                if ordinal is None:
                    return pos
                pos = ordinal  # 闽宁协作第二十六次联席会议: an ordinal inside a name
                continue
            if self._stop_ends_at(text, pos, inside):
                return pos
            if pos - 1 < lower:
                return None
            pos -= 1
        return pos

    def _org_prefix_before(self, text: str, start: int) -> int:
        """``中共百色市委``: an official prefix (中共, 民革) that a stop word cut off opens the name."""
        for length in self._org_prefix_lengths:
            if start >= length and text[start - length : start] in self.org_prefixes:
                return start - length
        return start

    @staticmethod
    def _after_firm_names(text: str, start: int, head_start: int, head: Head, firm_ends: list[int]) -> int:
        """``金丝路纺织有限公司迁入喀什经济开发区``: no other kind of name runs over a company's full name."""
        if head.label == "FIRM":
            return start
        return max((end for end in firm_ends if start < end <= head_start), default=start)

    def _registered_place_start(self, ctx: _Text, start: int) -> int:
        """``江苏三和荞麦食品有限公司``: a company's full name opens with its registered place.

        A one-character stop (和, 正, 来) within two characters after a place
        is part of the firm's trade name, so the name starts at the place;
        right after the place a conjunction is one (北京和天津…有限公司).
        """
        stop = start - 1
        if stop < 0 or start in ctx.place_starts or ctx.text[stop] not in self.stops or ctx.text[stop] in _PARTICLES:
            return start  # 泽普县红枣被上海盒马…公司: the name already opens with its place
        for place_end in range(stop, max(stop - 3, 0), -1):
            if place_end in ctx.place_by_end:
                joins = place_end == stop and ctx.text[stop] in _PHRASE_OPENERS
                return start if joins else ctx.place_by_end[place_end]
            char = ctx.text[place_end - 1]
            if not is_han(char) or char in _PARTICLES or char in self.stops:
                break
        return start

    def _phrase_initial_stop(self, text: str, start: int, core_start: int, whole_name: bool = False) -> int:
        """``正泰集团`` at the start of a phrase: the one-character stop 正 opens the name.

        A name has at least two characters before its head, so a single stop
        character that would leave one, with nothing but punctuation (or the
        text's start) before it, belongs to the name; before a company's or
        organisation's full name (``whole_name``: 、正泰集团股份有限公司) it does
        whatever follows it.
        """
        stop = start - 1
        if stop < 0 or text[stop] not in self.stops or not (whole_name or core_start - start == 1):
            return start
        if text[stop] in _PHRASE_OPENERS or text[stop] in _PARTICLES or text[start] in ELIDED_PLACE_CHARS:
            return start  # 由州人民政府, 与商协会: a preposition opens the phrase, not the name
        return stop if stop == 0 or not is_han(text[stop - 1]) else start

    @staticmethod
    def _skip_modifiers(ctx: _Text, start: int, core_start: int, keep_national: bool = False) -> int:
        """Rule 9: descriptive modifiers (国家级) and a leading ordinal (第三届) stay outside the name.

        ``keep_national``: 全国 opens the name of a national event (全国冬季运动会).
        """
        changed = True
        while changed and start < core_start:
            if start in ctx.place_starts or ctx.text[start] not in _MODIFIER_FIRSTS:
                return start  # no modifier can match: the usual case, without trying each
            changed = False
            ordinal = _LEADING_ORDINAL.match(ctx.text, start)
            if ordinal and ordinal.end() < core_start:
                start, changed = ordinal.end(), True
            for modifier in MODIFIERS:
                if keep_national and modifier in _NATIONAL_PREFIXES:
                    continue
                if ctx.text.startswith(modifier, start) and start + len(modifier) <= core_start and start not in ctx.place_starts:
                    start += len(modifier)
                    changed = True
        return start

    def _trim_to_place(self, ctx: _Text, start: int, head_start: int) -> int:
        """``接上海市合作交流办``, ``力争楚雄高新区``: a name starts at its place.

        A few unknown characters before the first place inside a candidate are
        the tail of an unlisted verb, unless they open an official name
        (民革, 中国) or stand for an elided place (州深化…).
        """
        text = ctx.text
        first_place = next((p for p in range(start, head_start) if p in ctx.place_starts), None)
        if first_place is None or first_place == start or first_place - start > 4:
            return start
        lead = text[start:first_place]
        if any(lead.startswith(p) for p in self.org_prefixes) or lead[0] in ELIDED_PLACE_CHARS:
            return start
        if len(lead) >= 2 and lead[0] in self.pair_chars and lead[1] in self.pair_chars:
            return start  # 京蒙巴林右旗肉牛产业园: a pairing opens the name
        if any(q in lead for q in OPEN_QUOTES) or "(" in lead or lead[-1] in _NAME_JOINERS:
            return start  # “…”, (…), 白云·隆林山货节: the lead is part of the name
        return first_place

    def _judge(self, ctx: _Text, start: int, end: int, head: Head, has_function: bool) -> Candidate | None:
        """Decide whether ``text[start:end]`` is a name of ``head.label``."""
        text = ctx.text
        head_start = end - len(head.text)
        name_part = text[start:head_start]
        if not name_part.strip():
            return None
        bare = text[ctx.places_from(start, head_start) : head_start]
        starts_with_place = start in ctx.place_starts
        quoted = any(q in name_part for q in OPEN_QUOTES)
        paired = len(bare) >= 2 and bare[0] in self.pair_chars and bare[1] in self.pair_chars
        judge = self._judges.get(head.label, self._judge_firm_or_org)
        start = judge(ctx, start, head_start, head, bare, starts_with_place, quoted, paired, has_function)
        return None if start is None else Candidate(start, end, head.label, "head")

    def _judge_park(self, ctx, start, head_start, head, bare, starts_with_place, quoted, paired, _fn) -> int | None:
        if ctx.places_from(start, head_start + len(head.text)) == head_start + len(head.text):
            return None  # 滨海新区 is a district, 天津市滨海新区 and 上海浦东新区 are address chains: places win
        if head.text in _ANCHORED_PARK_HEADS and not (starts_with_place or paired or quoted):
            return None  # 肉牛养殖基地: a base names a park only with a place or pairing
        if bare and (bare in self.generic_cores or self._kind_of_park(ctx, start, head_start, head, bare)):
            return None  # 绿色低碳示范园, 服装产业园, 甘肃省工业园区: kinds of park; 化德服装产业园 is named
        if not bare and not starts_with_place:
            return None
        return self._split_full_place(ctx, start, head_start)

    def _kind_of_park(self, ctx: _Text, start: int, head_start: int, head: Head, bare: str) -> bool:
        """Does a core of descriptive words make this a kind of park, not one named by short places before it?"""
        if not self._describes(_without_quoted_programs(bare, self.programs)):
            return False
        return "基地" in head.text or not _opens_with_short_places(ctx, start, head_start)

    def _generic_core(self, bare: str, starts_with_place: bool) -> bool:
        """Is ``bare`` generic (农业大学), and not a field after a place (山东农业大学)?"""
        return bare in self.generic_cores and not (starts_with_place and bare in self.field_cores)

    def _describes(self, core: str) -> bool:
        """Is ``core`` made only of descriptive words (绿色低碳示范)?  Empty counts."""
        reachable = [True] + [False] * len(core)
        for end in range(1, len(core) + 1):
            reachable[end] = any(reachable[s] and core[s:end] in self.descriptive for s in range(max(0, end - 5), end))
        return reachable[-1]

    def _judge_program(self, ctx, start, head_start, head, bare, starts_with_place, quoted, paired, _fn) -> int | None:
        text = ctx.text
        start = self._skip_organiser(text, start, head_start)
        start = self._trim_to_lexicon(ctx, start, head_start)
        name_part = text[start:head_start]
        if len(name_part) < 2 or bare in self.generic_cores or _PHASE.search(name_part):
            return None  # 凭祥产业园首期工程: a phase of the works, not a programme
        inner = name_part.strip("“”\"'‘’")
        if quoted and ctx.is_place(start + 1, start + 1 + len(inner)):
            return None  # “成渝经济圈”战略: a quoted place is the PLACE, not a program
        if head.text in _QUOTED_PROGRAM_HEADS and not quoted:
            return None  # 开发区布局 is a verb phrase; “五位一体”总体布局 is a name
        is_plan = head.text in _PLAN_HEADS and len(name_part) >= 4
        listed = self._has_program(name_part)
        if not (quoted or paired or listed) and self._describes(bare):
            return None  # 云南特色旅游推介会: a kind of event, not a named one
        national = any(text.startswith(p, start) and head_start - start - len(p) >= 2 for p in _NATIONAL_PREFIXES)
        end = head_start + len(head.text)
        wrapped = start > 0 and text[start - 1] in OPEN_QUOTES and end < len(text) and text[end] in CLOSE_QUOTES
        anchored = quoted or wrapped or starts_with_place or paired or listed or national  # wrapped: “白云·隆林山货节”
        if not (anchored or is_plan or _YEAR_WORD.search(name_part) or name_part.endswith("年")):
            return None
        return self._split_full_place(ctx, start, head_start)

    def _judge_agency(self, ctx, start, head_start, head, bare, starts_with_place, quoted, paired, has_function) -> int | None:
        text = ctx.text
        start = self._split_listed_agency(text, start, head_start)
        autonomous = text.startswith(ELIDED_AUTONOMOUS, start)
        elided = text[start] in ELIDED_PLACE_CHARS or autonomous
        prefixed = next(_words_at(text, start, self.org_prefixes, self._org_prefix_lengths), None) is not None
        has_place = starts_with_place or any(p in ctx.place_by_end for p in range(start + 1, head_start + 1))
        single_char_head = len(head.text) == 1
        if bare in self.generic_cores:
            return None
        if head.strong:
            return start if (has_place or elided or prefixed or quoted or paired or has_function or len(bare) >= 2) else None
        if has_function:
            return start
        if single_char_head:
            return start if (has_place or prefixed or autonomous) and len(bare) <= 6 else None
        return start if (has_place or elided or prefixed or quoted or paired) and len(bare) <= 8 else None

    def _judge_firm_or_org(self, ctx, start, head_start, head, bare, starts_with_place, quoted, paired, _fn) -> int | None:
        name_part = ctx.text[start:head_start]
        if len(name_part) < 2 or (not bare and not starts_with_place):
            return None
        if start > 0 and ctx.text[start - 1] == "某":
            return None  # 甘肃某建材有限公司: an anonymised firm has no name
        if self._generic_core(bare, starts_with_place):
            return None  # 农业大学 is a kind; 山东农业大学 is a university
        return start

    def _split_listed_agency(self, text: str, start: int, head_start: int) -> int:
        """``省委省政府``: two listed bodies written together are two names."""
        for agency in _words_at(text, start, self.agencies, self._agency_lengths):
            end = start + len(agency)
            if end < head_start and text[end] in ELIDED_PLACE_CHARS:
                return end
        return start

    def _skip_organiser(self, text: str, start: int, head_start: int) -> int:
        """``中央东西部扶贫协作座谈会``: the organiser (中央) is an AGENCY of its own."""
        for agency in _words_at(text, start, self.agencies, self._agency_lengths):
            if start + len(agency) < head_start - 1:
                return start + len(agency)
        return start

    def _trim_to_lexicon(self, ctx: _Text, start: int, head_start: int) -> int:
        """``做实携手奔小康行动``, ``本文系2022年国家社科基金``: a listed program starts the name.

        What precedes it is dropped when it is a short verb or holds a number;
        a place before it stays (云南消费扶贫专区).
        """
        text = ctx.text
        if start in ctx.place_starts:
            return start
        for pos in range(start + 1, head_start):
            if next(_words_at(text, pos, self.programs, self._program_lengths), None) is not None:
                prefix = text[start:pos]
                if prefix[-1] in OPEN_QUOTES:
                    return start  # “万企兴万村”行动: the quote opens the name (rule 6)
                if prefix[0] in self.pair_chars and prefix[-1] in self.pair_chars and len(prefix) == 2:
                    return start  # 浙川东西部协作产品博览会: the pairing opens the name
                if len(prefix) <= 2 or any(c.isdigit() for c in prefix):
                    return pos
                return start
        return start

    def _has_program(self, name_part: str) -> bool:
        return any(program in name_part for program in self.programs)

    def _split_full_place(self, ctx: _Text, start: int, head_start: int) -> int:
        """Rule 10: ``楚雄州禄武产业新区`` → the park starts after the full place name."""
        text = ctx.text
        pos = start
        while pos in ctx.place_starts and ctx.place_starts[pos] <= head_start:
            nxt = ctx.place_starts[pos]
            if not is_full_place_name(text[pos:nxt]):
                break  # 墨玉县北京工业园: the park's own name opens with a short place name
            pos = nxt
        rest = text[pos:head_start]
        if pos > start and len(rest) >= 2 and rest not in self.generic_cores and rest[0] not in _NAME_JOINERS:
            return pos  # but 岷县—天津中药材加工园 joins two places into one name
        return start

    # ------------------------------------------------------------ policies
    def _unquoted_policies(self, ctx: _Text) -> Iterable[Candidate]:
        """Rule 11: unquoted titles ending in 方案, 规划, 意见, 办法, 通知 … (not inside 《》)."""
        text = ctx.text
        for match in _POLICY_TITLE.finditer(text):
            end = match.end()
            if _inside_book(text, end):
                continue
            guanyu = text.rfind("关于", max(0, end - 60), end)
            if guanyu >= 0 and not _SENTENCE_PUNCT.search(text, guanyu, end):
                start = self._issuer_start(ctx, guanyu)
            else:
                start = self._extend_left(ctx, match.start(), end - 40, self.policy_inner)
                if start is None or start not in ctx.place_starts:
                    continue
                if text[ctx.places_from(start, match.start()) : match.start()] in _VERB_ADVERBS:
                    continue  # 深圳与崇左市共同规划: a verb phrase, not a title
            if end - start >= 6:
                yield Candidate(start, end, "POLICY", "title")

    def _issuer_start(self, ctx: _Text, guanyu: int) -> int:
        """A title may open with its issuer: ``楚雄州人民政府办公室关于…的通知``.

        An issuer set apart by a line break or a gap (a document's header:
        ``宁波市…局 凉山州乡村振兴局 关于…的通知``) is not part of the title.
        """
        head = self._heads(ctx.text[:guanyu]).get(guanyu)
        if head is None or head.label != "AGENCY" or guanyu in ctx.breaks:
            return guanyu
        core = self._function_start(ctx.text, guanyu - len(head.text))
        start = self._extend_left(ctx, core, guanyu - head.max_chars)
        return guanyu if start is None else start

    # -------------------------------------------------------------- people
    def _persons(self, ctx: _Text) -> Iterable[Candidate]:
        """Names next to titles: ``张勇委员``, ``副主任施榆兵``, ``联系人：陈芳``, and bylines."""
        text = ctx.text
        titles = [(start, end, title) for start, end, title in _matches(self._title_automaton, text)
                  if not self._blocked(text, start, end, title)]
        byline = _BYLINE.match(text)
        if not titles and byline is None:
            return  # most texts: no need to mark where the places are
        occupied = [False] * (len(text) + 1)
        for start, end in ctx.place_starts.items():
            occupied[start:end] = [True] * (end - start)
        for start, end, title in titles:
            before = self._name_before(text, start, occupied, ctx.breaks)
            if before is not None and _could_be_a_name(text[before:start]):
                yield Candidate(before, start, "PERSON", "title")
            name_start = end + 1 if end < len(text) and text[end] in "：: " else end
            after = self._name_after(text, name_start, _free_for_a_name(ctx, occupied, name_start), ctx.breaks)
            if after is not None and _could_be_a_name(text[name_start:after]):
                yield Candidate(name_start, after, "PERSON", "title")
        if byline and self._is_surname_at(text, 0) and not any(occupied[: byline.end(1)]) and byline.group(1) not in common_words():
            yield Candidate(0, byline.end(1), "PERSON", "byline")

    def _speakers(self, ctx: _Text) -> Iterable[Candidate]:
        """``据马文斌介绍``, ``，李红梅说``: a name that opens a clause and says something, without a title."""
        text = ctx.text
        for match in _SPEAKER.finditer(text):
            start, end = match.start(1), match.end(1)
            if end in ctx.place_by_end or start in ctx.place_starts:
                continue
            surname = self._is_surname_at(text, start)
            if surname and end - start - surname in (1, 2) and _could_be_a_name(text[start:end]):
                yield Candidate(start, end, "PERSON", "speaker")

    def _is_surname_at(self, text: str, pos: int) -> int:
        """Length of the surname starting at ``pos`` (0 if none)."""
        if text[pos : pos + 2] in self.surnames:
            return 2
        return 1 if text[pos : pos + 1] in self.surnames else 0

    def _name_before(self, text: str, title_start: int, occupied: list[bool], breaks: frozenset[int]) -> int | None:
        """A 2–3 character name ending at a title; a clear left edge is preferred."""
        options = []
        for length in (3, 2):
            start = title_start - length
            if start < 0 or any(occupied[start:title_start]):
                continue
            if all(is_han(c) for c in text[start:title_start]) and self._is_surname_at(text, start):
                options.append(start)
        for start in options:
            if start == 0 or start in breaks or not is_han(text[start - 1]) or self._stop_ends_at(text, start) or self._title_ends_at(text, start):
                return start
        two = title_start - 2
        honorific = any(text.startswith(t, title_start) for t in _HONORIFICS)
        return two if two in options and honorific else None

    def _title_ends_at(self, text: str, pos: int) -> bool:
        return any(text.endswith(t, 0, pos) for t in self.titles)

    def _name_after(self, text: str, pos: int, occupied: list[bool], breaks: frozenset[int]) -> int | None:
        """A 2–3 character name right after a title, ending where a clear right edge is.

        The edge is punctuation, a line break, a word that follows names
        (表示, 一行), a title, or else a common word (副厅长刘春明推介了…, 刘洋挂职…):
        a 3-character reading is tried before a 2-character one each time.
        """
        if pos >= len(text):
            return None
        dotted = self._transliterated_name_after(text, pos, occupied, breaks)
        if dotted is not None:
            return dotted
        surnamed = self._surnamed_name_after(text, pos, occupied, breaks) if self._is_surname_at(text, pos) else None
        return surnamed if surnamed is not None else self._name_without_surname_after(text, pos, occupied, breaks)

    def _surnamed_name_after(self, text: str, pos: int, occupied: list[bool], breaks: frozenset[int]) -> int | None:
        """A Han name (surname first) of 2–3 characters at ``pos``."""
        if text[pos] in _CONJUNCTIONS and text[pos + 1 : pos + 3] in self.common:
            return None  # 干部和群众: a conjunction and a word, not 和 the surname
        lengths = [n for n in (3, 2) if pos + n <= len(text) and not any(occupied[pos : pos + n])
                   and all(is_han(c) for c in text[pos : pos + n]) and text[pos + n - 1] not in _NEVER_LAST]
        for end in (pos + n for n in lengths):
            if (
                self._hard_edge(text, end, breaks)
                or (text[end] in _CLAUSE_CHARS and text[end - 1 : end + 1] not in self.common)  # not 王斌|担任
                or any(text.startswith(t, end) for t in self.titles)
            ):
                return end
        if text[pos : pos + 2] in self.common:
            return None  # 总书记强调要做好…: a word, not a name, follows the title
        return next((pos + n for n in lengths if text[pos + n : pos + n + 2] in self.common), None)

    def _name_without_surname_after(self, text: str, pos: int, occupied: list[bool], breaks: frozenset[int]) -> int | None:
        """A Tibetan, Uyghur or Mongolian name after a title (医生扎西正在…, 记者 阿依古丽）, 牧民乌云其木格高兴地说).

        Without a surname to read it by, the name needs a hard right edge
        (punctuation, a line break or a word that follows names) and must be
        written in the syllables such names use (``transcribed_name_chars.txt``):
        记者了解到 and 干部获评 are no names.
        """
        for n in (5, 4, 3, 2):
            end = pos + n
            reading = text[pos:end]
            if end > len(text) or any(occupied[pos:end]) or not all(is_han(c) for c in reading):
                continue
            if not self.transcribed_chars.issuperset(reading):
                continue  # 视点, 获评: words, not a transcribed name
            if reading[-1] in _AFTER_NAME_CHARS or text[end - 1 : end + 1] in self.common:
                continue  # 扎西正|在: the name does not end inside a word (正在)
            if self._hard_edge(text, end, breaks):
                return end
        return None

    def _transliterated_name_after(self, text: str, pos: int, occupied: list[bool], breaks: frozenset[int]) -> int | None:
        """A name in two parts joined by a middle dot (艾尔肯·吐尼亚孜会见…), ending at a hard edge."""
        first = _TRANSLITERATED_FIRST.match(text, pos)
        if first is None:
            return None
        for end in range(first.end() + 2, min(len(text), first.end() + _MAX_SECOND_PART) + 1):
            if not self.transcribed_chars.issuperset(text[first.end() : end]) or any(occupied[pos:end]):
                return None
            if self._hard_edge(text, end, breaks):
                return end
        return None

    @staticmethod
    def _hard_edge(text: str, end: int, breaks: frozenset[int]) -> bool:
        return (
            end == len(text) or end in breaks or not is_han(text[end])
            or text.startswith(_AFTER_NAME, end) or text[end] in _AFTER_NAME_CHARS
        )

    # --------------------------------------------------------------- firms
    def _firm_lists(self, ctx: _Text) -> Iterable[Candidate]:
        """``引入隆基绿能、晶科能源、龙佰钛业等``: listed names that end like firms are FIRMs."""
        text = ctx.text
        for lead in _FIRM_LIST_LEAD.finditer(text):
            pos = lead.end()
            items = []
            while True:
                item = _LIST_ITEM.match(text, pos)
                if item is None:
                    break
                end = item.end()
                cut = text.find("等", pos, end)
                if cut > pos:
                    end = cut
                items.append((pos, end))
                if end >= len(text) or text[end] != "、":
                    break
                pos = end + 1
            if len(items) < 2:
                continue
            for start, end in items:
                name = text[start:end]
                if name in self.firms or any(name.endswith(w) for w in self.firm_words if len(name) > len(w)):
                    if not ctx.is_place(start, end):
                        yield Candidate(start, end, "FIRM", "list")


def _free_for_a_name(ctx: _Text, occupied: list[bool], pos: int) -> list[bool]:
    """``occupied`` with a place short form freed where it lies inside a three-character name at ``pos``.

    Right after a title a name is expected, not a place: 副市长郭玉林 holds 玉林 (玉林市),
    局长于洪波 holds 于洪 (于洪区). Only a two-character short form is freed, and only when
    the rest of the three characters is free; full names (玉林市) still block.
    """
    for start in (pos, pos + 1):
        end = ctx.place_starts.get(start)
        rest = range(pos, pos + 3)
        if end == start + 2 and not is_full_place_name(ctx.text[start:end]) and not any(
            occupied[i] for i in rest if not start <= i < end
        ):
            freed = occupied[:]
            freed[start:end] = [False] * 2
            return freed
    return occupied


def _ordinal_start(text: str, counter: int) -> int | None:
    """Where the ordinal ``第…`` ending in the counter at ``counter`` starts (第二十六次), None if it is no ordinal."""
    pos = counter
    while pos > 0 and (text[pos - 1].isdigit() or text[pos - 1] in _CN_NUMERALS):
        pos -= 1
    return pos - 1 if pos > 0 and text[pos - 1] == "第" and pos < counter else None


def _could_be_a_name(name: str) -> bool:
    """Not a common two-character word (党政, 相信), not ending in a verb of saying (卓玛说), no space inside.

    Three-character words of jieba's dictionary include people's names (王晓东), so only
    two-character words rule a reading out.
    """
    common = len(name) == 2 and name in common_words()
    title_part = name.endswith("副")  # 自治区副主席: 副 belongs to the title
    return (
        not (common or title_part)
        and name[-1] not in _AFTER_NAME_CHARS
        and name[-1] not in _NEVER_LAST
        and not any(c.isspace() for c in name)
    )


def _opening(text: str, close: int, lower: int) -> int | None:
    """Index of the quote or bracket that the closer at ``close`` matches.

    Brackets only count when short and free of list punctuation: ``中国(云南)``
    is part of a name, ``(带资金带项目、转观念)`` is an explanation.
    """
    closer = text[close]
    opener = {"”": "“", "’": "‘", "」": "「", "』": "『", ")": "(", "）": "（"}.get(closer, closer)
    found = text.rfind(opener, max(lower, close - 20), close)
    if found < 0:
        return None
    if closer in ")）" and (close - found > 8 or any(c in "、，,；" for c in text[found:close])):
        return None
    return found


def _wrapped_address_chain(ctx: _Text, pos: int) -> bool:
    """``云南省⏎弥渡县人民政府``: two places meet at a line break, an address chain wrapped by a PDF.

    The same name on both sides (``喀什⏎喀什远航服饰有限公司``) is a page's
    breadcrumb line and then its heading, not a chain.
    """
    before, after = ctx.place_by_end.get(pos), ctx.place_starts.get(pos)
    return before is not None and after is not None and ctx.text[before:pos] != ctx.text[pos:after]


def _opens_with_short_places(ctx: _Text, start: int, head_start: int) -> bool:
    """``化德服装产业园``, ``子长梁溪现代农业产业园``: short place names make a kind of park a named one.

    A full administrative name before a kind of park is its address
    (云南省绿色低碳示范产业园区, 多伦县马铃薯种薯繁育基地), not part of a name;
    a base needs more than a short place (贵州蔬菜基地 is a kind of base in 贵州).
    """
    pos = start
    while pos in ctx.place_starts and ctx.place_starts[pos] <= head_start:
        if is_full_place_name(ctx.text[pos : ctx.place_starts[pos]]):
            return False
        pos = ctx.place_starts[pos]
    return pos > start


def _without_quoted_programs(core: str, programs: frozenset[str]) -> str:
    """``“飞地经济”试验``: drop quoted program names, which describe the park."""
    return re.sub(r"[“\"‘]([^”\"’]{1,12})[”\"’]", lambda m: "" if m.group(1) in programs else m.group(0), core)


def _digit_space(text: str, index: int) -> bool:
    """A space between a digit and a CJK character, as in ``楚雄州 2023 年``."""
    left = text[index - 1] if index else ""
    right = text[index + 1] if index + 1 < len(text) else ""
    return (left.isdigit() and is_han(right)) or (right.isdigit() and is_han(left))


def _inside_book(text: str, pos: int) -> bool:
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)
