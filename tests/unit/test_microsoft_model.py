import pandas as pd
import pytest

from stargate_report import data
from stargate_report.models import microsoft as m


@pytest.fixture(scope="module")
def pkg():
    return data.load()


def test_concentration_metrics():
    shares = pd.Series([0.5, 0.3, 0.2])
    assert m.concentration(shares, "hhi") == pytest.approx(2500 + 900 + 400)
    assert m.concentration(shares, "top_share") == pytest.approx(50)
    assert m.concentration(pd.Series([1.0]), "hhi") == 10_000
    with pytest.raises(ValueError, match="concentration_metric = 'gini'"):
        m.concentration(shares, "gini")


def test_as_of_changes_what_is_disclosed(pkg):
    buys = m.purchases(pkg, list(m.PROVIDERS), include_unconfirmed=True)
    before = m.shares_as_of(buys, "2025-06-30")
    after = m.shares_as_of(buys, "2025-12-31")
    assert list(before["provider"]) == ["CoreWeave"]
    assert before["amount_bn_usd"].sum() == pytest.approx(15.9)
    assert after["amount_bn_usd"].sum() == pytest.approx(300 + 250 + 38 + 22.4)
    assert m.concentration(before["share"], "hhi") == 10_000
    assert m.concentration(after["share"], "hhi") < 10_000


def test_unconfirmed_and_provider_filters(pkg):
    confirmed = m.purchases(pkg, list(m.PROVIDERS), include_unconfirmed=False)
    assert "Oracle" not in set(confirmed["provider"])
    only_two = m.purchases(pkg, ["azure", "aws"], include_unconfirmed=True)
    assert set(only_two["provider"]) == {"Microsoft Azure", "Amazon Web Services"}
    with pytest.raises(ValueError, match="unknown ibm"):
        m.parse_providers("azure,ibm")


def test_microsoft_side(pkg):
    side = m.microsoft_side(pkg)
    assert side["openai_rpo"] == pytest.approx(625 * 0.45)
    assert side["value_per_dollar_committed"] == pytest.approx(135 / 13)


def test_the_timeline_places_the_articles(pkg):
    tl = m.timeline(pkg, "2026-06-30")
    assert "what the articles said" in set(tl["lane"])
    assert tl["date"].min() == pd.Timestamp("2019-07-22")
    assert m.timeline(pkg, "2024-12-31")["date"].max() <= pd.Timestamp("2024-12-31")


def test_every_event_and_figure_has_a_source(pkg):
    for _, event in pkg.events.iterrows():
        ids = data.split_list(event["source_ids"])
        assert ids, event["event_id"]
        for sid in ids:
            assert pkg.source(sid)["citation"], (event["event_id"], sid)
    for sid in (m.RPO_TOTAL_ID, m.RPO_OPENAI_SHARE_ID, m.STAKE_VALUE_ID, m.STAKE_ID,
                m.COMMITTED_ID, m.FUNDED_ID):
        assert pkg.source(sid)["value"] == pkg.source(sid)["value"], sid  # not NaN


def test_azure_exclusivity_lasted_five_and_a_half_years(pkg):
    assert m.exclusive_years(pkg) == pytest.approx(5.5, abs=0.05)  # July 2019 → January 2025
