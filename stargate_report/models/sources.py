"""The sources chapter: which articles, when, on what, and what figures they quote."""

from __future__ import annotations

import pandas as pd

from .. import fmt
from ..data import Package, split_list
from ..text import FIGURE_KINDS, count_words, find_figures


def select_articles(pkg: Package, topic: str = "all") -> pd.DataFrame:
    """The catalogue rows for one topic ('all' keeps every article), in date order."""
    articles = pkg.articles
    if topic != "all":
        articles = articles[articles["topics"].map(lambda cell: topic in split_list(cell))]
    return articles.sort_values(["date_earliest", "article_id"]).reset_index(drop=True)


def figures(pkg: Package, articles: pd.DataFrame, include_number_words: bool = True
            ) -> pd.DataFrame:
    """One row per figure quoted in the given articles: article, kind, text, offset."""
    rows = []
    for article_id in articles["article_id"]:
        for fig in find_figures(pkg.article_text(article_id), include_number_words):
            rows.append({"article_id": article_id, "kind": fig.kind, "text": fig.text,
                         "start": fig.start, "in_words": fig.in_words})
    columns = ["article_id", "kind", "text", "start", "in_words"]
    return pd.DataFrame(rows, columns=columns)


def counts(pkg: Package, articles: pd.DataFrame, figure_rows: pd.DataFrame) -> pd.DataFrame:
    """Per article: words, figures in all and by kind (one column per kind)."""
    by_kind = (figure_rows.groupby(["article_id", "kind"]).size()
               .unstack(fill_value=0)
               .reindex(index=articles["article_id"], columns=list(FIGURE_KINDS), fill_value=0))
    out = pd.DataFrame({
        "article_id": articles["article_id"],
        "words": [count_words(pkg.article_text(a)) for a in articles["article_id"]],
    })
    out["figures"] = by_kind.sum(axis=1).to_numpy()
    for kind in FIGURE_KINDS:
        out[f"figures_{kind}"] = by_kind[kind].to_numpy()
    out["figures_per_1000_words"] = out["figures"] / out["words"] * 1000
    return out


def topic_timeline(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per (article, topic), with the article's date bounds, for a timeline."""
    rows = []
    for _, art in articles.iterrows():
        for topic in split_list(art["topics"]):
            rows.append({"article_id": art["article_id"], "topic": topic,
                         "date_earliest": art["date_earliest"],
                         "date_latest": art["date_latest"],
                         "title": art["title"]})
    return pd.DataFrame(rows, columns=["article_id", "topic", "date_earliest", "date_latest",
                                       "title"])


def summary(articles: pd.DataFrame, figure_rows: pd.DataFrame,
            per_article: pd.DataFrame) -> dict:
    """The chapter's counts, dates and tallies, from its frames."""
    n_figures = len(figure_rows)
    ranked = per_article.sort_values(["figures_per_1000_words", "article_id"],
                                     ascending=[False, True])
    # a topic no article is on yet: the page says so instead of failing
    densest = (ranked.iloc[0] if len(ranked)
               else pd.Series({"article_id": "none", "figures_per_1000_words": 0.0}))
    kinds = figure_rows["kind"].value_counts()
    months = articles["date_earliest"].dt.to_period("M").value_counts().sort_index()
    topics = topic_timeline(articles)["topic"].value_counts()
    return {
        "n_articles": len(articles),
        "n_words": int(per_article["words"].sum()),
        "n_figures": n_figures,
        "n_money": int(per_article["figures_money"].sum()),
        "money_share_pct": (100 * float(per_article["figures_money"].sum()) / n_figures
                            if n_figures else 0.0),
        "n_in_words": int(figure_rows["in_words"].sum()),
        "first_date": articles["date_earliest"].min(),
        "last_date": articles["date_earliest"].max(),
        "densest_id": str(densest["article_id"]),
        "densest_per_1000": float(densest["figures_per_1000_words"]),
        "articles_by_month": {period.strftime("%B %Y"): int(n) for period, n in months.items()},
        "articles_by_topic": {str(t): int(n) for t, n in topics.items()},
        "top_kind": str(kinds.index[0]) if n_figures else "none",
        "top_kind_n": int(kinds.iloc[0]) if n_figures else 0,
    }


def analysis(pkg: Package, P: dict) -> dict:
    """Every frame the chapter draws, from its parameters `P`."""
    articles = select_articles(pkg, P["topic"])
    figure_rows = figures(pkg, articles, P["include_number_words"])
    return {"articles": articles, "figures": figure_rows,
            "per_article": counts(pkg, articles, figure_rows),
            "topics": topic_timeline(articles)}


def key_numbers(pkg: Package, P: dict, frames: dict | None = None) -> dict:
    """Every number the sources chapter prints, as the prose reads it."""
    a = frames or analysis(pkg, P)
    s = summary(a["articles"], a["figures"], a["per_article"])
    numbers = {name: s[name] for name in (
        "n_articles", "n_words", "n_figures", "n_money", "money_share_pct", "n_in_words",
        "densest_per_1000", "top_kind_n", "densest_id", "top_kind")}
    return {
        **numbers, "n_articles_all": len(pkg.articles),
        "corpus_first_month": f"{pkg.articles['date_earliest'].min():%B %Y}",
        "corpus_last_month": f"{pkg.articles['date_earliest'].max():%B %Y}",
        "first_date": f"{s['first_date']:%-d %B %Y}" if len(a["articles"]) else "none",
        "last_date": f"{s['last_date']:%-d %B %Y}" if len(a["articles"]) else "none",
        "articles_text": _shown(len(a["articles"]), len(pkg.articles), P["topic"]),
        "months_summary": fmt.listing(f"{n} in {m}" for m, n in s["articles_by_month"].items()),
        "topics_summary": fmt.listing(f"{t} {n}" for t, n in s["articles_by_topic"].items()),
    }


#: Digits of a file's sha256 shown to readers: enough to compare, short enough to fit.
HASH_DIGITS = 16


def article_files(descriptor: dict) -> pd.DataFrame:
    """The article texts as received: file and the start of the hash the build checks."""
    return pd.DataFrame([
        {"Article": r["name"].removeprefix("article-"), "File": "data/" + r["path"],
         f"sha256 (first {HASH_DIGITS} digits)":
             r["hash"].removeprefix("sha256:")[:HASH_DIGITS] + "…"}
        for r in descriptor["resources"] if r["name"].startswith("article-")])

def _shown(n: int, total: int, topic: str) -> str:
    """What the page reads: "5 articles", or "3 of the 5 articles, those on *chips*"."""
    if topic == "all":
        return fmt.plural(n, "article")
    return f"{fmt.of_all(n, total, 'article')}, those on *{topic}*"
