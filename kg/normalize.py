"""Normalise Chinese policy text for NLP while keeping exact offsets into the original.

kg's recognisers run on a cleaned copy of each text (simplified characters,
ASCII digits, no pinyin glosses, no PDF line-break noise), but every span it
reports must be an offset into the text *exactly as given* (ANNOTATION.md:
``text[start:end] == entity.text``; rule 7 keeps glosses and noise inside a
name's span).  :func:`normalize` therefore records, for every normalised
character, the original span it came from, and :class:`NormalizedText` maps
spans both ways.

The steps, each tracked in the offset map:

1. HTML entities (``&amp;``, ``&nbsp;``, ``&#x6CAA;``) become characters.
2. NFKC, character by character (``１２．５`` → ``12.5``, ``（`` → ``(``); a
   character that expands (``…`` → ``...``) maps every output character to
   the whole original character.  Steps 1–2 repeat until stable, so a doubly
   escaped ``&amp;nbsp;`` or a full-width ``＆amp;`` decodes completely.
3. Pinyin glosses directly after a Han character are removed
   (``協(xié)作`` → ``協作``); see :func:`is_pinyin` for what counts as one.
4. Whitespace: see :func:`_whitespace_edits`.  A blank line becomes the
   canonical paragraph break ``"\\n\\n"``.  Steps 3–4 repeat until stable
   (``協 (xié) 作`` first loses its spaces, then its gloss).
5. Traditional → simplified with OpenCC ``t2s``.

Two deliberate departures from the first design, both needed for
``normalize(normalize(x).text).text == normalize(x).text``:

* Traditional → simplified runs *last*, not before gloss and whitespace
  removal: OpenCC converts phrases, and ``乾 燥`` or ``乾(gān)燥`` must be
  converted as the phrase ``乾燥`` → ``干燥``, not as two lone characters
  (OpenCC keeps ``乾`` in ``乾隆`` but turns a lone ``乾`` into ``干``).
* A paragraph break is ``"\\n\\n"``, not a single ``"\\n"``: a single line
  break between Han characters is PDF noise and is removed, so a single
  ``"\\n"`` would not survive a second normalisation.  ``"\\n\\n"`` is also
  what :mod:`kg.sentences` treats as a paragraph boundary.

Speed: each step first checks with one C-level scan (``in``, a regex, NFKC
``is_normalized``, one OpenCC call) whether it has anything to do, and does
per-character Python work only where something changes.  Offset maps are
numpy arrays rebuilt by vectorised indexing only when lengths change.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import numpy.typing as npt
import opencc

Edit = tuple[int, int, str]
"""Replace ``text[start:end]`` by the string; edits of one step never overlap."""

IndexArray = npt.NDArray[np.integer]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK = _HAN + "\u3001-\u303f\u00b7\u2014\u2018\u2019\u201c\u201d"
"""Han characters plus CJK punctuation (、。《》「」【】“”—·) that survives NFKC."""
_CJK_CHAR = re.compile(f"[{_CJK}]")
_BMP_HAN_CHAR = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def is_han(char: str) -> bool:
    """Is ``char`` a Han character of the Basic Multilingual Plane (what name rules and layout gaps read)?"""
    return _BMP_HAN_CHAR.match(char) is not None


@dataclass(frozen=True, slots=True, eq=False)
class NormalizedText:
    """A normalised copy of ``original`` with a per-character offset map.

    Normalised character ``i`` came from ``original[starts[i]:ends[i]]``.  Both
    arrays are non-decreasing and ``starts[i] < ends[i]``; characters produced
    by one expansion (``…`` → ``...``, a paragraph break) share one span.
    Removed characters (glosses, whitespace) belong to no normalised character
    but fall inside any span that reaches across them.  The arrays are
    read-only; instances compare by identity.
    """

    original: str
    text: str
    starts: IndexArray
    ends: IndexArray

    def __post_init__(self) -> None:
        if not len(self.text) == len(self.starts) == len(self.ends):
            raise ValueError(
                f"offset map has {len(self.starts)} starts and {len(self.ends)} ends "
                f"for {len(self.text)} normalised characters; build it with normalize()"
            )
        self.starts.flags.writeable = False
        self.ends.flags.writeable = False

    @classmethod
    def identity(cls, text: str) -> NormalizedText:
        """``text`` unchanged, each character mapped to itself."""
        dtype = _index_dtype(len(text))
        return cls(text, text, np.arange(len(text), dtype=dtype), np.arange(1, len(text) + 1, dtype=dtype))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map ``text[start:end]`` to the smallest original span that covers it.

        The original span includes whatever was removed *inside* the span
        (``協(xié)作`` for ``协作``, ``楚 雄 州`` for ``楚雄州``) but nothing removed
        before or after it.  An empty span at ``i`` maps to the empty span at
        the end of character ``i - 1``'s original (``(0, 0)`` when ``i == 0``).
        """
        _check_span(start, end, len(self.text), "normalised text")
        if start == end:
            at = int(self.ends[start - 1]) if start else 0
            return at, at
        return int(self.starts[start]), int(self.ends[end - 1])

    def to_normalized(self, ostart: int, oend: int) -> tuple[int, int]:
        """Map ``original[ostart:oend]`` (e.g. a gold span) to the normalised characters overlapping it.

        A span that covers only removed characters, or an empty span, maps to
        the empty span after the last normalised character that ends at or
        before ``ostart``.  For a span that neither starts nor ends inside a
        multi-character expansion, ``to_normalized(*to_original(s, e)) == (s, e)``.
        """
        _check_span(ostart, oend, len(self.original), "original text")
        first = int(np.searchsorted(self.ends, ostart, side="right"))
        stop = int(np.searchsorted(self.starts, oend, side="left"))
        return (first, stop) if stop > first else (first, first)


def normalize(text: str) -> NormalizedText:
    """Normalise ``text`` (module docstring) and keep the offset map.

    >>> n = normalize("國家鄉村振興局與滬滇協(xié)作")
    >>> n.text
    '国家乡村振兴局与沪滇协作'
    >>> n.original[slice(*n.to_original(10, 12))]
    '協(xié)作'
    """
    state = NormalizedText.identity(text)
    state = _until_stable(state, (_decode_entities, _replace_lone_surrogates, _nfkc))
    state = _until_stable(state, (_edit_step(_gloss_edits), _edit_step(_whitespace_edits, spread=True)))
    return _apply(state, _conversion_edits(state.text, _t2s()))


def is_pinyin(content: str) -> bool:
    """Whether parenthesised ``content`` after a Han character is a pinyin gloss.

    Accepted: words of valid pinyin syllables, separated by spaces, hyphens or
    apostrophes, that carry tone marks (``xié``, ``chǔ xióng``) or tone digits
    (``xie2``); capitals are allowed only then (``Chǔxióng``).  Toneless
    content is accepted only when all lowercase and not a common English word
    that happens to spell pinyin (``china``, ``name``, ``a``).  Everything else
    is an ordinary parenthesis and stays: ``云南``, ``2023-2027``, ``试行``,
    ``GDP``, ``NGO``, ``Chuxiong`` (toneless capital), ``app``, ``a``.

    The syllable pattern over-generates slightly (``fe``, ``ten``): it is a
    filter for glosses next to Han text, not a pinyin validator.
    """
    decomposed = unicodedata.normalize("NFD", content).replace("u\u0308", "v").replace("U\u0308", "V")
    bare = decomposed.translate(_DROP_TONE_MARKS)
    toned = len(bare) < len(decomposed) or any(ch.isdigit() for ch in bare)
    if not toned and bare != bare.lower():
        return False
    words = _PINYIN_SEPARATOR.split(bare.lower().strip())
    if not all(_PINYIN_WORD.fullmatch(word) for word in words):
        return False
    return toned or not any(word in _ENGLISH_WORDS for word in words)


# -- pinyin ------------------------------------------------------------------

_DROP_TONE_MARKS = str.maketrans("", "", "\u0300\u0301\u0304\u030c")
_INITIAL = "(?:[zcs]h?|[bpmfdtnlgkhjqxrwy])"
_FINAL = "(?:i(?:a(?:ng?|o)?|e|ng?|ong|u)?|u(?:a(?:ng?|i)?|e|i|n|o)?|v(?:e|an|n)?|a(?:ng?|i|o)?|e(?:ng?|i)?|o(?:ng|u)?)"
_ZERO_INITIAL = "(?:a(?:ng?|i|o)?|e(?:ng?|i|r)?|ou?)"
# Pinyin orthography writes an apostrophe before a/e/o inside a word (xi'an),
# which keeps English words like "area" (a+re+a) from parsing.
_PINYIN_WORD = re.compile(
    rf"(?:{_INITIAL}{_FINAL}|{_ZERO_INITIAL})[0-5]?(?:'?{_INITIAL}{_FINAL}[0-5]?|'{_ZERO_INITIAL}[0-5]?)*"
)
_PINYIN_SEPARATOR = re.compile(r"[ \-]+")
_ENGLISH_WORDS = frozenset(
    "a an ai o e he me we be she ban bin can die fan gene gun hang hen lie man men name "
    "pan pie pin ran range run sun tan ten tie china change dance".split()
)
_MAX_GLOSS = 48
# A gloss starts with a Latin letter; checking that in the regex keeps
# (2023-2027), (试行), (一) away from is_pinyin.
_GLOSS = re.compile(rf"\((?<=[{_HAN}]\()([A-Za-z\u00c0-\u024f][^()\n]{{0,{_MAX_GLOSS - 1}}})\)")


def _gloss_edits(text: str) -> list[Edit]:
    """Remove ``(pinyin)`` written directly after a Han character."""
    if "(" not in text:
        return []
    return [(m.start(), m.end(), "") for m in _GLOSS.finditer(text) if is_pinyin(m.group(1))]


# -- whitespace ---------------------------------------------------------------

# Candidates only: runs of 2+, a single non-space whitespace character, or a
# single space touching a CJK character; a lone space between Latin words is
# never visited.  Every branch starts with \s so the regex engine can skip
# ahead to the next whitespace character in C.
_WHITESPACE = re.compile(rf"\s(?:\s+|(?<=[^ ])|(?<=[{_CJK}] )|(?=[{_CJK}]))")


def _whitespace_edits(text: str) -> list[Edit]:
    """Remove whitespace that PDF extraction put into Chinese text; collapse the rest.

    A maximal whitespace run holding two or more line breaks is a paragraph
    break and becomes ``"\\n\\n"``.  Any other run is removed when it has a
    character on both sides, at least one of them CJK, and neither a letter
    or digit of another script (``楚 雄 州``, ``产业\\n合作``, ``协作,\\n推动``);
    otherwise it becomes one space (``2023年 5月``, ``Shanghai\\nCooperation``).
    A run at the very start or end of the text is kept as one space, so the
    decision never depends on text outside a span.
    """
    edits: list[Edit] = []
    for match in _WHITESPACE.finditer(text):
        start, end = match.span()
        run = match.group()
        if run.count("\n") >= 2:
            edits.append((start, end, "\n\n"))  # even when unchanged: it spreads over the run
            continue
        if 0 < start and end < len(text) and _joins(text[start - 1], text[end]):
            replacement = ""
        else:
            replacement = " "
        if replacement != run:
            edits.append((start, end, replacement))
    return edits


@lru_cache(maxsize=65536)
def _joins(left: str, right: str) -> bool:
    """Whether whitespace between ``left`` and ``right`` is noise to remove."""
    left_cjk = _CJK_CHAR.match(left) is not None
    right_cjk = _CJK_CHAR.match(right) is not None
    other_script_word = (left.isalnum() and not left_cjk) or (right.isalnum() and not right_cjk)
    return (left_cjk or right_cjk) and not other_script_word


# -- entities and NFKC ---------------------------------------------------------

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _replace_lone_surrogates(state: NormalizedText) -> NormalizedText:
    """Turn lone surrogates (JSON may carry ``"\\ud800"``) into U+FFFD.

    They are not characters: NFKC keeps them but OpenCC cannot encode them.
    """
    text = _LONE_SURROGATE.sub("\ufffd", state.text)
    return state if text == state.text else NormalizedText(state.original, text, state.starts, state.ends)


_unescape = lru_cache(maxsize=4096)(html.unescape)


def _decode_entities(state: NormalizedText) -> NormalizedText:
    """Replace each HTML character reference by the character(s) it stands for."""
    if "&" not in state.text:
        return state
    edits: list[Edit] = []
    for match in _ENTITY.finditer(state.text):
        decoded = _unescape(match.group())
        if decoded != match.group():
            edits.append((match.start(), match.end(), decoded))
    return _apply(state, edits)


def _nfkc(state: NormalizedText) -> NormalizedText:
    """Apply NFKC to each character on its own (so the map stays per character)."""
    if unicodedata.is_normalized("NFKC", state.text):
        return state
    tables = _nfkc_tables()
    astral = _ASTRAL.search(state.text) is not None
    text = tables.one_to_one_chars[astral].sub(lambda match: tables.one_to_one[match.group()], state.text)
    if text != state.text:
        state = NormalizedText(state.original, text, state.starts, state.ends)
    edits = [(m.start(), m.end(), tables.expanding[m.group()]) for m in tables.expanding_chars[astral].finditer(text)]
    return _apply(state, edits)


@dataclass(frozen=True, slots=True)
class _NfkcTables:
    """Every character NFKC changes, split by whether it stays one character.

    Each ``*_chars`` pair holds a pattern for texts without characters beyond
    U+FFFF and one for texts with them: ``re`` tests astral characters range
    by range at every position, which made a 5 MB scan ten times slower.
    """

    one_to_one: dict[str, str]
    one_to_one_chars: tuple[re.Pattern[str], re.Pattern[str]]
    expanding: dict[str, str]
    expanding_chars: tuple[re.Pattern[str], re.Pattern[str]]


@cache
def _nfkc_tables() -> _NfkcTables:
    """Scan Unicode once per process (about 0.1 s); only characters with a
    decomposition can change under NFKC."""
    one_to_one: dict[str, str] = {}
    expanding: dict[str, str] = {}
    for code in range(0x110000):
        char = chr(code)
        if not unicodedata.decomposition(char):
            continue
        folded = unicodedata.normalize("NFKC", char)
        if folded != char:
            (one_to_one if len(folded) == 1 else expanding)[char] = folded
    return _NfkcTables(
        one_to_one,
        (_char_class(c for c in one_to_one if c < "\U00010000"), _char_class(one_to_one)),
        expanding,
        (_char_class(c for c in expanding if c < "\U00010000"), _char_class(expanding)),
    )


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _char_class(chars: Iterable[str]) -> re.Pattern[str]:
    """A regex matching any one of ``chars``, written as ranges of code points."""
    codes = sorted(map(ord, chars))
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    body = "".join(
        re.escape(chr(low)) + ("-" + re.escape(chr(high)) if high > low else "") for low, high in ranges
    )
    return re.compile(f"[{body}]")


# -- traditional → simplified ----------------------------------------------------


@cache
def _t2s() -> opencc.OpenCC:
    """The OpenCC converter, created once: creating one loads its dictionaries."""
    return opencc.OpenCC("t2s")


def _conversion_edits(text: str, converter: opencc.OpenCC) -> list[Edit]:
    """Convert ``text`` with OpenCC, by phrase wherever that keeps lengths.

    OpenCC converts the whole text in one call; each line (a paragraph, once
    whitespace is normalised) is one chunk.  A line whose conversion changes
    length is converted character by character instead, so each output
    character still maps to its source.  (``t2s`` never changes lengths in
    OpenCC 1.1; other configurations such as ``s2twp`` do: ``的士`` → ``計程車``.)
    """
    converted = converter.convert(text)
    if converted == text:
        return []
    lines, converted_lines = text.split("\n"), converted.split("\n")
    if len(lines) != len(converted_lines):
        raise RuntimeError(
            f"OpenCC turned {len(lines)} lines into {len(converted_lines)}; it must not add or "
            "remove line breaks — check the installed opencc version"
        )
    edits: list[Edit] = []
    line_start = 0
    for line, simplified in zip(lines, converted_lines, strict=True):
        if len(simplified) == len(line):
            if simplified != line:
                edits.append((line_start, line_start + len(line), simplified))
        else:
            for offset, char in enumerate(line, start=line_start):
                single = converter.convert(char)
                if single != char:
                    edits.append((offset, offset + 1, single))
        line_start += len(line) + 1
    return edits


# -- offset-map plumbing -----------------------------------------------------------


def _edit_step(
    find_edits: Callable[[str], list[Edit]], *, spread: bool = False
) -> Callable[[NormalizedText], NormalizedText]:
    """Turn an edit finder over plain text into a step over mapped text (``spread``: see :func:`_apply`)."""
    return lambda state: _apply(state, find_edits(state.text), spread=spread)


def _until_stable(
    state: NormalizedText, steps: Sequence[Callable[[NormalizedText], NormalizedText]]
) -> NormalizedText:
    """Run ``steps`` in order, again and again, until a round changes nothing.

    Ends: every round that changes the text either shortens it or makes a
    one-to-one change no step makes twice.
    """
    while True:
        before = state.text
        for step in steps:
            state = step(state)
        if state.text == before:
            return state


def _apply(state: NormalizedText, edits: list[Edit], *, spread: bool = False) -> NormalizedText:
    """Apply sorted, non-overlapping ``edits`` to ``state.text`` and compose the map.

    An edit that keeps its length maps character to character, unless
    ``spread`` is set; any other maps each of its output characters to the
    whole replaced span, and a deletion leaves its characters to whatever span
    reaches across them.  Whitespace edits spread: both characters of a
    paragraph break stand for the whole blank line, so a span that ends
    between them still reaches the second line break.
    """
    if not edits:
        return state
    text = state.text
    pieces: list[str] = []
    # The new text as segments: (length, first source index, last source index, one-to-one?)
    segments: list[tuple[int, int, int, bool]] = []
    one_to_one_only = True
    cursor = 0
    for start, end, replacement in edits:
        if start < cursor:
            raise ValueError(f"edit at {start} starts before the previous edit ends at {cursor}; sort edits, no overlaps")
        if start > cursor:
            pieces.append(text[cursor:start])
            segments.append((start - cursor, cursor, start - 1, True))
        one_to_one = len(replacement) == end - start and not spread
        one_to_one_only = one_to_one_only and one_to_one
        if replacement:
            pieces.append(replacement)
            segments.append((len(replacement), start, end - 1, one_to_one))
        cursor = end
    if cursor < len(text):
        pieces.append(text[cursor:])
        segments.append((len(text) - cursor, cursor, len(text) - 1, True))
    new_text = "".join(pieces)
    if one_to_one_only:
        return NormalizedText(state.original, new_text, state.starts, state.ends)
    first, last = _expand(segments, len(new_text))
    return NormalizedText(state.original, new_text, state.starts[first], state.ends[last])


_SMALL = 2048
"""Below this many characters, expanding segments in Python beats numpy's per-call overhead."""


def _expand(segments: list[tuple[int, int, int, bool]], size: int) -> tuple[IndexArray, IndexArray]:
    """Per new character, the first and last source character it stands for.

    A one-to-one segment maps its i-th character to source ``first + i``;
    any other maps every character to the whole source ``first..last``.
    """
    if size < _SMALL:
        firsts: list[int] = []
        lasts: list[int] = []
        for length, first, last, one_to_one in segments:
            if one_to_one:
                firsts.extend(range(first, first + length))
                lasts.extend(range(first, first + length))
            else:
                firsts.extend([first] * length)
                lasts.extend([last] * length)
        return np.array(firsts, dtype=np.int64), np.array(lasts, dtype=np.int64)
    lengths, first, last, one_to_one = (np.array(column) for column in zip(*segments, strict=True))
    aligned = np.repeat(one_to_one, lengths)
    first_out = np.cumsum(lengths) - lengths
    offset = np.arange(size, dtype=np.int64) - np.repeat(first_out, lengths)
    firsts_array = np.repeat(first, lengths) + np.where(aligned, offset, 0)
    lasts_array = np.where(aligned, firsts_array, np.repeat(last, lengths))
    return firsts_array, lasts_array


def _index_dtype(length: int) -> type[np.integer]:
    """int32 offsets halve the map's memory; int64 only for texts past 2**31 characters."""
    return np.int32 if length < 2**31 - 1 else np.int64


def _check_span(start: int, end: int, length: int, what: str) -> None:
    if not 0 <= start <= end <= length:
        raise ValueError(
            f"span [{start}, {end}) is not inside the {what} of length {length}; "
            "pass 0 <= start <= end <= length"
        )
