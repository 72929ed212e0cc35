"""Pins every number and phrase of the sources chapter (`models.sources.key_numbers`).

The expected values are derived here without the model or `stargate_report.text`:

- words: the whitespace-separated tokens of each article text (`str.split`), less the
  tokens that hold no letter or digit (dashes, «, », :, ?, …), which are listed per
  article below as read in the texts;
- figures: `HAND_FIGURES` lists, article by article, every figure read in the texts
  under the rules of the chapter (digits or French number words, a following
  «milliards»/«millions» kept with its number; «un»/«une», a scale word alone, vague
  quantities and page furniture left out) with its kind. A small regex finder written
  here (`_my_figures`) must find exactly that list, so the list is checked twice: by
  reading and by a second, independent implementation;
- dates, months and topics: the catalogue rows (data/articles.csv);
- text: each sentence template of the model, filled with the values derived here.

The parser itself (`text.find_figures`) is cross-checked against `HAND_FIGURES` article
by article, so a disagreement points at the article where it arises.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest

from stargate_report import text
from stargate_report.models import sources

CHAPTER, MODEL = "sources", sources

# Every figure of each article, in order, as (text as written, kind), read by hand.
# Kinds: money (a «milliard(s)» in the figure, or dollars/euros after it), power (a watt
# unit after it), percent (% after it), year (a lone 19xx/20xx), other.
HAND_FIGURES = {
    "000": [  # 6 figures: 2 money, 3 years, 1 other (cinq, in words)
        ("300 milliards", "money"),  # l.1 «300 milliards de dollars avec Oracle»
        ("cinq", "other"),  # l.1 «sur cinq ans»
        ("2027", "year"),  # l.1 «à partir de 2027»
        ("300 milliards", "money"),  # l.8 «Les 300 milliards de dollars engagés»
        ("2027", "year"),  # l.20 «après 2027»
        ("2027", "year"),  # l.31 «à partir de 2027»
        # left out: «l'un des» (un), «des centaines de milliards» (vague, scale alone)
    ],
    "001": [  # 12 figures: 6 money, 2 years, 1 percent, 3 other (all three in words)
        ("500 milliards", "money"),  # l.2 «500 milliards de dollars»
        ("quatre", "other"),  # l.2 «les quatre prochaines années»
        ("trois", "other"),  # l.5 «Les trois partenaires»
        ("100 milliards", "money"),  # l.5 «100 milliards de dollars»
        ("500 milliards", "money"),  # l.5 «les 500 milliards sur quatre ans»
        ("quatre", "other"),  # l.5 «sur quatre ans»
        ("2026", "year"),  # l.16 «dès 2026»
        ("100 milliards", "money"),  # l.19 «100 milliards de dollars»
        ("80 milliards", "money"),  # l.19 «80 milliards pour ses propres data centers»
        ("19", "percent"),  # l.20 «19%»
        ("2028", "year"),  # l.20 «d'ici 2028»
        ("500 milliards", "money"),  # l.24 «Un pari à 500 milliards de dollars»
        # left out: «"centaines de milliers"» (vague)
    ],
    "002": [  # 12 figures: 2 money, 4 power, 2 percent, 4 other (3 in words)
        ("deux", "other"),  # l.1 «Les deux entreprises»
        ("4,5", "power"),  # l.3 «4,5 gigawatts»
        ("1", "power"),  # l.3 «1 gigawatt»
        ("750 000", "other"),  # l.3 «750 000 foyers»
        ("50 milliards", "money"),  # l.9 «50 milliards de dollars»
        ("quatre", "other"),  # l.9 «les quatre prochaines années»
        ("5", "percent"),  # l.11 «5 %»
        ("38", "percent"),  # l.11 «38 %»
        ("1,2", "power"),  # l.13 «1,2 gigawatt»
        ("2", "power"),  # l.13 «2 gigawatts»
        ("30 milliards", "money"),  # l.15 «30 milliards de dollars»
        ("trois", "other"),  # l.15 «trois fois»
        # left out: «plusieurs millions» (scale alone), «un réacteur» (un),
        # «centre de données (2)» (an image index in brackets: page furniture)
    ],
    "003": [  # 17 figures: 9 money, 1 power, 3 years, 4 other (5 in words in all)
        ("300 milliards", "money"),  # l.1 «300 milliards de dollars sur cinq ans»
        ("cinq", "other"),  # l.1 «sur cinq ans»
        ("deux", "other"),  # l.1 «les deux entreprises»
        ("4,5", "power"),  # l.1 «4,5 gigawatts»
        ("quatre millions", "other"),  # l.1 «quatre millions d'habitants»
        ("500 milliards", "money"),  # l.1 «une enveloppe de 500 milliards»
        ("2019", "year"),  # l.2 «Depuis 2019»
        ("deux", "other"),  # l.2 «les deux partenaires»
        ("dix milliards", "money"),  # l.3 «dix milliards de dollars»
        ("115 milliards", "money"),  # l.4 «115 milliards –» (a heading, not alone)
        ("2027", "year"),  # l.4 «débuter en 2027»
        ("30 milliards", "money"),  # l.4 «30 milliards de dollars la première année»
        ("12 milliards", "money"),  # l.4 «12 milliards de dollars en rythme annualisé»
        ("115 milliards", "money"),  # l.4 «115 milliards de dollars de trésorerie»
        ("2029", "year"),  # l.4 «d'ici à 2029»
        ("80 milliards", "money"),  # l.4 «80 milliards de plus»
        ("40 milliards", "money"),  # l.6 «jusqu'à 40 milliards de dollars»
        # left out: «depuis un an», «environ un an» (un), «plusieurs milliards»,
        # «plusieurs dizaines», «des dizaines de milliards» (vague, scale alone)
    ],
    "004": [  # 5 figures: 3 money, 1 year, 1 other (cinq, in words)
        ("300 milliards", "money"),  # l.10 «300 milliards de dollars sur cinq ans»
        ("cinq", "other"),  # l.10 «sur cinq ans»
        ("2000", "year"),  # l.12 «des années 2000»
        ("60 milliards", "money"),  # l.20 «60 milliards par an en cloud»
        ("10 milliards", "money"),  # l.20 «10 milliards pour ses propres puces»
        # left out: «0» alone on line 6 (a comment counter: page furniture),
        # «un accord», «plus d'un» (un), «des milliards» (scale alone)
    ],
}

# Tokens of each text with no letter or digit, as read in the texts: they are not words.
NON_WORD_TOKENS = {
    "000": {"-": 14, ":": 5, "?": 4},  # 14 list dashes; «Stargate :», …; 4 FAQ questions
    "001": {"?": 2, "–": 2, ":": 1},  # «L'objectif ?», «OpenAI ?»; 2 «– Communiqué»
    "002": {"«": 3, "»": 2, "»,": 1, "%": 2, ":": 1},  # 3 × «Porte des Étoiles»; «5 %»
    "003": {"–": 8, "–,": 1},  # dashes of the headings and links; «cet été –, cela»
    "004": {":": 8, "«": 6, "»": 6, "!": 4, "?": 4, "—": 2, "/": 1, ";": 1, "–": 1,
            "*": 1},
}

_NUMBER_WORDS = ("deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze"
                 "|quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|mille")
_MY_FIGURE = re.compile(
    r"(?<![\w,])(?:\d+(?:[ \u00a0\u202f]\d{3})*(?:,\d+)?|(?:" + _NUMBER_WORDS + r"))"
    r"(?:\s+(?:milliards?|millions?))?(?!\w)", re.IGNORECASE)


def _my_kind(figure: str, after: str) -> str:
    if "milliard" in figure.lower() or re.match(
            r"\s*(?:de\s+|d['’])?(?:dollars?|euros?|usd|\$|€)", after, re.IGNORECASE):
        return "money"
    if re.match(r"\s*(?:(?:giga|méga|mega|kilo|téra|tera)watt|[gmkt]wh?\b)", after,
                re.IGNORECASE):
        return "power"
    if re.match(r"\s*(?:%|pour\s+cent)", after):
        return "percent"
    if re.fullmatch(r"(?:19|20)\d\d", figure):
        return "year"
    return "other"


def _my_figures(article_text: str) -> list[tuple[str, str]]:
    """A second reading of the figures, by a regex written for this test."""
    found = []
    for m in _MY_FIGURE.finditer(article_text):
        start, end = m.span()
        line = article_text[article_text.rfind("\n", 0, start) + 1:].split("\n", 1)[0]
        in_brackets = article_text[start - 1:start] == "(" and article_text[end:end + 1] == ")"
        if line.strip() == m.group() or in_brackets:
            continue  # page furniture
        found.append((m.group(), _my_kind(m.group(), article_text[end:end + 40])))
    return found


def _in_words(figure: str) -> bool:
    return not any(ch.isdigit() for ch in figure)  # the definition: no digit involved


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@pytest.fixture(scope="module")
def texts(pkg):
    return {a: pkg.article_text(a) for a in pkg.articles["article_id"]}


@pytest.fixture(scope="module")
def words(texts):
    """Words per article: whitespace tokens less the hand-listed non-word tokens."""
    return {a: len(t.split()) - sum(NON_WORD_TOKENS[a].values()) for a, t in texts.items()}


def test_the_base_case_reads_every_article_with_number_words(P):
    assert P == {"topic": "all", "include_number_words": True}


def test_the_hand_figures_are_found_again_by_an_independent_regex(texts):
    assert set(HAND_FIGURES) == set(texts)
    for article_id, article_text in texts.items():
        assert _my_figures(article_text) == HAND_FIGURES[article_id], article_id


def test_the_figure_finder_agrees_with_the_hand_reading_article_by_article(texts):
    # The parser under test, against the hand list (kind and «in words» flag too).
    for article_id, article_text in texts.items():
        found = [(f.text, f.kind, f.in_words) for f in text.find_figures(article_text)]
        expected = [(t, kind, _in_words(t)) for t, kind in HAND_FIGURES[article_id]]
        assert found == expected, article_id


def test_the_non_word_tokens_are_the_ones_read_in_the_texts(texts, words):
    for article_id, article_text in texts.items():
        no_letter = Counter(t for t in article_text.split()
                            if not any(ch.isalnum() for ch in t))
        assert no_letter == Counter(NON_WORD_TOKENS[article_id]), article_id
    # 000: 728 tokens − 23 = 705 · 001: 770 − 5 = 765 · 002: 454 − 9 = 445
    # 003: 562 − 9 = 553 · 004: 682 − 34 = 648
    assert words == {"000": 705, "001": 765, "002": 445, "003": 553, "004": 648}


def test_counts_of_articles_words_and_figures(key, words):
    all_figures = [f for figs in HAND_FIGURES.values() for f in figs]
    kinds = Counter(kind for _, kind in all_figures)
    assert key["n_articles"] == 5  # 000–004 in data/articles.csv, topic "all"
    assert key["n_articles_all"] == 5
    # 705 + 765 + 445 + 553 + 648 = 3,116
    assert key["n_words"] == sum(words.values()) == 3116
    # 6 + 12 + 12 + 17 + 5 = 52
    assert key["n_figures"] == len(all_figures) == 52
    # money: 2 + 6 + 2 + 9 + 3 = 22; other 13, year 9, power 5, percent 3
    assert kinds == {"money": 22, "other": 13, "year": 9, "power": 5, "percent": 3}
    assert key["n_money"] == kinds["money"] == 22
    # 22 / 52 × 100 = 42.31 %
    assert key["money_share_pct"] == pytest.approx(100 * 22 / 52, rel=1e-9)
    # in words: 1 (000) + 3 (001) + 3 (002) + 5 (003) + 1 (004) = 13
    assert key["n_in_words"] == sum(_in_words(t) for t, _ in all_figures) == 13
    assert key["top_kind"] == "money"  # 22 money figures, next «other» with 13
    assert key["top_kind_n"] == 22


def test_the_densest_article_quotes_the_most_figures_per_thousand_words(key, words):
    density = {a: len(HAND_FIGURES[a]) / words[a] * 1000 for a in HAND_FIGURES}
    # 000: 6/705 = 8.5 · 001: 12/765 = 15.7 · 002: 12/445 = 27.0 · 003: 17/553 = 30.7
    # 004: 5/648 = 7.7 per 1,000 words: 003 is the densest
    assert max(density, key=density.get) == "003"
    assert key["densest_id"] == "003"
    assert key["densest_per_1000"] == pytest.approx(17 / 553 * 1000, rel=1e-9)


def test_dates_months_and_topics_come_from_the_catalogue(pkg, key):
    dates = dict(zip(pkg.articles["article_id"], pkg.articles["date_earliest"], strict=True))
    # date_earliest: 001 2025-01-21, 002 2025-06-30, 000/003/004 2025-09-10
    assert dates == {"000": pd.Timestamp("2025-09-10"), "001": pd.Timestamp("2025-01-21"),
                     "002": pd.Timestamp("2025-06-30"), "003": pd.Timestamp("2025-09-10"),
                     "004": pd.Timestamp("2025-09-10")}
    assert key["corpus_first_month"] == "January 2025"  # 001, 2025-01-21
    assert key["corpus_last_month"] == "September 2025"  # 000, 003, 004, 2025-09-10
    assert key["first_date"] == "21 January 2025"
    assert key["last_date"] == "10 September 2025"
    months = Counter(f"{d:%B %Y}" for d in sorted(dates.values()))  # chronological
    assert months == {"January 2025": 1, "June 2025": 1, "September 2025": 3}
    assert key["months_summary"] == _listing([f"{n} in {m}" for m, n in months.items()])
    assert key["months_summary"] == "1 in January 2025, 1 in June 2025 and 3 in September 2025"

    # Topics, counted over the articles in date order (001, 002, 000, 003, 004); most
    # first, ties in order of first appearance (001 lists funding;sites;chips;…).
    in_order = sorted(pkg.articles.itertuples(), key=lambda r: (r.date_earliest, r.article_id))
    topics = Counter(t for r in in_order for t in str(r.topics).split(";"))
    # funding 5 (all), energy 5 (all), microsoft 4 (not 002), sites 3 (001, 002, 003),
    # chips 3 (001, 003, 004)
    assert topics == {"funding": 5, "energy": 5, "microsoft": 4, "sites": 3, "chips": 3}
    ranked = sorted(topics, key=lambda t: -topics[t])  # stable: first appearance breaks ties
    assert key["topics_summary"] == _listing([f"{t} {topics[t]}" for t in ranked])
    assert key["topics_summary"] == "funding 5, energy 5, microsoft 4, sites 3 and chips 3"


def test_the_page_says_how_many_articles_it_shows(key):
    assert key["articles_text"] == "5 articles"  # topic "all": every one of the 5


PINNED = {
    "n_articles", "n_articles_all", "n_words", "n_figures", "n_money", "money_share_pct",
    "n_in_words", "top_kind", "top_kind_n", "densest_id", "densest_per_1000",
    "corpus_first_month", "corpus_last_month", "first_date", "last_date", "months_summary",
    "topics_summary", "articles_text",
}


def test_every_key_number_is_pinned(key):
    assert PINNED == set(key)
