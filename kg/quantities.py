"""Money and years as written in Chinese policy text, normalised.

``1.2亿元`` → 120000000 yuan, ``5000万元`` → 50000000, ``3.6万`` → 36000,
``二十亿`` → 2000000000; ``2016年底`` → 2016, ``“十三五”期间`` → 2016–2020.
The original text always travels beside the value (:class:`Money`,
:class:`YearSpan`) so a researcher can check every number against its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_CN_NUMBER = "[零〇一二两三四五六七八九十百千]+"

MONEY = re.compile(
    rf"(?P<number>\d+(?:[.,]\d+)*|{_CN_NUMBER}(?:点[零〇一二三四五六七八九]+)?)\s*(?:多|余)?"
    r"(?P<unit>万亿|亿|千万|百万|万)?\s*(?P<currency>元|人民币|块)?"
)
"""A number, optionally approximate (140多亿元, 3200余万元: the value is the lower bound),
with an optional 万/亿 unit and an optional 元; callers decide whether a bare number
is money (it is only when 元 or a unit is written)."""
_MEASURED = re.compile(r"\s*(?:吨|人|名|户|亩|头|只|株|羽|平方|平米|立方|千瓦|瓦|公里|千米|米|辆|台|套|件|册|份|锭|箱|公斤|千克|斤|个|家|所|座|项|条|次|张|床|间)")
"""A measure word after 万/亿 makes the number a count or a quantity (20万吨, 45万人次, 12万平方米), not money."""

FIVE_YEAR_PLANS = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}
_PLAN = re.compile("[“\"]?(" + "|".join(FIVE_YEAR_PLANS) + ")[”\"]?")
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*[-—–~至到]\s*((?:19|20)\d{2})\s*年")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


class UnparsableAmount(ValueError):
    """A money expression whose number cannot be read."""


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money: the text as written and its value in yuan."""

    text: str
    yuan: int


@dataclass(frozen=True, slots=True)
class YearSpan:
    """The years a phrase refers to (``start == end`` for a single year)."""

    text: str
    start: int
    end: int


def chinese_number(text: str) -> float:
    """Value of a number in Chinese numerals, e.g. ``二十`` → 20, ``三千五百`` → 3500.

    >>> chinese_number("一百二十三"), chinese_number("两千零五"), chinese_number("十五"), chinese_number("三点五")
    (123, 2005, 15, 3.5)
    """
    if "点" in text:
        whole, frac = text.split("点", 1)
        return chinese_number(whole or "零") + float("0." + "".join(str(_DIGITS[c]) for c in frac))
    total, section, digit = 0, 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[char]
            digit = None
        elif char in _BIG_UNITS:
            section += digit or 0
            total += section * _BIG_UNITS[char]
            section, digit = 0, None
        else:
            raise UnparsableAmount(f"{text!r} is not a Chinese number")
    return total + section + (digit or 0)


def parse_money(text: str) -> Money | None:
    """The first amount of money in ``text``, or None if it names none.

    >>> [parse_money(t).yuan for t in ("1.2亿元", "5000万元", "3.6万", "二十亿", "13.88 亿元", "1,500万元", "140多亿元")]
    [120000000, 50000000, 36000, 2000000000, 1388000000, 15000000, 14000000000]
    >>> parse_money("帮扶项目 814 个") is None
    True
    >>> parse_money("仓储能力20万吨，投入资金3000万元").text
    '3000万元'
    """
    for match in MONEY.finditer(text):
        unit, currency = match.group("unit"), match.group("currency")
        if not currency and (not unit or _MEASURED.match(text, match.end())):
            continue
        number = match.group("number")
        value = float(number.replace(",", "")) if number[0].isdigit() else chinese_number(number)
        multiplier = {"万亿": 10**12, "亿": 10**8, "千万": 10**7, "百万": 10**6, "万": 10**4}.get(unit or "", 1)
        return Money(match.group().strip(), round(value * multiplier))
    return None


def parse_years(text: str) -> YearSpan | None:
    """The years ``text`` refers to: a range, a five-year plan, or one year.

    >>> [(y.start, y.end) for y in map(parse_years, ("2016年底", "“十三五”期间", "2021—2023年", "2019年以来"))]
    [(2016, 2016), (2016, 2020), (2021, 2023), (2019, 2019)]
    """
    for pattern, make in (
        (_YEAR_RANGE, lambda m: (int(m.group(1)), int(m.group(2)))),
        (_PLAN, lambda m: FIVE_YEAR_PLANS[m.group(1)]),
        (_YEAR, lambda m: (int(m.group(1)),) * 2),
    ):
        match = pattern.search(text)
        if match:
            start, end = make(match)
            return YearSpan(match.group(), start, end)
    return None
