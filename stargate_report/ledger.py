"""The claims ledger: each quote checked against its article, each value against its quote.

Three checks, all reported as data problems that name the claim:
- the French quote is a verbatim substring of its article;
- a claim's value can be read back from its quote under French number formats
  ("4,5 gigawatts", "300 milliards de dollars", "quatre millions"), once the
  normalised unit's scale is applied (USD bn: 10^9);
- coverage: every figure an article states lies inside some claim's quote, or inside
  an excerpt listed in claims_ignored.csv with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd
from babel.numbers import get_group_symbol, parse_decimal
from text_to_num import text2num

from .text import Figure, find_figures

#: Normalised units and what one unit is worth in plain numbers.
UNIT_SCALE = {
    "USD bn": 1e9,
    "USD bn per year": 1e9,
    "GW": 1.0,
    "%": 1.0,
    "year": 1.0,
    "years": 1.0,
    "count": 1.0,
    "persons": 1.0,
    "households per GW": 1.0,
    "ratio": 1.0,
}
CLAIM_TOPICS = ("funding", "energy", "chips", "microsoft", "sites")

_DIGITS = re.compile(r"\d+(?:[ \u00a0\u202f]\d{3})*(?:,\d+)?")
_GROUP = get_group_symbol("fr")
_REL_TOLERANCE = 1e-9


def figure_value(figure_text: str) -> float:
    """The number a French figure states: "4,5" → 4.5, "300 milliards" → 3e11."""
    digits = _DIGITS.search(figure_text)
    words = _DIGITS.sub(" ", figure_text).split()
    if digits:
        grouped = re.sub(r"[ \u00a0\u202f]", _GROUP, digits.group())
        mantissa = float(parse_decimal(grouped, locale="fr", strict=True))
        scale = text2num(" ".join(words).lower(), "fr") if words else 1
        return mantissa * scale
    return float(text2num(" ".join(words).lower(), "fr"))


def numbers_in(quote: str) -> list[float]:
    """Every number a quote states, with "un an" / "une année" read as 1 (a duration).

    Other "un"/"une" are articles as often as numerals, so they state nothing.
    """
    values = [figure_value(f.text) for f in find_figures(quote, include_number_words=True)]
    values += [1.0] * len(re.findall(r"\b(?:un an|une année)\b", quote, flags=re.IGNORECASE))
    return values


def value_recoverable(value: float, unit: str, quote: str) -> bool:
    """True if `value` in `unit` is a number the quote states (scaled or as written)."""
    scale = UNIT_SCALE[unit]
    for stated in numbers_in(quote):
        for candidate in (value * scale, value):
            if abs(stated - candidate) <= _REL_TOLERANCE * max(abs(candidate), 1.0):
                return True
    return False


def spans(text: str, excerpt: str) -> list[tuple[int, int]]:
    """Every (start, end) at which `excerpt` occurs in `text`."""
    found, start = [], text.find(excerpt)
    while start != -1:
        found.append((start, start + len(excerpt)))
        start = text.find(excerpt, start + 1)
    return found


def uncovered_figures(text: str, excerpts: Iterable[str]) -> list[Figure]:
    """Figures of `text` that lie inside none of the excerpts."""
    covered = [span for excerpt in excerpts for span in spans(text, excerpt)]
    return [f for f in find_figures(text, include_number_words=True)
            if not any(a <= f.start and f.start + len(f.text) <= b for a, b in covered)]


def problems(claims: pd.DataFrame, ignored: pd.DataFrame, texts: Mapping[str, str]):
    """Check the ledger against the article texts; yield (file, line, field, message)."""
    for i, claim in claims.iterrows():
        line, cid = int(i) + 2, claim["claim_id"]
        text = texts.get(claim["article_id"])
        if text is None:
            continue  # an unknown article_id is reported by the schema's foreign key
        if not str(claim["claim_id"]).startswith(f"C{claim['article_id']}-"):
            yield ("data/claims.csv", line, "claim_id",
                   f"claim {cid}: the id must start with C{claim['article_id']}-")
        quote = str(claim["quote_fr"])
        if quote not in text:
            yield ("data/claims.csv", line, "quote_fr",
                   f"claim {cid}: quote_fr is not a verbatim substring of article "
                   f"{claim['article_id']}: {quote!r}")
            continue
        if pd.notna(claim["value"]):
            if pd.isna(claim["unit"]):
                yield ("data/claims.csv", line, "unit", f"claim {cid}: a value needs a unit")
            elif not value_recoverable(float(claim["value"]), str(claim["unit"]), quote):
                stated = ", ".join(f"{n:g}" for n in numbers_in(quote)) or "none"
                yield ("data/claims.csv", line, "value",
                       f"claim {cid}: value {claim['value']:g} {claim['unit']} cannot be read "
                       f"from its quote (numbers stated: {stated})")
    for i, row in ignored.iterrows():
        text = texts.get(row["article_id"], "")
        if str(row["excerpt"]) not in text:
            yield ("data/claims_ignored.csv", int(i) + 2, "excerpt",
                   f"excerpt is not a verbatim substring of article {row['article_id']}")
    for article_id, text in texts.items():
        excerpts = list(claims.loc[claims["article_id"] == article_id, "quote_fr"]) + \
            list(ignored.loc[ignored["article_id"] == article_id, "excerpt"])
        for fig in uncovered_figures(text, excerpts):
            context = text[max(fig.start - 40, 0):fig.start + len(fig.text) + 40]
            yield ("data/claims.csv", None, None,
                   f"article {article_id}: the figure {fig.text!r} is in no claim's quote and "
                   f"not in claims_ignored.csv: …{context.strip()}…")


def candidate_tensions(claims: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Pairs of figures on the same subject and metric that differ.

    Across articles: two claims with different values. Against the record: a claim and a
    reference row with different values. These are candidates; data/tensions.csv gives
    each a verdict, and a test checks that none is left without one.
    """
    numeric = claims[claims["value"].notna()]
    rows = []
    for (subject, metric), group in numeric.groupby(["subject", "metric"], sort=True):
        values = group.groupby("value")["claim_id"].apply(list)
        if len(values) > 1:
            rows.append({"kind": "across articles", "subject": subject, "metric": metric,
                         "claim_ids": ";".join(sorted(group["claim_id"])), "reference_ids": "",
                         "values": " vs ".join(f"{v:g}" for v in values.index)})
        record = reference[(reference["subject"] == subject) & (reference["metric"] == metric)
                           & reference["value"].notna()]
        for _, ref in record.iterrows():
            differing = group[(group["value"] - ref["value"]).abs() > 1e-9]
            if not differing.empty:
                rows.append({"kind": "against the record", "subject": subject, "metric": metric,
                             "claim_ids": ";".join(sorted(differing["claim_id"])),
                             "reference_ids": ref["id"],
                             "values": " vs ".join(
                                 [f"{v:g}" for v in sorted(set(differing["value"]))]
                                 + [f"{ref['value']:g} (record)"])})
    return pd.DataFrame(rows, columns=["kind", "subject", "metric", "claim_ids",
                                       "reference_ids", "values"])


VERDICTS = ("consistent", "holds on some bases", "differs in basis", "contradicted",
            "later revised", "unverifiable")


def uncurated(candidates: pd.DataFrame, tensions: pd.DataFrame) -> list[dict]:
    """Candidate tensions that no curated tension covers (same claims, same record row)."""
    curated = [(set(str(t["claim_ids"]).split(";")),
                set(filter(None, str(t["reference_ids"] if pd.notna(t["reference_ids"])
                                     else "").split(";"))))
               for _, t in tensions.iterrows()]
    left = []
    for _, cand in candidates.iterrows():
        claim_ids = set(cand["claim_ids"].split(";"))
        ref_ids = set(filter(None, cand["reference_ids"].split(";")))
        covered = set()
        for t_claims, t_refs in curated:
            if ref_ids <= t_refs:
                covered |= t_claims & claim_ids
        if covered != claim_ids:
            left.append(dict(cand))
    return left


def tension_problems(claims: pd.DataFrame, reference: pd.DataFrame, tensions: pd.DataFrame):
    """Check the curated tensions; yield (file, line, field, message)."""
    claim_ids, ref_ids = set(claims["claim_id"]), set(reference["id"])
    for i, t in tensions.iterrows():
        line = int(i) + 2
        for cid in str(t["claim_ids"]).split(";"):
            if cid not in claim_ids:
                yield ("data/tensions.csv", line, "claim_ids",
                       f"tension {t['tension_id']}: unknown claim {cid!r}")
        for field in ("reference_ids", "later_ids"):
            cell = t.get(field)
            for rid in filter(None, str(cell if pd.notna(cell) else "").split(";")):
                if rid not in ref_ids:
                    yield ("data/tensions.csv", line, field,
                           f"tension {t['tension_id']}: unknown reference {rid!r}")
    for cand in uncurated(candidate_tensions(claims, reference), tensions):
        yield ("data/tensions.csv", None, None,
               f"candidate tension with no verdict: {cand['kind']}, {cand['subject']} / "
               f"{cand['metric']}, claims {cand['claim_ids']}"
               + (f", reference {cand['reference_ids']}" if cand["reference_ids"] else "")
               + f" ({cand['values']})")


_EN_NUMBER = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*(trillion|billion|million|bn|tn|B|T|M)?(?!\d|\.\d)")
_EN_SCALE = {"trillion": 1e12, "tn": 1e12, "T": 1e12, "billion": 1e9, "bn": 1e9, "B": 1e9,
             "million": 1e6, "M": 1e6, None: 1.0}
REFERENCE_UNIT_SCALE = {**UNIT_SCALE, "USD bn per year": 1e9, "households": 1.0,
                        "households per MW": 1.0, "kWh per year": 1.0, "kWh per month": 1.0,
                        "TWh": 1e9, "US cents per kWh": 1.0, "lb CO2 per kWh": 1.0,  # TWh in kWh
                        "W": 1.0, "kW": 1.0, "MW": 1.0, "USD": 1.0, "USD m": 1e6,
                        "USD bn per month": 1e9, "thousand MWh": 1.0,
                        "million shares": 1e6, "USD per share": 1.0}


def english_numbers(text: str) -> list[float]:
    """Numbers an English text states: "$1.4 trillion" → 1.4e12, "four million" → 4e6."""
    from text_to_num import alpha2digit

    found = []

    def take(match: re.Match) -> str:
        number = float(match.group(1).replace(",", ""))
        found.extend([number, number * _EN_SCALE[match.group(2)]])
        return " "

    # Digits first, with their scale words ("8 million"): alpha2digit would turn
    # "8 million" into "8 1000000". Then number words, once digits are out of the way.
    text = _EN_NUMBER.sub(take, text)
    text = re.sub(r"(?<=[A-Za-z])-(?=[A-Za-z])", " ", text)  # "five-year": alpha2digit skips it
    text = re.sub(r"\ban? (?=(?:giga|mega|kilo)?watt|thousand|million|billion|trillion)", "1 ",
                  text)  # "more than a gigawatt"
    _EN_NUMBER.sub(take, alpha2digit(text, "en"))
    return found


def reference_problems(reference: pd.DataFrame):
    """Each reference value must be readable from its excerpt or title (or, for a
    year, from its date); yield (file, line, field, message)."""
    for i, ref in reference.iterrows():
        if pd.isna(ref["value"]):
            continue
        unit = ref["unit"] if pd.notna(ref["unit"]) else ""
        if unit not in REFERENCE_UNIT_SCALE:
            yield ("data/reference.csv", int(i) + 2, "unit",
                   f"reference {ref['id']}: unknown unit {unit!r}; known: "
                   f"{', '.join(REFERENCE_UNIT_SCALE)}")
            continue
        value, scale = float(ref["value"]), REFERENCE_UNIT_SCALE[unit]
        stated = english_numbers(f"{ref['excerpt']} {ref['title']}")
        if unit == "year":
            stated.append(float(ref["date"].year))
        if not any(abs(n - c) <= 1e-9 * max(abs(c), 1.0) for n in stated
                   for c in (value, value * scale)):
            yield ("data/reference.csv", int(i) + 2, "value",
                   f"reference {ref['id']}: value {value:g} {unit} cannot be read from its "
                   "excerpt or title")
