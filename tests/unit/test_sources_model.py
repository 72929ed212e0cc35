import pytest

from stargate_report import data
from stargate_report.models import sources
from stargate_report.text import FIGURE_KINDS


def test_topic_filter_keeps_only_tagged_articles_in_date_order():
    pkg = data.load()
    chips = sources.select_articles(pkg, "chips")
    assert list(chips["article_id"]) == ["001", "003", "004"]
    everything = sources.select_articles(pkg, "all")
    assert everything["date_earliest"].is_monotonic_increasing
    assert len(everything) == len(pkg.articles)


def test_counts_add_up():
    pkg = data.load()
    arts = sources.select_articles(pkg)
    figs = sources.figures(pkg, arts)
    per = sources.counts(pkg, arts, figs)
    assert per["figures"].sum() == len(figs)
    assert (per[[f"figures_{k}" for k in FIGURE_KINDS]].sum(axis=1) == per["figures"]).all()
    # 003 quotes "dix milliards de dollars" and "quatre millions" in words
    in_words = figs[figs["in_words"]]
    assert {"dix milliards", "quatre millions"} <= set(in_words["text"])


def test_leaving_out_number_words_removes_exactly_those():
    pkg = data.load()
    arts = sources.select_articles(pkg)
    with_words = sources.figures(pkg, arts, include_number_words=True)
    digits_only = sources.figures(pkg, arts, include_number_words=False)
    assert len(with_words) - len(digits_only) == int(with_words["in_words"].sum()) > 0


def test_timeline_has_one_row_per_article_topic():
    pkg = data.load()
    arts = sources.select_articles(pkg)
    timeline = sources.topic_timeline(arts)
    expected = sum(len(data.split_list(t)) for t in arts["topics"])
    assert len(timeline) == expected
    assert set(timeline["topic"]) <= set(data.TOPICS)


def test_key_numbers():
    pkg = data.load()
    arts = sources.select_articles(pkg)
    figs = sources.figures(pkg, arts)
    key = sources.summary(arts, figs, sources.counts(pkg, arts, figs))
    assert key["n_articles"] == 5 and key["n_figures"] == len(figs)
    # 22 of the 52 figures are sums of money (each listed by hand in test_pinned_sources)
    assert (key["n_money"], key["n_figures"]) == (22, 52)
    assert key["money_share_pct"] == pytest.approx(100 * 22 / 52)
    # 003 quotes 17 figures in 553 words, the highest density of the five
    assert key["densest_id"] == "003"
    assert key["articles_by_month"] == {"January 2025": 1, "June 2025": 1, "September 2025": 3}
    assert key["articles_by_topic"]["funding"] == 5
    assert key["top_kind"] == "money"
    assert sum(key["articles_by_topic"].values()) == len(sources.topic_timeline(arts))


def test_key_numbers_of_an_empty_selection_do_not_divide_by_zero():
    pkg = data.load()
    arts = sources.select_articles(pkg)
    figs = sources.figures(pkg, arts).iloc[0:0]
    key = sources.summary(arts, figs, sources.counts(pkg, arts, figs))
    assert key["n_figures"] == 0 and key["money_share_pct"] == 0.0 and key["top_kind"] == "none"
