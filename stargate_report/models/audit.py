"""The claims audit: what the articles claim, where they disagree, what the record says.

`as_of` and `min_grade` decide which public-record rows count. A verdict rests on all
of a tension's record rows, so it is shown only when every one of them is in view;
otherwise the tension is "not established with the record in view". The audit does
not pretend to know, at an earlier date or on better-graded sources only, what rests
on rows published later or graded lower.
"""

from __future__ import annotations

import pandas as pd

from .. import fmt
from ..data import Package, split_list
from ..ledger import VERDICTS
from ..rows import event_start
from . import circular

GRADES = ("A", "B", "C")
NOT_YET = "not established with the record in view"


def select_claims(pkg: Package, topic: str = "all") -> pd.DataFrame:
    """The claims on one topic ('all' keeps every claim), in ledger order."""
    claims = pkg.claims
    if topic != "all":
        claims = claims[claims["topic"] == topic]
    touching = circular.claims_touching(pkg)
    return claims.assign(flows=claims["claim_id"].map(lambda c: "; ".join(touching.get(c, []))))\
        .reset_index(drop=True)


def known_from(reference: pd.DataFrame) -> pd.Series:
    """The first day each row can have been read: its publication date, or the day of
    the event it reports where that is later (a page dated only "2026" that reports an
    event of July 2026 was not there in March)."""
    event = reference["event_date"].map(event_start)
    return reference["date"].where(event.isna() | (event <= reference["date"]), event)


def record_end(pkg: Package) -> pd.Timestamp:
    """The newest day of the record: the last day any row can have been read."""
    return known_from(pkg.reference).max()


def record(pkg: Package, min_grade: str = "C", as_of: str = "2026-12-31") -> pd.DataFrame:
    """The reference rows of at least `min_grade` that could be read on `as_of`."""
    ref = pkg.reference
    allowed = GRADES[:GRADES.index(min_grade) + 1]
    view = ref[ref["grade"].isin(allowed) & (known_from(ref) <= pd.Timestamp(as_of))]
    return view.assign(date_shown=[fmt.record_date(d, p) for d, p in
                                   zip(view["date"], view["date_precision"], strict=True)])


def claims_matrix(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims counted by article and topic (long form, zeros kept for a complete grid)."""
    counts = claims.groupby(["article_id", "topic"]).size()
    articles = sorted(claims["article_id"].unique())
    topics = sorted(claims["topic"].unique())
    grid = pd.MultiIndex.from_product([articles, topics], names=["article_id", "topic"])
    return counts.reindex(grid, fill_value=0).rename("claims").reset_index()


def tensions_in_view(pkg: Package, claims: pd.DataFrame, min_grade: str, as_of: str
                     ) -> pd.DataFrame:
    """Tensions that touch the selected claims, with the record rows still in view.

    Columns: tension_id, claim_ids (those selected), reference_ids (in view), verdict
    (or NOT_YET when any of the rows that decide it is out of view), later_ids (rows
    published after the verdict was settled, in view: they never hold a verdict back),
    explanation.
    """
    in_view = set(record(pkg, min_grade, as_of)["id"])
    selected = set(claims["claim_id"])
    rows = []
    for _, t in pkg.tensions.iterrows():
        claim_ids = [c for c in split_list(t["claim_ids"]) if c in selected]
        if not claim_ids:
            continue
        all_refs = split_list(t["reference_ids"])
        refs = [r for r in all_refs if r in in_view]
        verdict = t["verdict"] if len(refs) == len(all_refs) else NOT_YET
        later = [r for r in split_list(t["later_ids"]) if r in in_view]
        rows.append({"tension_id": t["tension_id"], "claim_ids": claim_ids,
                     "reference_ids": refs, "verdict": verdict, "later_ids": later,
                     "explanation": t["explanation"]})
    return pd.DataFrame(rows, columns=["tension_id", "claim_ids", "reference_ids", "verdict",
                                       "later_ids", "explanation"])


def verdict_counts(tensions: pd.DataFrame) -> pd.DataFrame:
    """How many tensions have each verdict (every verdict listed, zeros included)."""
    order = [*VERDICTS, NOT_YET]
    counts = tensions["verdict"].value_counts().reindex(order, fill_value=0)
    return counts.rename("tensions").rename_axis("verdict").reset_index()


def what_happened_next(pkg: Package, tensions: pd.DataFrame) -> pd.DataFrame:
    """Claims that public-record rows published after the article confirm, revise or
    contradict: one row per (claim, later record row)."""
    claims = pkg.claims.set_index("claim_id")
    published = pkg.articles.set_index("article_id")["date_earliest"]
    ref = pkg.reference.set_index("id")
    rows = []
    for _, t in tensions.iterrows():
        if t["verdict"] == NOT_YET:
            continue
        for cid in t["claim_ids"]:
            claim = claims.loc[cid]
            for rid in [*t["reference_ids"], *t["later_ids"]]:
                if ref.loc[rid, "date"] > published[claim["article_id"]]:
                    rows.append({"claim_id": cid, "article_id": claim["article_id"],
                                 "claim": claim["quote_en"], "record_date": ref.loc[rid, "date"],
                                 "record_date_shown": fmt.record_date(
                                     ref.loc[rid, "date"], ref.loc[rid, "date_precision"]),
                                 "record": f"{ref.loc[rid, 'publisher']}: "
                                           f"{ref.loc[rid, 'excerpt']}",
                                 "reference_id": rid, "verdict": t["verdict"],
                                 "tension_id": t["tension_id"]})
    out = pd.DataFrame(rows, columns=["claim_id", "article_id", "claim", "record_date",
                                      "record_date_shown", "record",
                                      "reference_id", "verdict", "tension_id"])
    out["record_date"] = pd.to_datetime(out["record_date"])  # dates even when none is in view
    return out.sort_values(["record_date", "claim_id"]).reset_index(drop=True)


def summary(all_claims: pd.DataFrame, claims: pd.DataFrame, tensions: pd.DataFrame,
            record_rows: pd.DataFrame, next_rows: pd.DataFrame) -> dict:
    """The chapter's counts, from its frames."""
    verdicts = tensions["verdict"].value_counts()
    return {
        "n_claims_all": len(all_claims),
        "n_claims": len(claims),
        "n_numeric": int(claims["value"].notna().sum()),
        "n_articles": int(claims["article_id"].nunique()),
        "n_tensions": len(tensions),
        **{f"n_{v.replace(' ', '_')}": int(verdicts.get(v, 0)) for v in VERDICTS},
        "n_not_established": int(verdicts.get(NOT_YET, 0)),
        "n_record_rows": len(record_rows),
        "n_next": len(next_rows),
        "n_next_claims": int(next_rows["claim_id"].nunique()),
        "n_record_pages": int(record_rows["url"].nunique()),
        "record_text": record_text(record_rows),
    }


def record_text(record_rows: pd.DataFrame) -> str:
    """What the record in view counts, rows and pages apart: one page can give several
    figures. "197 entries of the public record, from 150 web pages"."""
    n = len(record_rows)
    if n == 0:
        return "no entry of the public record"
    pages = fmt.plural(int(record_rows["url"].nunique()), "web page")
    return f"{fmt.plural(n, 'entry', 'entries')} of the public record, from {pages}"


GRADES_TEXT = {"A": "grade A only", "B": "grades A and B", "C": "grades A to C"}


def analysis(pkg: Package, P: dict) -> dict:
    """Every frame the chapter draws, from its parameters `P`."""
    claims = select_claims(pkg, P["topic"])
    tensions = tensions_in_view(pkg, claims, P["min_grade"], P["as_of"])
    return {"claims": claims, "record": record(pkg, P["min_grade"], P["as_of"]),
            "tensions": tensions, "next": what_happened_next(pkg, tensions),
            "matrix": claims_matrix(claims), "verdicts": verdict_counts(tensions)}


def key_numbers(pkg: Package, P: dict, frames: dict | None = None) -> dict:
    """Every number the claims chapter prints, and the scenario comparison shows."""
    a = frames or analysis(pkg, P)
    return {
        **summary(pkg.claims, a["claims"], a["tensions"], a["record"], a["next"]),
        "record_end": f"{record_end(pkg):%-d %B %Y}",
        "as_of_text": f"{pd.Timestamp(P['as_of']):%-d %B %Y}",
        "grades_text": GRADES_TEXT[P["min_grade"]],
        "next_text": (f"{fmt.plural(len(a['next']), 'link')} for "
                       f"{fmt.plural(int(a['next']['claim_id'].nunique()), 'claim')}"),
        "verdicts_text": verdicts_text(a["tensions"]),
        "claims_text": (fmt.plural(len(a["claims"]), "claim") if P["topic"] == "all" else
                        f"{fmt.plural(len(a['claims']), 'claim')} on *{P['topic']}* "
                        f"(of {len(pkg.claims)} in all)"),
        "from_articles_text": fmt.plural(int(a["claims"]["article_id"].nunique()), "article"),
    }


#: Each verdict as it reads after a count ("1 differing in basis"), in the order told.
VERDICT_PHRASES = {"contradicted": "contradicted", "later revised": "later revised",
                   "differs in basis": "differing in basis",
                   "holds on some bases": "holding on some bases", "consistent": "consistent",
                   "unverifiable": "unverifiable", NOT_YET: NOT_YET}


def verdicts_text(tensions: pd.DataFrame) -> str:
    """"the 14 points of tension stand as follows: 4 contradicted, … and 2 unverifiable",
    leaving out verdicts nobody got, and right for one tension or none."""
    n = len(tensions)
    if n == 0:
        return "no point of tension is in view"
    counts = tensions["verdict"].value_counts()
    if n == 1:
        return f"the one point of tension is {VERDICT_PHRASES[tensions['verdict'].iloc[0]]}"
    listed = fmt.listing(f"{counts[v]} {phrase}" for v, phrase in VERDICT_PHRASES.items()
                         if counts.get(v))
    return f"the {n} points of tension stand as follows: {listed}"

