"""Rule-based recognition of named bodies, firms, parks, programs, policies and people.

Chinese names of organisations end in a *head word* (…局, …委员会, …有限公司,
…产业园, …行动) and start wherever the text stops describing and starts naming.
This module finds heads, walks left from each to the name's first character
(over places, quoted parts and bracketed parts, stopping at function words and
verbs), and checks the result against the span rules of ANNOTATION.md.  It
also finds 《titles》, pairing frameworks (沪滇协作), listed programs, and people
next to their titles.

Everything works on the *normalised* text (simplified, no spaces between CJK
characters) and returns character offsets into it; the caller maps them back
to the original.  All word lists are data in ``pipelines/rules`` and
``seeds/lexicons``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import ahocorasick

from kg.resources import LEXICON_DIR, RULES_DIR, read_rows, read_words

ADMIN_SUFFIXES = ("自治州", "自治县", "自治旗", "自治区", "省", "市", "州", "县", "区", "旗", "盟", "镇", "乡", "村")
"""What makes a place name 'full' (ANNOTATION.md rule 10)."""

ELIDED_PLACE_CHARS = frozenset("省州市县区旗盟镇乡")
"""A body named with its place elided (州乡村振兴局, 市政府) starts with one of these."""

MODIFIERS = ("国家级", "省级", "市级", "州级", "县级", "全国首个", "全国", "首批", "首个", "新建", "新设", "现有", "全新")
"""Descriptive modifiers that stay outside a name (rule 9)."""

OPEN_QUOTES = "“\"'‘「『"
CLOSE_QUOTES = "”\"'’」』"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


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


def is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))


def _automaton(words: Iterable[str]) -> ahocorasick.Automaton | None:
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    if len(automaton) == 0:
        return None
    automaton.make_automaton()
    return automaton


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
        self.head_blocks = {row[0]: frozenset(row[1]) for row in read_rows(rules_dir / "head_blocks.tsv")}
        self.head_blocks_before = {
            row[0]: frozenset(row[1]) for row in read_rows(rules_dir / "head_blocks_before.tsv") if len(row) > 1
        }
        self.stops = read_words(rules_dir / "left_stops.txt")
        self.functions = read_words(rules_dir / "agency_functions.txt")
        self.org_prefixes = read_words(rules_dir / "org_prefixes.txt")
        self.generic_cores = read_words(rules_dir / "generic_cores.txt")
        self.titles = read_words(rules_dir / "person_titles.txt")
        self.surnames = read_words(rules_dir / "surnames.txt")
        self.programs = read_words(lexicon_dir / "programs.tsv")
        self.persons = read_words(lexicon_dir / "persons.tsv")
        self.agencies = read_words(lexicon_dir / "agencies.tsv")
        self.pair_chars = read_words(lexicon_dir / "pairs.tsv")
        self.frameworks = read_words(rules_dir / "framework_words.txt")
        self.max_stop = max(map(len, self.stops))
        self.max_function = max(map(len, self.functions))

    @cached_property
    def _head_automaton(self) -> ahocorasick.Automaton | None:
        return _automaton(self.heads)

    @cached_property
    def _lexicon_automaton(self) -> ahocorasick.Automaton | None:
        return _automaton(self.programs | self.persons | self.agencies)

    @cached_property
    def _title_automaton(self) -> ahocorasick.Automaton | None:
        return _automaton(self.titles)

    @cached_property
    def _pair_framework(self) -> re.Pattern[str]:
        pair = "[" + "".join(sorted(self.pair_chars)) + "]{2}"
        words = "|".join(sorted(self.frameworks, key=len, reverse=True))
        return re.compile(f"(?:东西部|东西|{pair})(?:{words})")

    # ------------------------------------------------------------------ find
    def find(self, text: str, places: Sequence[tuple[int, int]] = ()) -> list[Candidate]:
        """All candidate names in ``text``; ``places`` are PLACE spans already found."""
        place_by_end = {end: start for start, end in places}
        place_starts = {start: end for start, end in places}
        found: list[Candidate] = []
        found += self._titles_in_books(text)
        found += self._lexicon(text)
        found += self._pair_frameworks(text)
        found += self._headed_names(text, place_by_end, place_starts)
        found += self._persons(text, place_by_end, place_starts)
        return found

    # --------------------------------------------------------------- 《…》
    def _titles_in_books(self, text: str) -> Iterable[Candidate]:
        """Anything in 《》 is a document title (rule 11); nested 《》 stay inside."""
        depth, start = 0, -1
        for index, char in enumerate(text):
            if char == "《":
                if depth == 0:
                    start = index + 1
                depth += 1
            elif char == "》" and depth:
                depth -= 1
                if depth == 0 and index > start:
                    yield Candidate(start, index, "POLICY", "book")

    # ------------------------------------------------------------- lexicons
    def _lexicon(self, text: str) -> Iterable[Candidate]:
        for start, end, word in _matches(self._lexicon_automaton, text):
            label = "PERSON" if word in self.persons else "AGENCY" if word in self.agencies else "PROGRAM"
            yield Candidate(start, end, label, "lexicon")

    def _pair_frameworks(self, text: str) -> Iterable[Candidate]:
        """沪滇协作, 粤滇扶贫协作, 东西部扶贫协作 (rules 4, 5 and 8)."""
        for match in self._pair_framework.finditer(text):
            yield Candidate(match.start(), match.end(), "PROGRAM", "pairing")

    # ---------------------------------------------------------- head words
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

    def _headed_names(
        self, text: str, place_by_end: dict[int, int], place_starts: dict[int, int]
    ) -> Iterable[Candidate]:
        for end, head in self._heads(text).items():
            head_start = end - len(head.text)
            core_start = self._function_start(text, head_start) if head.label == "AGENCY" else head_start
            has_function = core_start < head_start
            start = self._extend_left(text, core_start, end - head.max_chars, place_by_end)
            if start is None:
                continue
            start = self._skip_modifiers(text, start, core_start, place_starts)
            if head.label == "POLICY":
                continue
            candidate = self._judge(text, start, core_start, end, head, has_function, place_by_end, place_starts)
            if candidate is not None:
                yield candidate
        yield from self._unquoted_policies(text, place_by_end, place_starts)

    def _blocked(self, text: str, start: int, end: int, word: str) -> bool:
        """Is ``word`` at ``text[start:end]`` really part of a longer ordinary word?"""
        after = self.head_blocks.get(word)
        if after and end < len(text) and text[end] in after:
            return True
        before = self.head_blocks_before.get(word)
        return bool(before and start > 0 and text[start - 1] in before)

    def _function_start(self, text: str, head_start: int) -> int:
        """Start of the longest department function word ending at ``head_start``."""
        for length in range(min(self.max_function, head_start), 0, -1):
            if text[head_start - length : head_start] in self.functions:
                return head_start - length
        return head_start

    def _stop_ends_at(self, text: str, pos: int) -> bool:
        for length in range(min(self.max_stop, pos), 0, -1):
            if text[pos - length : pos] in self.stops:
                return True
        return False

    def _extend_left(self, text: str, pos: int, lower: int, place_by_end: dict[int, int]) -> int | None:
        """Walk left from ``pos`` to where the name starts; None if it runs past ``lower``."""
        lower = max(lower, 0)
        while pos > 0:
            if pos in place_by_end:
                if place_by_end[pos] < lower:
                    return pos
                pos = place_by_end[pos]
                continue
            char = text[pos - 1]
            if char in CLOSE_QUOTES or char in ")）":
                opener = _opening(text, pos - 1, lower)
                if opener is None:
                    return pos
                pos = opener
                continue
            if char == "·" or (char == " " and _digit_space(text, pos - 1)):
                pos -= 1
                continue
            if not (is_cjk(char) or char.isalnum()):
                return pos
            if self._stop_ends_at(text, pos):
                return pos
            if pos - 1 < lower:
                return None
            pos -= 1
        return pos

    def _skip_modifiers(self, text: str, start: int, core_start: int, place_starts: dict[int, int]) -> int:
        changed = True
        while changed and start < core_start:
            changed = False
            for modifier in MODIFIERS:
                if text.startswith(modifier, start) and start + len(modifier) <= core_start and start not in place_starts:
                    start += len(modifier)
                    changed = True
        return start

    def _judge(
        self,
        text: str,
        start: int,
        core_start: int,
        end: int,
        head: Head,
        has_function: bool,
        place_by_end: dict[int, int],
        place_starts: dict[int, int],
    ) -> Candidate | None:
        """Decide whether ``text[start:end]`` is a name of ``head.label``."""
        head_start = end - len(head.text)
        name_part = text[start:head_start]
        if not name_part.strip():
            return None
        bare = _without_places(text, start, head_start, place_starts)
        starts_with_place = start in place_starts
        elided = text[start] in ELIDED_PLACE_CHARS and start + 1 <= head_start
        prefixed = any(name_part.startswith(p) for p in self.org_prefixes)
        quoted = any(q in name_part for q in OPEN_QUOTES)
        paired = len(bare) >= 2 and bare[0] in self.pair_chars and bare[1] in self.pair_chars
        generic = bare in self.generic_cores or not bare and not starts_with_place
        label = head.label
        if label == "PARK":
            if generic and not starts_with_place:
                return None
            start = self._split_full_place(text, start, head_start, place_starts)
            return Candidate(start, end, label, "head")
        if label == "PROGRAM":
            start = self._skip_organiser(text, start, head_start)
            name_part = text[start:head_start]
            if not (quoted or starts_with_place or paired or self._has_program(name_part) or _has_year_word(name_part)):
                return None
            if bare in self.generic_cores or len(name_part) < 2:
                return None
            return Candidate(start, end, label, "head")
        if label == "AGENCY":
            anchored = starts_with_place or elided or prefixed or quoted or paired or any(
                s in place_by_end for s in range(start + 1, head_start + 1)
            )
            if head.strong and (anchored or has_function or len(bare) >= 2) and bare not in self.generic_cores:
                return Candidate(start, end, label, "head")
            if anchored and (has_function or len(bare) <= 8):
                return Candidate(start, end, label, "head")
            if has_function and not head.strong and len(head.text) == 1 and bare == text[core_start:head_start]:
                return Candidate(start, end, label, "head") if core_start == start else None
            return None
        # FIRM and ORG: any non-generic name of two or more characters
        if generic or len(name_part) < 2 or bare in self.generic_cores:
            return None
        return Candidate(start, end, label, "head")

    def _skip_organiser(self, text: str, start: int, head_start: int) -> int:
        """``中央东西部扶贫协作座谈会``: the organiser (中央) is an AGENCY of its own."""
        for agency in sorted(self.agencies, key=len, reverse=True):
            if text.startswith(agency, start) and start + len(agency) < head_start - 1:
                return start + len(agency)
        return start

    def _has_program(self, name_part: str) -> bool:
        return any(program in name_part for program in self.programs)

    def _split_full_place(self, text: str, start: int, head_start: int, place_starts: dict[int, int]) -> int:
        """Rule 10: ``楚雄州禄武产业新区`` → the park starts after the full place name."""
        pos = start
        while pos in place_starts and place_starts[pos] <= head_start:
            nxt = place_starts[pos]
            if not text[pos:nxt].endswith(ADMIN_SUFFIXES):
                return start
            pos = nxt
        rest = text[pos:head_start]
        if pos > start and len(rest) >= 2 and rest not in self.generic_cores:
            return pos
        return start

    def _unquoted_policies(
        self, text: str, place_by_end: dict[int, int], place_starts: dict[int, int]
    ) -> Iterable[Candidate]:
        """Rule 11: unquoted titles ending in 方案, 规划, 意见, 办法, 通知 … (not inside 《》)."""
        for match in _POLICY_TITLE.finditer(text):
            end = match.end()
            if _inside_book(text, end):
                continue
            guanyu = text.rfind("关于", max(0, end - 60), end)
            if guanyu >= 0 and not _SENTENCE_PUNCT.search(text, guanyu, end):
                start = self._issuer_start(text, guanyu, place_by_end)
            else:
                start = self._extend_left(text, match.start(), end - 40, place_by_end)
                if start is None or start not in place_starts:
                    continue
            if end - start >= 6:
                yield Candidate(start, end, "POLICY", "title")

    def _issuer_start(self, text: str, guanyu: int, place_by_end: dict[int, int]) -> int:
        """A title may open with its issuer: ``楚雄州人民政府办公室关于…的通知``."""
        heads = self._heads(text[:guanyu])
        head = heads.get(guanyu)
        if head is None or head.label != "AGENCY":
            return guanyu
        core = self._function_start(text, guanyu - len(head.text))
        start = self._extend_left(text, core, guanyu - head.max_chars, place_by_end)
        return guanyu if start is None else start

    # -------------------------------------------------------------- people
    def _persons(self, text: str, place_by_end: dict[int, int], place_starts: dict[int, int]) -> Iterable[Candidate]:
        """Names next to titles: ``张勇委员``, ``副主任施榆兵``, ``联系人：陈芳``."""
        occupied = [False] * (len(text) + 1)
        for start, end in place_starts.items():
            for i in range(start, end):
                occupied[i] = True
        for start, end, title in _matches(self._title_automaton, text):
            if self._blocked(text, start, end, title):
                continue
            before = self._name_before(text, start, occupied)
            if before is not None:
                yield Candidate(before, start, "PERSON", "title")
            after = self._name_after(text, end, occupied)
            if after is not None:
                yield Candidate(end if text[end] not in "：: " else end + 1, after, "PERSON", "title")

    def _is_surname_at(self, text: str, pos: int) -> int:
        """Length of the surname starting at ``pos`` (0 if none)."""
        if text[pos : pos + 2] in self.surnames:
            return 2
        return 1 if text[pos : pos + 1] in self.surnames else 0

    def _name_before(self, text: str, title_start: int, occupied: list[bool]) -> int | None:
        for length in (3, 2):
            start = title_start - length
            if start < 0 or any(occupied[start:title_start]):
                continue
            name = text[start:title_start]
            if not all(is_cjk(c) for c in name) or not self._is_surname_at(text, start):
                continue
            if start == 0 or not is_cjk(text[start - 1]) or self._stop_ends_at(text, start) or self._title_ends_at(text, start):
                return start
        return None

    def _title_ends_at(self, text: str, pos: int) -> bool:
        return any(text[max(0, pos - len(t)) : pos] == t for t in ("书记", "主任", "局长", "委员", "主席", "代表"))

    def _name_after(self, text: str, title_end: int, occupied: list[bool]) -> int | None:
        pos = title_end
        if pos < len(text) and text[pos] in "：: ":
            pos += 1
        if pos >= len(text) or not self._is_surname_at(text, pos):
            return None
        for length in (3, 2):
            end = pos + length
            if end > len(text) or any(occupied[pos:end]):
                continue
            if not all(is_cjk(c) for c in text[pos:end]):
                continue
            if end == len(text) or not is_cjk(text[end]) or text[end : end + 2] in _AFTER_NAME or text[end] in _AFTER_NAME_CHARS:
                return end
        return None


_AFTER_NAME = frozenset({"介绍", "表示", "指出", "强调", "一行", "带队", "率队", "主持", "出席", "同志", "在", "说", "称", "认为", "提出"})
_AFTER_NAME_CHARS = frozenset("说称等在和与、")
_POLICY_TITLE = re.compile(r"(?:实施方案|工作方案|行动方案|方案|规划|实施意见|指导意见|意见|管理办法|实施办法|办法|通知|通报|决定|条例|实施细则)(?:[(（][^()（）]{1,12}[)）])?")
_SENTENCE_PUNCT = re.compile(r"[。！？；;，,：:《》]")


def _opening(text: str, close: int, lower: int) -> int | None:
    """Index of the quote or bracket that the closer at ``close`` matches."""
    closer = text[close]
    opener = {"”": "“", "’": "‘", "」": "「", "』": "『", ")": "(", "）": "（"}.get(closer, closer)
    found = text.rfind(opener, max(lower, close - 20), close)
    return found if found >= 0 else None


def _digit_space(text: str, index: int) -> bool:
    """A space between a digit and a CJK character, as in ``楚雄州 2023 年``."""
    left = text[index - 1] if index else ""
    right = text[index + 1] if index + 1 < len(text) else ""
    return (left.isdigit() and is_cjk(right)) or (right.isdigit() and is_cjk(left))


def _without_places(text: str, start: int, end: int, place_starts: dict[int, int]) -> str:
    """``text[start:end]`` with the place names at its start removed."""
    pos = start
    while pos in place_starts and place_starts[pos] <= end:
        pos = place_starts[pos]
    return text[pos:end]


def _has_year_word(name_part: str) -> bool:
    return "年" in name_part or bool(re.search(r"\d{4}", name_part))


def _inside_book(text: str, pos: int) -> bool:
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)

