"""Numbers as readers see them: "$300 bn", "1.9 million", "49%", "about 650,000".

One place for every reader-facing format, built on Babel (US English: the book is in
English and its sources count in US dollars). A derived quantity is rounded to a few
significant figures, because no source supports more; a source's own figure keeps the
precision it was stated with.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from babel.numbers import format_decimal

LOCALE = "en_US"
MINUS = "\u2212"  # a true minus sign, as typeset text prints it
#: Keep "−$172 bn" on one line: no break after the sign, nor before the unit.
JOIN, NBSP = "\u2060", "\u00a0"


def number(value: float, digits: int = 0) -> str:
    """A number with thousands separators and `digits` decimals: "10,715", "1.58"."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    text = format_decimal(abs(value), format=pattern, locale=LOCALE)
    return (MINUS if value < 0 and text.strip("0.,") else "") + text


def significant(value: float, figures: int = 2) -> float:
    """`value` rounded to `figures` significant figures (650,000 from 654,036)."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, figures - 1 - math.floor(math.log10(abs(value))))


def approx(value: float, figures: int = 2) -> str:
    """A derived quantity to `figures` significant figures: "650,000", "1.9", "0.51"."""
    rounded = significant(value, figures)
    if rounded == 0:
        return "0"
    digits = max(0, figures - 1 - math.floor(math.log10(abs(rounded))))
    text = number(rounded, digits)
    return text.rstrip("0").rstrip(".") if "." in text else text  # "4", not "4.00"


def count(value: float) -> str:
    """A whole number of things: "91", "1,250"."""
    return number(round(value))


def money_bn(value_bn: float, figures: int = 3) -> str:
    """An amount given in billions of US dollars: "$300 bn", "$12.7 bn", "$1.4 tn",
    "$555 million", "−$172 bn": to `figures` significant figures, and at least to whole
    billions from a billion up."""
    sign = MINUS + JOIN if value_bn < 0 else ""
    size = abs(value_bn)
    if size >= 1000:
        return f"{sign}${approx(size / 1000, 2)}{NBSP}tn"
    if 0 < size < 1:  # "$555 million", not "$0.555 bn"
        return f"{sign}${approx(size * 1000, figures)}{NBSP}million"
    rounded = significant(size, figures)
    digits = 0 if rounded == 0 else max(0, figures - 1 - math.floor(math.log10(rounded)))
    text = number(rounded, digits)
    if "." in text:  # "$90 bn", not "$90.0 bn"
        text = text.rstrip("0").rstrip(".")
    return f"{sign}${text}{NBSP}bn"


def percent(value_pct: float, digits: int = 0) -> str:
    """A share already in per cent: "49%", "0.8%"."""
    return f"{number(value_pct, digits)}%"


def millions(value_m: float, figures: int = 2) -> str:
    """A count given in millions: "1.9 million", "2.9 million"; under a million, the
    whole number ("510,000", not "0.51 million")."""
    if abs(value_m) < 1:
        return approx(value_m * 1_000_000, figures)
    return f"{approx(value_m, figures)} million"


def _as_stated(value: float) -> str:
    """A source's figure with the precision it was given: "11.6", "750,000", "4"."""
    return format_decimal(value, format="#,##0.##########", locale=LOCALE)


def stated(value: float, unit: str) -> str:
    """A source's own figure in its unit, as readers read it, at its stated precision:
    "$300 bn", "$60 bn a year", "4.5 GW", "38%", "1 year", "3×", "4 million people"."""
    if unit == "year":
        return f"{value:.0f}"  # a date, not a quantity: no thousands separator
    if unit == "USD bn":
        return f"${_as_stated(value)}{NBSP}bn"
    if unit == "USD bn per year":
        return f"${_as_stated(value)}{NBSP}bn a year"
    if unit == "%":
        return f"{_as_stated(value)}%"
    if unit == "ratio":
        return f"{_as_stated(value)}×"
    if unit == "years":
        return f"{_as_stated(value)} year{'' if value == 1 else 's'}"
    if unit == "persons":
        if value >= 1_000_000 and value % 100_000 == 0:
            return f"{_as_stated(value / 1_000_000)} million people"
        return f"{_as_stated(value)} {'person' if value == 1 else 'people'}"
    if unit == "count":
        return _as_stated(value)
    return f"{_as_stated(value)}{NBSP}{unit}" if unit else _as_stated(value)


def plural(n: int, one: str, many: str | None = None) -> str:
    """"1 claim", "4 claims", "no claim": a count with its noun in the right number."""
    if n == 0:
        return f"no {one}"
    return f"{count(n)} {one if n == 1 else (many or one + 's')}"


def listing(items: Iterable[str], empty: str = "none") -> str:
    """"a", "a and b", "a, b and c": items as a sentence reads them (`empty` for none)."""
    items = list(items)
    if not items:
        return empty
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def of_all(n: int, total: int, one: str, many: str | None = None) -> str:
    """"all 91 claims", "4 of the 91 claims", "none of the 91 claims": a part of a whole."""
    many = many or one + "s"
    if total == 1:
        return f"the one {one}" if n else f"no {one}"
    if n == total:
        return f"all {count(total)} {many}"
    return f"{'none' if n == 0 else count(n)} of the {count(total)} {many}"


#: Short forms written in capitals wherever a code name is turned into words.
_ACRONYMS = {"gw": "GW", "mw": "MW", "oci": "OCI", "rpo": "RPO", "usd": "USD", "gpu": "GPU",
             "gpus": "GPUs", "it": "IT", "pue": "PUE", "us": "US", "ai": "AI",
             "azure": "Azure", "microsoft": "Microsoft", "stargate": "Stargate",
             "openai": "OpenAI", "oracle": "Oracle"}


def words(code_name: str) -> str:
    """A ledger code name in words: "ratio_to_oci_revenue" → "ratio to OCI revenue",
    "capex_fy2026" → "capex FY2026"."""
    def one(word: str) -> str:
        if re.fullmatch(r"fy\d{2,4}", word):
            return word.upper()
        return _ACRONYMS.get(word, word)
    return " ".join(one(w) for w in str(code_name).split("_"))


def year_span(first: int, last: int) -> str:
    """"from 2026 to 2031", or "in 2027" when the span is one year."""
    return f"in {first}" if first == last else f"from {first} to {last}"


def record_date(date: Any, precision: str = "day") -> str:
    """A publication date as far as it is known: "2025-09-10", "2025-09" or "2025";
    an unknown day is never printed as the 1st."""
    stamp = f"{date:%Y-%m-%d}"
    return {"day": stamp, "month": stamp[:7], "year": stamp[:4]}[precision]


def long_date(date: Any, precision: str = "day") -> str:
    """A date in prose as far as it is known: "10 September 2025", "September 2025" or
    "2025"; an unknown day is never printed as the 1st."""
    return f"{date:{ {'day': '%-d %B %Y', 'month': '%B %Y', 'year': '%Y'}[precision] }}"


def yes_no(value: bool) -> str:
    """A yes/no cell for readers: "yes" or "no", never True or False."""
    return "yes" if value else "no"


def printed(numbers: Mapping[str, Any],
            formats: Mapping[str, Callable[[Any], str]]) -> dict[str, Any]:
    """A chapter's key numbers as its page prints them: each value that has a format in
    `formats` as that text, the others as they are."""
    return {name: formats[name](value) if name in formats else value
            for name, value in numbers.items()}
