"""The sources chapter's frames and counts on small inputs written out by hand, and on a
selection with no article at all."""

import pandas as pd
import pytest

from stargate_report import params
from stargate_report.models import sources
from stargate_report.text import FIGURE_KINDS


def _articles(rows):
    frame = pd.DataFrame(rows, columns=["article_id", "topics", "date_earliest",
                                        "date_latest", "title"])
    for col in ("date_earliest", "date_latest"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


def test_the_topic_timeline_has_one_row_per_article_and_topic():
    arts = _articles([("A1", "chips; energy", "2025-01-02", "2025-01-03", "One"),
                      ("A2", "funding", "2025-02-01", "2025-02-01", "Two")])
    expected = _articles([("A1", "chips", "2025-01-02", "2025-01-03", "One"),
                          ("A1", "energy", "2025-01-02", "2025-01-03", "One"),
                          ("A2", "funding", "2025-02-01", "2025-02-01", "Two")])
    expected = expected.rename(columns={"topics": "topic"})
    pd.testing.assert_frame_equal(sources.topic_timeline(arts), expected)
    empty = sources.topic_timeline(arts.iloc[0:0])
    assert empty.columns.tolist() == ["article_id", "topic", "date_earliest", "date_latest",
                                      "title"]
    assert empty.empty


def test_selected_articles_are_renumbered_without_an_old_index_column(pkg):
    chips = sources.select_articles(pkg, "chips")
    assert chips.columns.tolist() == pkg.articles.columns.tolist()
    assert chips.index.tolist() == list(range(len(chips)))


def test_each_figure_row_gives_where_it_starts_in_the_text(pkg):
    arts = sources.select_articles(pkg)
    rows = sources.figures(pkg, arts)
    assert rows.columns.tolist() == ["article_id", "kind", "text", "start", "in_words"]
    for row in rows.head(20).itertuples():
        text = pkg.article_text(row.article_id)
        assert text[row.start:row.start + len(row.text)] == row.text
    none = sources.figures(pkg, arts.iloc[0:0])
    assert none.columns.tolist() == ["article_id", "kind", "text", "start", "in_words"]


def test_an_article_without_a_figure_of_a_kind_counts_zero_of_it(pkg):
    arts = sources.select_articles(pkg).head(2)
    first, second = arts["article_id"]
    figs = pd.DataFrame({"article_id": [first, first, second],
                         "kind": ["money", "money", "percent"],
                         "text": ["$1", "$2", "3%"], "start": [0, 5, 9],
                         "in_words": [False, False, False]})
    per = sources.counts(pkg, arts, figs).set_index("article_id")
    assert per.loc[first, "figures"] == 2 and per.loc[second, "figures"] == 1
    assert per.loc[first, "figures_money"] == 2 and per.loc[first, "figures_percent"] == 0
    assert per.loc[second, "figures_money"] == 0 and per.loc[second, "figures_percent"] == 1
    others = [f"figures_{k}" for k in FIGURE_KINDS if k not in ("money", "percent")]
    assert (per[others] == 0).all().all()
    assert per["figures"].dtype.kind == "i"  # whole numbers, not 0.0


def test_the_densest_article_is_the_first_by_id_among_equals():
    arts = _articles([("A1", "chips", "2025-01-02", "2025-01-02", "One"),
                      ("A2", "chips", "2025-03-01", "2025-03-01", "Two")])
    per = pd.DataFrame({"article_id": ["A2", "A1"], "words": [100, 200],
                        "figures": [1, 2], "figures_money": [1, 1],
                        "figures_per_1000_words": [10.0, 10.0]})
    figs = pd.DataFrame({"article_id": ["A1", "A1", "A2"], "kind": ["money", "count", "money"],
                         "in_words": [True, False, False]})
    s = sources.summary(arts, figs, per)
    assert (s["densest_id"], s["densest_per_1000"]) == ("A1", 10.0)
    assert (s["top_kind"], s["top_kind_n"]) == ("money", 2)
    assert s["n_in_words"] == 1 and s["n_money"] == 2


def test_a_selection_with_no_figure_and_no_article_reads_none(pkg):
    P = params.defaults("sources")
    no_articles = pkg.articles.iloc[0:0]
    figs = sources.figures(pkg, no_articles)
    frames = {"articles": no_articles, "figures": figs,
              "per_article": sources.counts(pkg, no_articles, figs),
              "topics": sources.topic_timeline(no_articles)}
    key = sources.key_numbers(pkg, {**P, "topic": "sites"}, frames)
    assert (key["n_articles"], key["n_figures"], key["top_kind_n"]) == (0, 0, 0)
    assert (key["top_kind"], key["densest_id"]) == ("none", "none")
    assert (key["first_date"], key["last_date"]) == ("none", "none")
    assert key["articles_text"] == f"none of the {len(pkg.articles)} articles, those on *sites*"


@pytest.mark.parametrize("n, total, topic, text", [
    (5, 5, "all", "5 articles"),
    (1, 5, "all", "1 article"),
    (3, 5, "chips", "3 of the 5 articles, those on *chips*"),
    (5, 5, "energy", "all 5 articles, those on *energy*"),
])
def test_the_page_says_how_many_articles_it_shows(n, total, topic, text):
    assert sources._shown(n, total, topic) == text
