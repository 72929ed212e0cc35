"""Edges of the funding, Microsoft and claims models: the wording at none, one and many,
the boundary cases of their comparisons, and the frames' exact labels."""

import pandas as pd
import pytest

from stargate_report import fmt, params
from stargate_report.models import audit, funding, microsoft, payments

NB = fmt.NBSP


@pytest.mark.parametrize("names, text", [
    ([], "no profile fits both figures"),
    (["flat"], "the flat profile fits both figures"),
    (["linear", "back_loaded"], "the linear and back-loaded profiles fit both figures"),
])
def test_the_profiles_that_fit_are_named_as_a_clause(names, text):
    assert funding._fit(pd.DataFrame({"profile": names}), "both figures") == text


@pytest.mark.parametrize("gap, text", [
    (172.0, f"exceed revenue by $172{NB}bn in total"),
    (0.5, f"exceed revenue by $500{NB}million in total"),
    (-0.5, f"stay $500{NB}million below revenue in total"),
    (-40.0, f"stay $40{NB}bn below revenue in total"),
    (0.0, "match revenue exactly in total"),
])
def test_the_cumulative_gap_reads_right_whatever_its_sign(gap, text):
    assert funding._gap_text(gap) == text


def test_the_profile_is_named_with_a_hyphen(pkg):
    P = {**params.defaults("funding"), "schedule_profile": "back_loaded"}
    assert funding.key_numbers(pkg, P)["profile"] == "back-loaded"


def test_a_year_where_revenue_equals_the_payments_is_covered():
    cov = pd.DataFrame({"year": [2027, 2028, 2029], "revenue_bn_usd": [10.0, 30.0, 50.0],
                        "payment_bn_usd": [30.0, 30.0, 30.0]})
    assert payments.first_covered_year(cov) == 2028
    assert payments.first_covered_year(cov.iloc[:1]) is None


def test_microsofts_books_label_each_bar_and_its_source():
    side = {"rpo": 625.0, "openai_rpo": 281.25, "committed": 13.0, "funded": 11.6,
            "stake_value": 135.0}
    books = microsoft.books(side)
    assert books.to_dict("records") == [
        {"what": "Microsoft's commercial backlog", "bn_usd": 625.0, "part": "backlog",
         "source": microsoft.RPO_TOTAL_ID},
        {"what": "of which OpenAI (about)", "bn_usd": 281.25, "part": "backlog",
         "source": f"{microsoft.RPO_TOTAL_ID} × {microsoft.RPO_OPENAI_SHARE_ID}"},
        {"what": "Microsoft's funding commitments", "bn_usd": 13.0,
         "part": "Microsoft's money", "source": microsoft.COMMITTED_ID},
        {"what": "of which paid", "bn_usd": 11.6, "part": "Microsoft's money",
         "source": f"{microsoft.FUNDED_ID} (grade {{grade}})"},
        {"what": "Value of Microsoft's stake", "bn_usd": 135.0,
         "part": "Microsoft's money", "source": microsoft.STAKE_VALUE_ID},
    ]


def test_before_any_purchase_there_is_no_largest_provider(pkg):
    P = {**params.defaults("microsoft"), "as_of": "2019-01-01"}
    key = microsoft.key_numbers(pkg, P)
    assert (key["top_provider"], key["top_share_pct"]) == ("none", 0.0)
    assert key["purchases_text"] == ("no compute purchase had been disclosed yet, so there "
                                     "is no concentration to measure")
    assert key["top_share_text"] == "share of the largest provider: no purchase disclosed yet"


def test_one_provider_holds_all_the_purchases(pkg):
    P = {**params.defaults("microsoft"), "providers": "oracle"}
    assert microsoft.key_numbers(pkg, P)["purchases_text"] == (
        f"OpenAI's disclosed compute purchases total $300{NB}bn, all with Oracle, and the "
        "Herfindahl–Hirschman index stands at 10,000")  # one provider: 100² = 10,000


def test_an_unknown_provider_is_named_with_the_choices():
    with pytest.raises(ValueError, match=r"^providers = 'azure, ibm': unknown ibm; choose from "
                       + ", ".join(microsoft.PROVIDERS) + "$"):
        microsoft.parse_providers("azure, ibm")
    with pytest.raises(ValueError, match=r"unknown \(none given\)"):
        microsoft.parse_providers(" , ")


def test_the_claims_matrix_keeps_a_zero_for_each_empty_cell():
    claims = pd.DataFrame({"article_id": ["A1", "A1", "A2"],
                           "topic": ["chips", "energy", "chips"]})
    matrix = audit.claims_matrix(claims)
    assert matrix.to_dict("records") == [
        {"article_id": "A1", "topic": "chips", "claims": 1},
        {"article_id": "A1", "topic": "energy", "claims": 1},
        {"article_id": "A2", "topic": "chips", "claims": 1},
        {"article_id": "A2", "topic": "energy", "claims": 0},
    ]
    assert matrix["claims"].dtype.kind == "i"


def test_the_timeline_takes_events_and_articles_up_to_and_on_the_as_of_date(pkg):
    first = pkg.events.sort_values("date").iloc[0]
    day = f"{first['date']:%Y-%m-%d}"
    out = microsoft.timeline(pkg, day)
    assert out.columns.tolist() == ["date", "date_shown", "lane", "title", "sources"]
    assert out.to_dict("records") == [
        {"date": first["date"], "date_shown": day, "lane": first["kind"],
         "title": first["title"],
         "sources": ", ".join(s.strip() for s in first["source_ids"].split(";"))}]
    # an article's statement joins on the day the article appeared
    published = pkg.articles.set_index("article_id")["date_earliest"]
    claim = pkg.claim(microsoft.ARTICLE_CLAIM_IDS[0])
    on_the_day = microsoft.timeline(pkg, f"{published[claim['article_id']]:%Y-%m-%d}")
    said = on_the_day[on_the_day["lane"] == "what the articles said"]
    assert claim["quote_en"] in said["title"].tolist()
    assert microsoft.ARTICLE_CLAIM_IDS[0] in said["sources"].tolist()
    assert on_the_day.index.tolist() == list(range(len(on_the_day)))
    assert list(on_the_day["date"]) == sorted(on_the_day["date"])


def test_an_event_dated_only_to_its_year_shows_the_year(pkg):
    # ms_follow_on: Microsoft's follow-on funding, known only as "2021" (M2)
    out = microsoft.timeline(pkg, "2026-12-31").set_index("title")
    row = pkg.events.set_index("event_id").loc["ms_follow_on"]
    assert row["date_precision"] == "year"
    assert out.loc[row["title"], "date_shown"] == "2021"


def test_an_event_with_several_sources_lists_them_with_commas(pkg):
    out = microsoft.timeline(pkg, "2026-12-31")
    several = pkg.events[pkg.events["source_ids"].str.contains(";")]
    assert len(several), "no event cites two sources: pick another check"
    row = several.iloc[0]
    shown = out.loc[out["title"] == row["title"], "sources"].iloc[0]
    assert shown == ", ".join(s.strip() for s in row["source_ids"].split(";"))


@pytest.mark.parametrize("dates, text", [
    ([], "with no event yet"),
    (["2025-01-21", "2025-09-10"], "in 2025"),
    (["2026-04-27", "2019-07-22", "2023-01-23"], "from 2019 to 2026"),
])
def test_the_timeline_span_reads_right_with_none_one_and_many_years(dates, text):
    assert microsoft.span_text(pd.Series(pd.to_datetime(dates), dtype="datetime64[ns]")) == text


def test_what_happened_next_keeps_its_dates_as_dates_when_nothing_is_in_view(pkg):
    P = {**params.defaults("claims"), "as_of": "2019-01-01"}
    nxt = audit.analysis(pkg, P)["next"]
    assert nxt.empty and str(nxt["record_date"].dtype).startswith("datetime64")
