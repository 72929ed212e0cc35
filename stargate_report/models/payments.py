"""Payment arithmetic: a contract's yearly schedule under a profile, a revenue path,
commitments spread over their terms, and how far revenue covers the payments.

All amounts are in billions of US dollars (bn USD), by calendar year. Pure functions
of their arguments: nothing here reads the data package.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PROFILES = ("flat", "linear", "back_loaded", "custom")


class ScheduleError(ValueError):
    """A schedule cannot be built from these parameters (names them)."""


def parse_weights(text: str) -> list[float]:
    """Custom weights from "1,2,3" (papermill and YAML friendly)."""
    try:
        weights = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ScheduleError(f"custom_weights = {text!r}: give numbers separated by commas, "
                            "such as '1,2,3,4,5'") from None
    if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
        raise ScheduleError(f"custom_weights = {text!r}: weights must be non-negative and "
                            "not all zero")
    return weights


def linear_weights(total_bn_usd: float, years: int, first_year_bn_usd: float) -> list[float]:
    """Payments rising (or falling) by the same step each year, from `first_year_bn_usd`,
    that add up to the total: n·a + d·n(n−1)/2 = total."""
    if years == 1:
        return [total_bn_usd]
    step = 2 * (total_bn_usd - years * first_year_bn_usd) / (years * (years - 1))
    payments = [first_year_bn_usd + step * t for t in range(years)]
    if payments[-1] < -1e-9:
        raise ScheduleError(
            f"first_year_bn_usd = {first_year_bn_usd:g} is too high for a linear schedule of "
            f"{total_bn_usd:g} over {years} years: at most {2 * total_bn_usd / years:g}")
    return payments


def schedule(total_bn_usd: float, years: int, start_year: int, profile: str,
             first_year_bn_usd: float | None = None, custom_weights: str = "") -> pd.DataFrame:
    """Yearly payments under a profile, always summing to the total.

    flat: equal payments. linear: a constant step from `first_year_bn_usd`.
    back_loaded: weights 1, 4, 9, … (year squared). custom: `custom_weights`, one per year.
    """
    if profile == "flat":
        weights = [1.0] * years
    elif profile == "linear":
        weights = linear_weights(total_bn_usd, years, first_year_bn_usd)
    elif profile == "back_loaded":
        weights = [float((t + 1) ** 2) for t in range(years)]
    elif profile == "custom":
        weights = parse_weights(custom_weights)
        if len(weights) != years:
            raise ScheduleError(f"custom_weights has {len(weights)} weights; contract_years "
                                f"is {years}")
    else:
        raise ScheduleError(f"unknown schedule profile {profile!r}; known: {', '.join(PROFILES)}")
    weight_sum = sum(weights)  # each weight's share first: tiny weights cannot overflow
    return pd.DataFrame({"year": range(start_year, start_year + years),
                         "payment_bn_usd": [total_bn_usd * (w / weight_sum) for w in weights]})


def reconcile(total_bn_usd: float, years: int, start_year: int, first_year_bn_usd: float,
              annual_bn_usd: float, custom_weights: str, tolerance: float = 0.1
              ) -> pd.DataFrame:
    """For each profile: does it match "first year ≈ X" and "Y a year"?

    "Y a year" is read two ways: every year (strict) or on average (loose). A match is
    within `tolerance` (a fraction) of the stated figure.
    """
    rows = []
    for profile in PROFILES:
        try:
            s = schedule(total_bn_usd, years, start_year, profile, first_year_bn_usd,
                         custom_weights)
        except ScheduleError as exc:
            rows.append({"profile": profile, "error": str(exc)})
            continue
        pay = s["payment_bn_usd"]

        def near(x, target):
            return abs(x - target) <= tolerance * target

        rows.append({
            "profile": profile, "first_year_bn_usd": pay.iloc[0],
            "peak_bn_usd": pay.max(), "mean_bn_usd": pay.mean(),
            "matches_first_year": near(pay.iloc[0], first_year_bn_usd),
            "matches_annual_every_year": all(near(p, annual_bn_usd) for p in pay),
            "matches_annual_on_average": near(pay.mean(), annual_bn_usd), "error": "",
        })
    return pd.DataFrame(rows)


def revenue_multiples(base_bn_usd, growth_rate, growth_decay, years: int) -> np.ndarray:
    """Revenue in the base year and each of the `years` after it: the rate in the year after
    the base is `growth_rate`, shrinking by `growth_decay` (a fraction) each following year,
    g_t = g₀·(1 − decay)^(t−1). Arrays of values (one per draw) give one row per draw, in
    the same arithmetic as a single value."""
    rate = np.asarray(growth_rate, float)[..., None]
    decay = np.asarray(growth_decay, float)[..., None]
    growth = rate * (1 - decay) ** np.arange(years)
    base = np.broadcast_to(np.asarray(base_bn_usd, float)[..., None], growth.shape[:-1] + (1,))
    return np.cumprod(np.concatenate([base, 1 + growth], axis=-1), axis=-1)


def revenue_path(base_year: int, base_bn_usd: float, growth_rate: float, growth_decay: float,
                 end_year: int) -> pd.DataFrame:
    """Revenue from the base year to `end_year` (`revenue_multiples`), with each year's
    growth rate."""
    years = list(range(base_year, end_year + 1))
    n = len(years) - 1
    growth = [float("nan")] + [growth_rate * (1 - growth_decay) ** t for t in range(n)]
    revenue = revenue_multiples(base_bn_usd, growth_rate, growth_decay, n)
    return pd.DataFrame({"year": years, "revenue_bn_usd": revenue.tolist(), "growth": growth})


def spread(commitments: pd.DataFrame, start_year: int, default_years: int) -> pd.DataFrame:
    """Each commitment spread evenly over its disclosed term, or over `default_years` from
    `start_year` when the term or start is not disclosed (an assumption, flagged)."""
    rows = []
    for _, c in commitments.iterrows():
        years = int(c["term_years"]) if pd.notna(c["term_years"]) else default_years
        first = int(c["start_year"]) if pd.notna(c["start_year"]) else start_year
        assumed = pd.isna(c["term_years"]) or pd.isna(c["start_year"])
        for year in range(first, first + years):
            rows.append({"commitment_id": c["commitment_id"], "label": c["label"], "year": year,
                         "payment_bn_usd": c["amount_bn_usd"] / years, "term_assumed": assumed})
    return pd.DataFrame(rows, columns=["commitment_id", "label", "year", "payment_bn_usd",
                                       "term_assumed"])


def coverage(payments: pd.DataFrame, revenue: pd.DataFrame) -> pd.DataFrame:
    """Per year: payments, revenue, payments as a share of revenue, and the gap
    (payments − revenue; positive means revenue falls short), also cumulated."""
    per_year = payments.groupby("year", as_index=False)["payment_bn_usd"].sum()
    out = per_year.merge(revenue[["year", "revenue_bn_usd"]], on="year", how="left")
    out["share_of_revenue"] = out["payment_bn_usd"] / out["revenue_bn_usd"]
    out["gap_bn_usd"] = out["payment_bn_usd"] - out["revenue_bn_usd"]
    out["cumulative_gap_bn_usd"] = out["gap_bn_usd"].cumsum()
    return out


def first_covered_year(cov: pd.DataFrame) -> int | None:
    """The first year revenue is at least the payments, or None."""
    covered = cov[cov["revenue_bn_usd"] >= cov["payment_bn_usd"]]
    return int(covered["year"].iloc[0]) if not covered.empty else None


