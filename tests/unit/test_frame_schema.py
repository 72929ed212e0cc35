"""The frames each chapter's `analysis` hands its notebook: their names, their columns
(what the charts and tables read, written out here as the contract) and a clean row index.
A renamed column or a leftover index column would break a chart without failing a number."""

import pandas as pd
import pytest

from stargate_report import params
from stargate_report.models import compare

#: payments.coverage's columns: the contract's and all purchases' coverage alike.
COVERAGE = ["year", "payment_bn_usd", "revenue_bn_usd", "share_of_revenue", "gap_bn_usd",
            "cumulative_gap_bn_usd"]

FRAMES = {
    "sources": {
        "articles": [
            "article_id",
            "file",
            "language",
            "title",
            "title_basis",
            "date_earliest",
            "date_latest",
            "date_basis",
            "date_reference_ids",
            "outlet",
            "cited_sources",
            "topics",
            "note",
        ],
        "figures": ["article_id", "kind", "text", "start", "in_words"],
        "per_article": [
            "article_id",
            "words",
            "figures",
            "figures_money",
            "figures_power",
            "figures_percent",
            "figures_year",
            "figures_other",
            "figures_per_1000_words",
        ],
        "topics": ["article_id", "topic", "date_earliest", "date_latest", "title"],
    },
    "claims": {
        "claims": [
            "claim_id",
            "article_id",
            "topic",
            "subject",
            "metric",
            "value",
            "unit",
            "period",
            "quote_fr",
            "quote_en",
            "note",
        ],
        "record": [
            "id",
            "subject",
            "metric",
            "value",
            "unit",
            "date",
            "date_precision",
            "event_date",
            "publisher",
            "publisher_type",
            "title",
            "url",
            "excerpt",
            "grade",
            "caveat",
            "date_shown",
        ],
        "tensions": ["tension_id", "claim_ids", "reference_ids", "verdict", "later_ids",
                     "explanation"],
        "next": [
            "claim_id",
            "article_id",
            "claim",
            "record_date",
            "record_date_shown",
            "record",
            "reference_id",
            "verdict",
            "tension_id",
        ],
        "matrix": ["article_id", "topic", "claims"],
        "verdicts": ["verdict", "tensions"],
    },
    "funding": {
        "commitments": [
            "commitment_id",
            "label",
            "payer",
            "payee",
            "kind",
            "amount_bn_usd",
            "term_years",
            "start_year",
            "source_id",
            "term_source_id",
            "status",
            "note",
        ],
        "contract": ["year", "payment_bn_usd"],
        "profiles": [
            "profile",
            "first_year_bn_usd",
            "peak_bn_usd",
            "mean_bn_usd",
            "matches_first_year",
            "matches_annual_every_year",
            "matches_annual_on_average",
            "error",
        ],
        "schedules": ["year", "payment_bn_usd", "profile", "in_effect"],
        "revenue": ["year", "revenue_bn_usd", "growth"],
        "cov_contract": COVERAGE,
        "cov_all": COVERAGE,
        "rpo": ["reference_id", "date", "rpo_bn_usd", "grade", "contract_share"],
        "oci": [
            "fiscal_year",
            "oci_outlook_bn_usd",
            "contract_payment_bn_usd",
            "reference_id",
            "contract_share_of_oci",
        ],
        "vs_oracle": [
            "what",
            "reference_id",
            "revenue_bn_usd",
            "mean_payment_share",
            "peak_payment_share",
        ],
        "scale": ["reference_id", "label", "amount_bn_usd", "grade"],
        "financing": ["reference_id", "what", "bn_usd", "source"],
    },
    "energy": {
        "planned": ["date", "capacity_gw", "qualifier", "what", "grade", "reference_id"],
        "context": ["what", "twh", "reference_id", "kind", "multiple_of_this"],
        "bills": [
            "state",
            "state_name",
            "price_usd_per_mwh",
            "reference_id",
            "cost_bn_usd",
            "in_effect",
        ],
        "checks": [
            "source_id",
            "citation",
            "label",
            "statement",
            "measure",
            "gw",
            "stated",
            "annual",
            "peak",
            "verdict",
            "decided_by",
        ],
        "grid": ["reading", "basis", "pue", "load_factor", "twh", "cost_bn_usd", "in_effect"],
        "sites": ["Name", "Operator or developer", "Capacity", "Status (as of)", "Sources",
                  "Note"],
    },
    "chips": {
        "power": ["accelerator", "label", "level", "kw_per_accelerator", "source_ids"],
        "levels": ["accelerator", "label", "level", "kw_per_accelerator", "source_ids", "count_m"],
        "mix": ["part", "it_power_gw", "count", "chips_bn_usd"],
        "checks": [
            "statement",
            "gw",
            "stated_low",
            "stated_high",
            "implied_count",
            "status",
            "implied_kw_low",
            "implied_kw_high",
            "source_ids",
        ],
        "all_in": ["accelerator", "label", "level", "kw_per_accelerator", "source_ids", "kw"],
        "capex": ["what", "gw", "group", "source_ids", "capex_bn_usd"],
        "timeline": ["date", "lane", "id", "text", "status"],
        "count_sensitivity": ["kw_per_accelerator", "count", "count_m"],
        "spending_sensitivity": ["custom_share", "price", "chips_bn_usd"],
    },
    "microsoft": {
        "purchases": [
            "event_id",
            "date",
            "date_precision",
            "kind",
            "term",
            "title",
            "provider",
            "amount_bn_usd",
            "status",
            "source_ids",
            "note",
            "provider_id",
        ],
        "shares": ["provider", "amount_bn_usd", "share"],
        "over_time": ["date", "value", "providers", "total_bn_usd"],
        "books": ["what", "bn_usd", "part", "source"],
        "events": ["date", "date_shown", "lane", "title", "sources"],
        "terms": ["Term", "In force", "Since", "Status", "Grade", "Sources"],
    },
}
#: Frames that keep the data package's own row labels (a selection of its rows).
KEEP_INDEX = {
    ("sources", "articles"),
    ("claims", "record"),
    ("funding", "commitments"),
    ("microsoft", "purchases"),
    ("chips", "all_in"),  # the system-level rows of the power table
}


@pytest.mark.parametrize("chapter", list(FRAMES))
def test_each_chapter_hands_its_notebook_the_frames_and_columns_it_draws(pkg, chapter):
    frames = compare.MODELS[chapter].analysis(pkg, params.defaults(chapter))
    shown = {name: list(f.columns) for name, f in frames.items() if isinstance(f, pd.DataFrame)}
    assert shown == FRAMES[chapter]
    for name, frame in frames.items():
        if isinstance(frame, pd.DataFrame) and (chapter, name) not in KEEP_INDEX:
            assert frame.index.tolist() == list(range(len(frame))), (
                f"{chapter}.{name} has a gap or an old index in its row labels"
            )
