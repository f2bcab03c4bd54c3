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
  (``乾`` alone stays ``乾`` inside ``乾隆`` but becomes ``干`` alone).
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

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
_HAN_RUN = re.compile(f"[{_HAN}]+")


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
    state = _until_stable(state, (_decode_entities, _nfkc))
    state = _until_stable(state, (_edit_step(_gloss_edits), _edit_step(_whitespace_edits)))
    return _apply(state, _t2s_edits(state.text))


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
# which keeps English words like "line" (lin+e) from parsing.
_PINYIN_WORD = re.compile(
    rf"(?:{_INITIAL}{_FINAL}|{_ZERO_INITIAL})[0-5]?(?:'?{_INITIAL}{_FINAL}[0-5]?|'{_ZERO_INITIAL}[0-5]?)*"
)
_PINYIN_SEPARATOR = re.compile(r"[ \-]+")
_ENGLISH_WORDS = frozenset(
    "a an ai o e he me we be she ban bin can die fan gene gun hang hen lie man men name "
    "pan pie pin ran range run sun tan ten tie china change dance".split()
)
_MAX_GLOSS = 48
_GLOSS = re.compile(rf"\((?<=[{_HAN}]\()([^()\n]{{1,{_MAX_GLOSS}}})\)")


def _gloss_edits(text: str) -> list[Edit]:
    """Remove ``(pinyin)`` written directly after a Han character."""
    if "(" not in text:
        return []
    return [(m.start(), m.end(), "") for m in _GLOSS.finditer(text) if is_pinyin(m.group(1))]


# -- whitespace ---------------------------------------------------------------

# Candidates only: runs of 2+, single non-space whitespace, or a single space
# touching a CJK character.  A lone space between Latin words is never visited.
_WHITESPACE = re.compile(rf"\s{{2,}}|[^\S ]|(?<=[{_CJK}]) | (?=[{_CJK}])")


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
            replacement = "\n\n"
        elif 0 < start and end < len(text) and _joins(text[start - 1], text[end]):
            replacement = ""
        else:
            replacement = " "
        if replacement != run:
            edits.append((start, end, replacement))
    return edits


def _joins(left: str, right: str) -> bool:
    """Whether whitespace between ``left`` and ``right`` is noise to remove."""
    left_cjk = _CJK_CHAR.match(left) is not None
    right_cjk = _CJK_CHAR.match(right) is not None
    return (left_cjk or right_cjk) and not (left.isalnum() and not left_cjk) and not (right.isalnum() and not right_cjk)


# -- entities and NFKC ---------------------------------------------------------

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _decode_entities(state: NormalizedText) -> NormalizedText:
    """Replace each HTML character reference by the character(s) it stands for."""
    if "&" not in state.text:
        return state
    edits = []
    for match in _ENTITY.finditer(state.text):
        decoded = html.unescape(match.group())
        if decoded != match.group():
            edits.append((match.start(), match.end(), decoded))
    return _apply(state, edits)


def _nfkc(state: NormalizedText) -> NormalizedText:
    """Apply NFKC to each character on its own (so the map stays per character)."""
    if unicodedata.is_normalized("NFKC", state.text):
        return state
    same_length, expanding, expanding_chars = _nfkc_tables()
    text = state.text.translate(same_length)
    if text != state.text:
        state = NormalizedText(state.original, text, state.starts, state.ends)
    return _apply(state, [(m.start(), m.end(), expanding[m.group()]) for m in expanding_chars.finditer(text)])


@cache
def _nfkc_tables() -> tuple[dict[int, str], dict[str, str], re.Pattern[str]]:
    """Every character NFKC changes: one-to-one (for ``str.translate``) and expanding.

    Built once per process (about 0.3 s): only characters with a
    decomposition can change under NFKC.
    """
    same_length: dict[int, str] = {}
    expanding: dict[str, str] = {}
    for code in range(0x110000):
        char = chr(code)
        if not unicodedata.decomposition(char):
            continue
        folded = unicodedata.normalize("NFKC", char)
        if folded == char:
            continue
        if len(folded) == 1:
            same_length[code] = folded
        else:
            expanding[char] = folded
    pattern = re.compile("[" + "".join(re.escape(char) for char in expanding) + "]")
    return same_length, expanding, pattern


# -- traditional → simplified ----------------------------------------------------


@cache
def _t2s() -> opencc.OpenCC:
    """The OpenCC converter, created once: creating one loads its dictionaries."""
    return opencc.OpenCC("t2s")


def _t2s_edits(text: str) -> list[Edit]:
    """Convert each Han run with OpenCC, by phrase where that keeps its length.

    A run whose conversion changes length is converted character by
    character instead, so each output character still maps to its source.
    """
    converter = _t2s()
    if converter.convert(text) == text:
        return []
    runs = list(_HAN_RUN.finditer(text))
    converted = converter.convert("\n".join(run.group() for run in runs)).split("\n")
    if len(converted) != len(runs):
        raise RuntimeError(
            f"OpenCC t2s turned {len(runs)} Han runs into {len(converted)} pieces; "
            "it must not add or remove line breaks — check the installed opencc version"
        )
    edits: list[Edit] = []
    for run, simplified in zip(runs, converted, strict=True):
        if simplified == run.group():
            continue
        if len(simplified) == len(run.group()):
            edits.append((run.start(), run.end(), simplified))
            continue
        for offset, char in enumerate(run.group(), start=run.start()):
            single = converter.convert(char)
            if single != char:
                edits.append((offset, offset + 1, single))
    return edits


# -- offset-map plumbing -----------------------------------------------------------


def _edit_step(find_edits: Callable[[str], list[Edit]]) -> Callable[[NormalizedText], NormalizedText]:
    """Turn an edit finder over plain text into a step over mapped text."""
    return lambda state: _apply(state, find_edits(state.text))


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


def _apply(state: NormalizedText, edits: list[Edit]) -> NormalizedText:
    """Apply sorted, non-overlapping ``edits`` to ``state.text`` and compose the map.

    An edit that keeps its length maps character to character; any other maps
    each of its output characters to the whole replaced span, and a deletion
    leaves its characters to whatever span reaches across them.
    """
    if not edits:
        return state
    text = state.text
    pieces: list[str] = []
    # Segments of the new text: (length, first source index, source end, one-to-one?)
    lengths: list[int] = []
    sources: list[int] = []
    source_ends: list[int] = []
    aligned: list[bool] = []
    cursor = 0
    for start, end, replacement in edits:
        if start < cursor:
            raise ValueError(f"edits overlap or are unsorted at {start} (previous edit ended at {cursor})")
        for length, source, source_end, one_to_one, piece in (
            (start - cursor, cursor, start, True, text[cursor:start]),
            (len(replacement), start, end, len(replacement) == end - start, replacement),
        ):
            if length:
                pieces.append(piece)
                lengths.append(length)
                sources.append(source)
                source_ends.append(source_end)
                aligned.append(one_to_one)
        cursor = end
    if cursor < len(text):
        pieces.append(text[cursor:])
        lengths.append(len(text) - cursor)
        sources.append(cursor)
        source_ends.append(len(text))
        aligned.append(True)
    new_text = "".join(pieces)
    if all(len(replacement) == end - start for start, end, replacement in edits):
        return NormalizedText(state.original, new_text, state.starts, state.ends)

    counts = np.asarray(lengths, dtype=np.int64)
    first_out = np.cumsum(counts) - counts
    one_to_one = np.repeat(np.asarray(aligned), counts)
    first_source = np.repeat(np.asarray(sources, dtype=np.int64), counts)
    offset_in_segment = np.arange(len(new_text), dtype=np.int64) - np.repeat(first_out, counts)
    low = np.where(one_to_one, first_source + offset_in_segment, first_source)
    last = np.where(one_to_one, low, np.repeat(np.asarray(source_ends, dtype=np.int64), counts) - 1)
    return NormalizedText(state.original, new_text, state.starts[low], state.ends[last])


def _index_dtype(length: int) -> type[np.integer]:
    """int32 offsets halve the map's memory; int64 only for texts past 2**31 characters."""
    return np.int32 if length < 2**31 - 1 else np.int64


def _check_span(start: int, end: int, length: int, what: str) -> None:
    if not 0 <= start <= end <= length:
        raise ValueError(
            f"span [{start}, {end}) is not inside the {what} of length {length}; "
            "pass 0 <= start <= end <= length"
        )
