"""Read French article text: words, and the figures it quotes.

A *figure* is a number the text states: written in digits in French format
("4,5", "750 000", "2027") or, optionally, in words ("quatre millions", "dix
milliards"). Number words are recognised with text2num, one word at a time, so that
digits followed by a scale word ("300 milliards") stay one figure. Left out, because
they state no number: "un"/"une" (article or numeral, ambiguous), a scale word on its
own ("plusieurs millions"), vague quantities ("des dizaines", "des centaines"), and page
furniture: a number alone on its line (a comment counter) or alone in brackets ("(2)",
an image index).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

FIGURE_KINDS = ("money", "power", "percent", "year", "other")

_TOKEN = re.compile(
    r"(?<!\w)\d+(?:[ \u00a0\u202f]\d{3})*(?:,\d+)?(?!\d)"  # 4,5 · 750 000 · 2027, not B200
    r"|[^\W\d_]+(?:-[^\W\d_]+)*"  # words, hyphenated compounds kept whole
    r"|[%$€]"
)
_DIGITS = re.compile(r"\d")
_SCALE_WORDS = {"mille", "million", "millions", "milliard", "milliards"}
_NOT_NUMBERS = {"un", "une"}
_MONEY_WORDS = {"dollar", "dollars", "$", "usd", "euro", "euros", "€"}
_POWER_PREFIXES = ("gigawatt", "mégawatt", "megawatt", "kilowatt", "térawatt", "terawatt")
_POWER_UNITS = {"gw", "mw", "kw", "tw", "gwh", "mwh", "kwh", "twh"}
_LOOKAHEAD_TOKENS = 3


@dataclass(frozen=True)
class Figure:
    """One figure found in a text."""

    text: str  # as written, from its first to its last token
    start: int  # character offset in the text
    kind: str  # one of FIGURE_KINDS
    in_words: bool  # True when no digit is involved


def count_words(text: str) -> int:
    """Whitespace-separated tokens that hold at least one letter or digit."""
    return sum(1 for token in text.split() if re.search(r"\w", token))


def _is_number_word(word: str) -> bool:
    lower = word.lower()
    if lower in _NOT_NUMBERS:
        return False
    try:
        text2num(lower, "fr")
    except ValueError:
        return False
    return True


def _kind(run: list[re.Match], following: list[str]) -> str:
    words = [m.group().lower() for m in run]
    if any(w.startswith("milliard") for w in words) or any(w in _MONEY_WORDS for w in following):
        return "money"
    if following and (following[0].startswith(_POWER_PREFIXES) or following[0] in _POWER_UNITS):
        return "power"
    if following[:1] == ["%"] or following[:2] == ["pour", "cent"]:
        return "percent"
    if len(run) == 1 and re.fullmatch(r"(19|20)\d\d", words[0]):
        return "year"
    return "other"


def _is_furniture(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:len(text) if line_end == -1 else line_end]
    bracketed = text[start - 1:start] == "(" and text[end:end + 1] == ")"
    return line.strip() == text[start:end] or bracketed


def find_figures(text: str, include_number_words: bool = True) -> list[Figure]:
    """Every figure in `text`, in order of appearance."""
    tokens = list(_TOKEN.finditer(text))
    figures = []
    i = 0
    while i < len(tokens):
        run = []
        while i < len(tokens) and (
            _DIGITS.match(tokens[i].group()) or _is_number_word(tokens[i].group())
        ):
            run.append(tokens[i])
            i += 1
        if not run:
            i += 1
            continue
        if [m.group().lower() for m in run] == ["cent"] and i > len(run) and \
                tokens[i - len(run) - 1].group().lower() == "pour":
            continue  # the "cent" of "pour cent"
        has_digits = any(_DIGITS.match(m.group()) for m in run)
        only_scale = all(m.group().lower() in _SCALE_WORDS for m in run)
        if only_scale or (not has_digits and not include_number_words):
            continue
        start, end = run[0].start(), run[-1].end()
        if _is_furniture(text, start, end):
            continue
        following = [m.group().lower() for m in tokens[i:i + _LOOKAHEAD_TOKENS]]
        following = [w for w in following if w not in ("de", "d")] or following
        figures.append(Figure(text[start:end], start, _kind(run, following), not has_digits))
    return figures
