"""Chips: how many accelerators a capacity supports, what they cost, and the custom track.

Power per accelerator depends on the level it is counted at: the chip alone (its
TDP), the server or rack it sits in (CPUs, memory, network, fans included), and the
facility (times PUE). Counts here use the system level times PUE, the "all-in" power
a gigawatt of facility capacity has to feed.
"""

from __future__ import annotations

import pandas as pd

from .. import fmt
from ..data import Package, split_list
from . import energy

ACCELERATORS = ("h100", "b200", "gb200_nvl72", "custom")

#: Each preset's sourced figures, by reference id. Prices are a low–high range; the price
#: level says what a price buys: the GPU alone, or whole systems (rack, network, CPUs).
PRESETS = {
    "h100": {"label": "H100", "chip_w": "C9.1", "system_kw": "C9.6", "system": "server",
             "price_low": "C10.1a", "price_high": "C10.1b", "price_level": "chip"},
    "b200": {"label": "B200", "chip_w": "C9.3", "system_kw": "C9.5", "system": "server",
             "price_low": "C10.2a", "price_high": "C10.2b", "price_level": "chip"},
    "gb200_nvl72": {"label": "GB200 NVL72", "chip_w": "C9.4", "system_kw": "C9.8",
                    "system": "rack", "rack_trays": "C9.7a", "gpus_per_tray": "C9.7b",
                    "rack_price": "C10.3", "price_level": "system"},
}
#: Independent statements to check counts against: (label, count ids, capacity id, bound).
#: A bound says how the statement reads: «more than» (a floor), a stated range, or «about»
#: (the stated count give or take the tolerance the energy chapter's verdicts use).
#: Each label is filled from the sources' own values.
CROSS_CHECKS = (
    ("Reuters: more than {low_m:g} million chips for more than {gw:g} GW", ("E7.7b",), "E7.7",
     "more than"),
    ("Huang: {gw:g} GW is {low_m:g} to {high_m:g} million GPUs", ("C9.9a", "C9.9b"), "C9.9c",
     "range"),
    ("Abilene: about {count} GB200 for {gw:g} GW", ("C10.4a",), "E7.3", "about"),
)
DEAL_IDS = {"NVIDIA (letter of intent)": "CC5a", "AMD": "CC5b",
            "Broadcom (OpenAI-designed)": "CC5c"}
#: The deals that were never binding, and the row that says so: NVIDIA's letter of intent,
#: which NVIDIA said in February 2026 "was never a commitment".
NONBINDING_DEAL_IDS, NONBINDING_STATUS_ID = ("CC5a",), "FN26.11"
ENVELOPE_IDS = ("CC1", "CC1c")  # about $1.4 tn for about 30 GW
STARGATE_PLANNED_ID = energy.PLANNED_CAPACITY_IDS[-1]  # the latest announced, as energy
ORACLE_ORDER_IDS = ("C10.4a", "C10.4b")  # 400,000 GB200 for about $40 bn


def _value(pkg: Package, source_id: str) -> float:
    return pkg.value(source_id)


def gpus_per_rack(pkg: Package) -> int:
    """GPUs in an NVL72 rack: compute trays × GPUs per tray (NVIDIA's documentation)."""
    p = PRESETS["gb200_nvl72"]
    return int(_value(pkg, p["rack_trays"]) * _value(pkg, p["gpus_per_tray"]))


def preset_power(pkg: Package, gpus_per_server: int) -> pd.DataFrame:
    """KW per accelerator for each preset, at chip and at system (server or rack) level."""
    rows = []
    for name, p in PRESETS.items():
        per_system = gpus_per_rack(pkg) if p["system"] == "rack" else gpus_per_server
        rows.append({"accelerator": name, "label": p["label"], "level": "chip",
                     "kw_per_accelerator": _value(pkg, p["chip_w"]) / 1000,
                     "source_ids": p["chip_w"]})
        rows.append({"accelerator": name, "label": p["label"], "level": p["system"],
                     "kw_per_accelerator": _value(pkg, p["system_kw"]) / per_system,
                     "source_ids": p["system_kw"] + (";" + p["rack_trays"] + ";"
                                                     + p["gpus_per_tray"]
                                                     if p["system"] == "rack" else "")})
    return pd.DataFrame(rows)


def preset_price(pkg: Package, accelerator: str) -> dict:
    """Price per accelerator: the midpoint of a reported range.

    For GB200 the range runs from the rack price ÷ GPUs per rack (a 2024 estimate) to the
    reported Abilene order ÷ its chips (2025; systems likely included).
    """
    p = PRESETS[accelerator]
    if "rack_price" in p:
        low = _value(pkg, p["rack_price"]) / gpus_per_rack(pkg)
        high = oracle_order_usd_per_gpu(pkg)
        return {"low": low, "high": high, "mid": (low + high) / 2,
                "source_ids": ";".join((p["rack_price"], *ORACLE_ORDER_IDS))}
    low, high = _value(pkg, p["price_low"]), _value(pkg, p["price_high"])
    return {"low": low, "high": high, "mid": (low + high) / 2,
            "source_ids": f"{p['price_low']};{p['price_high']}"}


def system_kw(pkg: Package, accelerator: str, gpus_per_server: int,
              custom_kw_per_accelerator: float) -> float:
    """System-level kW per accelerator for a preset, or the custom value."""
    if accelerator == "custom":
        return custom_kw_per_accelerator
    power = preset_power(pkg, gpus_per_server)
    return float(power[(power["accelerator"] == accelerator) & (power["level"] != "chip")]
                 ["kw_per_accelerator"].iloc[0])


def accelerator_count(power_gw: float, kw_per_accelerator: float) -> float:
    """Accelerators a power feeds: GW × 10⁶ ÷ kW each (both at the same level)."""
    return power_gw * 1e6 / kw_per_accelerator


def fleet(it_power_gw: float, main_kw: float, main_price_usd: float,
          custom_kw: float, custom_price_usd: float, custom_share: float) -> pd.DataFrame:
    """A fleet where `custom_share` of the IT power runs custom accelerators: counts and
    chip spending (bn USD) for each part, at system-level kW per accelerator."""
    if not 0 <= custom_share <= 1:
        raise ValueError(f"custom_share = {custom_share}; allowed: from 0 to 1")
    rows = []
    for part, share, kw, price in (("main", 1 - custom_share, main_kw, main_price_usd),
                                   ("custom", custom_share, custom_kw, custom_price_usd)):
        count = accelerator_count(it_power_gw * share, kw)
        rows.append({"part": part, "it_power_gw": it_power_gw * share, "count": count,
                     "chips_bn_usd": count * price / 1e9})
    return pd.DataFrame(rows)


def cross_checks(pkg: Package, all_in_kw: float,
                 tolerance: float = energy.VERDICT_TOLERANCE) -> pd.DataFrame:
    """Counts implied by the all-in kW in effect, against independent statements.

    An «about» count is read as a range of ± `tolerance` around it, the test the energy
    chapter applies to stated equivalences.
    """
    rows = []
    for label, ids, capacity, bound in CROSS_CHECKS:
        stated = [_value(pkg, i) for i in ids]
        if bound == "more than":
            low, high = stated[0], float("inf")
        elif bound == "about":
            low, high = stated[0] * (1 - tolerance), stated[0] * (1 + tolerance)
        else:
            low, high = stated[0], stated[-1]
        gw = _value(pkg, capacity)
        implied = gw * 1e6 / all_in_kw
        label = label.format(low_m=low / 1e6, high_m=high / 1e6, gw=gw,
                             count=fmt.count(stated[0]))
        status = "within" if low <= implied <= high else ("below" if implied < low else "above")
        rows.append({"statement": label, "gw": gw, "stated_low": low, "stated_high": high,
                     "implied_count": implied, "status": status,
                     "implied_kw_low": gw * 1e6 / high if high != float("inf") else 0.0,
                     "implied_kw_high": gw * 1e6 / low,
                     "source_ids": ";".join((*ids, capacity))})
    return pd.DataFrame(rows)


def capex(pkg: Package, capacity_gw: float, capex_bn_usd_per_gw: float) -> pd.DataFrame:
    """Top-down capex (GW × bn USD per GW) for the capacity, Stargate, and the chip deals.

    The deals and Stargate's sites overlap: their GW are shown apart, never added.
    """
    rows = [{"what": "This capacity", "gw": capacity_gw, "group": "this report", "source_ids": ""},
            {"what": "Stargate, as last announced", "gw": _value(pkg, STARGATE_PLANNED_ID),
             "group": "Stargate sites", "source_ids": STARGATE_PLANNED_ID}]
    for label, rid in DEAL_IDS.items():
        rows.append({"what": f"Chip deal: {label}", "gw": _value(pkg, rid), "group": "chip deals",
                     "source_ids": rid})
    deals = sum(_value(pkg, rid) for rid in DEAL_IDS.values())
    rows.append({"what": "Chip deals together", "gw": deals, "group": "chip deals",
                 "source_ids": ";".join(DEAL_IDS.values())})
    out = pd.DataFrame(rows)
    out["capex_bn_usd"] = out["gw"] * capex_bn_usd_per_gw
    envelope_bn, envelope_gw = (_value(pkg, i) for i in ENVELOPE_IDS)
    out = pd.concat([out, pd.DataFrame([{
        "what": "OpenAI's stated envelope (about)", "gw": envelope_gw, "group": "stated",
        "source_ids": ";".join(ENVELOPE_IDS), "capex_bn_usd": envelope_bn}])], ignore_index=True)
    return out


def envelope_bn_usd_per_gw(pkg: Package) -> float:
    """The stated envelope's implied capex per GW: about $1.4 tn ÷ about 30 GW."""
    envelope_bn, envelope_gw = (_value(pkg, i) for i in ENVELOPE_IDS)
    return envelope_bn / envelope_gw


def oracle_order_usd_per_gpu(pkg: Package) -> float:
    """The reported Abilene order: about $40 bn ÷ 400,000 GB200, systems likely included."""
    chips, value_bn = (_value(pkg, i) for i in ORACLE_ORDER_IDS)
    return value_bn * 1e9 / chips


def count_sensitivity(facility_power_gw: float, kws: list[float]) -> pd.DataFrame:
    """Accelerator count across all-in kW per accelerator (facility power ÷ kW each)."""
    return pd.DataFrame({"kw_per_accelerator": kws,
                         "count": [accelerator_count(facility_power_gw, kw) for kw in kws]})


#: The custom-chip story: the articles' claims, the tensions that judge them, the record.
CUSTOM_CLAIM_IDS = ("C001-18", "C003-17", "C003-18", "C003-19", "C004-05")
CUSTOM_TENSION_IDS = ("T11", "T12")
CUSTOM_RECORD_IDS = ("C11.6", "C11.7", "C11.8")


def custom_timeline(pkg: Package) -> pd.DataFrame:
    """The custom-chip claims of the articles and what the record said, with statuses."""
    tensions = pkg.tensions.set_index("tension_id")
    verdict_of = {c: tensions.loc[t, "verdict"] for t in CUSTOM_TENSION_IDS
                  for c in tensions.loc[t, "claim_ids"].split(";")}
    published = pkg.articles.set_index("article_id")["date_earliest"]
    rows = []
    for cid in CUSTOM_CLAIM_IDS:
        claim = pkg.claim(cid)
        rows.append({"date": published[claim["article_id"]], "lane": "articles", "id": cid,
                     "text": claim["quote_en"], "status": verdict_of.get(cid, "not assessed")})
    for rid in CUSTOM_RECORD_IDS:
        ref = pkg.ref(rid)
        rows.append({"date": ref["date"], "lane": "public record", "id": rid,
                     "text": f"{ref['publisher']}: {ref['excerpt']}", "status": "record"})
    return pd.DataFrame(rows).sort_values(["date", "id"]).reset_index(drop=True)


def grid(low: float, high: float, steps: int = 21) -> list[float]:
    """Evenly spaced values from `low` to `high`, for sensitivity charts."""
    return [low + (high - low) * i / (steps - 1) for i in range(steps)]


#: Custom shares of capacity for the sensitivity chart: a grid, not sources.
SHARE_GRID = tuple(grid(0.0, 1.0))


#: The top-down capex per GW as reported, and NVIDIA's part of it (Huang).
CAPEX_PER_GW_ID, NVIDIA_PER_GW_ID = "E3.3b", "C10.5b"
LEVEL_ALL_IN = "all in (system × PUE)"
LEVELS = ("chip", "server or rack", LEVEL_ALL_IN)
#: Each chart's source line: what it draws on, by id.
CHART_SOURCES = {
    "levels": "Chip power: C9.1, C9.3, C9.4; systems: C9.5, C9.6, C9.8 (NVL72: C9.7a × C9.7b "
              "GPUs); GPUs per server: parameter",
    "checks": "Reuters (E7.7, E7.7b); Huang via CNBC (C9.9a, C9.9b, C9.9c); Abilene order "
              "(C10.4a) and campus (E7.3); presets as above",
    "capex": f"Capex per GW: E3.3b, C10.5a, C10.5b; GW: {STARGATE_PLANNED_ID}, CC5a, CC5b, CC5c; "
             "envelope: CC1, CC1c",
    "custom": "Claims " + ", ".join(CUSTOM_CLAIM_IDS) + "; record " + ", ".join(CUSTOM_RECORD_IDS),
    "sensitivity": "Presets and cross-checks as above; custom price and power are assumptions "
                   "(parameters)",
}


#: What the spending buys, by price level: a reader should not take system prices for chips.
SPEND_NOUNS = {"chip": "chips", "system": "accelerator systems", "custom": "accelerators"}


def spend_noun(accelerator: str) -> str:
    """What the bottom-up spending buys: chips, whole accelerator systems, or (for a custom
    accelerator, priced by assumption) accelerators."""
    level = "custom" if accelerator == "custom" else PRESETS[accelerator]["price_level"]
    return SPEND_NOUNS[level]


def price_basis_text(pkg: Package, P: dict) -> str:
    """Where the price per accelerator in effect comes from, in a clause."""
    if P["accelerator"] == "custom":
        return "the price of a custom accelerator is an assumption (a parameter)"
    price = preset_price(pkg, P["accelerator"])
    low, high = (f"${fmt.approx(price[k], 3)}" for k in ("low", "high"))
    if P["price_position"] == 0.5:
        where, joint = "midway between", "and"
    else:
        where, joint = f"{fmt.percent(100 * P['price_position'])} of the way from", "to"
    if "rack_price" in PRESETS[P["accelerator"]]:
        return (f"the price in effect is {where} a whole rack's reported price per GPU, "
                f"{low}, {joint} the price per GB200 of the Abilene order")
    return (f"the price in effect is {where} the lowest and highest reported, {low} "
            f"and {high}" if P["price_position"] == 0.5 else
            f"the price in effect is {where} the lowest reported, {low}, to the highest, {high}")


def label_of(accelerator: str) -> str:
    """The name of an accelerator preset as readers know it."""
    return "custom accelerator" if accelerator == "custom" else PRESETS[accelerator]["label"]


def main_price(pkg: Package, P: dict) -> float:
    """Price of the main accelerator: the preset's, at `price_position` from its lowest (0)
    to its highest (1) reported price, or the custom one. Arithmetic only, so that it also
    runs on an array of positions (the uncertainty ranges draw them)."""
    if P["accelerator"] == "custom":
        return P["price_usd_per_accelerator"]
    price = preset_price(pkg, P["accelerator"])
    return price["low"] + P["price_position"] * (price["high"] - price["low"])


def headline(pkg: Package, P: dict) -> dict:
    """The chapter's headline numbers from its parameters, in arithmetic that also runs on
    arrays of parameter values: `key_numbers` prints them, and the uncertainty ranges draw
    them for many values at once."""
    kw = system_kw(pkg, P["accelerator"], P["gpus_per_server"], P["kw_per_accelerator"])
    it_power = energy.it_gw(P["capacity_gw"], P["capacity_basis"], P["pue"])
    share = P["custom_share"]
    main = accelerator_count(it_power * (1 - share), kw)
    custom = accelerator_count(it_power * share, P["kw_per_accelerator"])
    chips_bn = (main * main_price(pkg, P) + custom * P["price_usd_per_accelerator"]) / 1e9
    top_down = P["capacity_gw"] * P["capex_bn_usd_per_gw"]
    return {"count_m": (main + custom) / 1e6, "chips_bn": chips_bn, "top_down_bn": top_down,
            "chips_share_pct": 100 * chips_bn / top_down}


def count_levels(pkg: Package, P: dict) -> pd.DataFrame:
    """Each preset counted at chip, server or rack, and all-in level, for the facility
    power in effect: the same power divided by a larger power per accelerator."""
    power = preset_power(pkg, P["gpus_per_server"])
    system = power[power["level"] != "chip"]
    levels = pd.concat([power, system.assign(
        level=LEVEL_ALL_IN, kw_per_accelerator=system["kw_per_accelerator"] * P["pue"])])
    levels["level"] = levels["level"].replace({"server": "server or rack",
                                               "rack": "server or rack"})
    facility = energy.facility_gw(P["capacity_gw"], P["capacity_basis"], P["pue"])
    levels["count_m"] = [accelerator_count(facility, kw) / 1e6
                         for kw in levels["kw_per_accelerator"]]
    return levels.reset_index(drop=True)


def spending_sensitivity(pkg: Package, P: dict, it_power_gw: float, kw: float) -> pd.DataFrame:
    """Chip spending across the custom share of capacity, with the main accelerator at its
    low, middle and high reported price (one price for a custom main accelerator)."""
    prices = ({"price in effect": P["price_usd_per_accelerator"]} if P["accelerator"] == "custom"
              else {f"{k} price": v for k, v in preset_price(pkg, P["accelerator"]).items()
                    if k in ("low", "mid", "high")})
    rows = []
    for share in SHARE_GRID:
        for name, price in prices.items():
            mix = fleet(it_power_gw, kw, price, P["kw_per_accelerator"],
                        P["price_usd_per_accelerator"], share)
            rows.append({"custom_share": share, "price": name,
                         "chips_bn_usd": float(mix["chips_bn_usd"].sum())})
    return pd.DataFrame(rows)


def analysis(pkg: Package, P: dict) -> dict:
    """Every frame the chapter draws, from its parameters `P`."""
    kw = system_kw(pkg, P["accelerator"], P["gpus_per_server"], P["kw_per_accelerator"])
    it_power = energy.it_gw(P["capacity_gw"], P["capacity_basis"], P["pue"])
    power = preset_power(pkg, P["gpus_per_server"])
    checks = cross_checks(pkg, kw * P["pue"])
    system = power[power["level"] != "chip"]
    kws = grid(float(power["kw_per_accelerator"].min()), float(checks["implied_kw_high"].max()))
    facility = energy.facility_gw(P["capacity_gw"], P["capacity_basis"], P["pue"])
    price = main_price(pkg, P)
    return {
        "system_kw": kw, "price": price, "it_power_gw": it_power,
        "power": power, "levels": count_levels(pkg, P),
        "mix": fleet(it_power, kw, price, P["kw_per_accelerator"],
                     P["price_usd_per_accelerator"], P["custom_share"]),
        "checks": checks,
        "all_in": system.assign(kw=system["kw_per_accelerator"] * P["pue"]),
        "capex": capex(pkg, P["capacity_gw"], P["capex_bn_usd_per_gw"]),
        "timeline": custom_timeline(pkg),
        "count_sensitivity": count_sensitivity(facility, kws).assign(
            count_m=lambda d: d["count"] / 1e6),
        "spending_sensitivity": spending_sensitivity(pkg, P, it_power, kw),
    }


def key_numbers(pkg: Package, P: dict, frames: dict | None = None) -> dict:
    """Every number the chips chapter prints, and the scenario comparison shows."""
    a = frames or analysis(pkg, P)
    head = {name: float(value) for name, value in headline(pkg, P).items()}
    deals = a["capex"][a["capex"]["what"] == "Chip deals together"].iloc[0]
    return {
        **head, "capacity_gw": P["capacity_gw"],
        "all_in_kw": a["system_kw"] * P["pue"], "system_kw": a["system_kw"],
        "it_gw": a["it_power_gw"], "price_k": a["price"] / 1e3,
        "nvidia_share_pct": 100 * pkg.value(NVIDIA_PER_GW_ID) / P["capex_bn_usd_per_gw"],
        "envelope_per_gw": envelope_bn_usd_per_gw(pkg),
        "oracle_order_k": oracle_order_usd_per_gpu(pkg) / 1e3,
        "deals_gw": float(deals["gw"]), "deals_bn": float(deals["capex_bn_usd"]),
        "deals_nonbinding_gw": sum(pkg.value(i) for i in NONBINDING_DEAL_IDS),
        "deals_nonbinding_said": f"{pkg.ref(NONBINDING_STATUS_ID)['date']:%B %Y}",
        "custom_share_pct": 100 * P["custom_share"], "capex_src": pkg.value(CAPEX_PER_GW_ID),
        "label": label_of(P["accelerator"]), "spend_noun": spend_noun(P["accelerator"]),
        "n_checks": len(a["checks"]), "price_basis_text": price_basis_text(pkg, P),
        "checks_tolerance_pct": 100 * energy.VERDICT_TOLERANCE,
        "checks_text": _checks_text(a["checks"]),
    }


def _checks_text(checks: pd.DataFrame) -> str:
    """Whether the count falls within the independent statements, in a sentence that names
    the statements it misses and on which side."""
    n, within = len(checks), int((checks["status"] == "within").sum())
    if n == 0:
        return "No independent statement is in the record to check the count against."
    if n == 1:
        where = "within" if within else str(checks["status"].iloc[0])
        return f"The count falls {where} the range of the one independent statement."
    if within == n:
        which = "both" if n == 2 else f"all {fmt.count(n)}"
        return f"The count falls within the range of {which} independent statements."
    who = checks["statement"].str.split(":").str[0]
    misses = []
    for side in ("below", "above"):
        names = list(who[checks["status"] == side])
        if names:
            misses.append(f"{side} {'the range' if len(names) == 1 else 'the ranges'} of "
                          f"{fmt.listing(names)}")
    if within == 0:
        return f"The count falls {fmt.listing(misses)}: outside every independent statement."
    return (f"The count falls within the range of {fmt.count(within)} of the "
            f"{fmt.count(n)} independent statements, and {fmt.listing(misses)}.")


def checks_table(checks: pd.DataFrame) -> pd.DataFrame:
    """The cross-checks for a table: each statement, the count the kW in effect implies,
    and whether it falls within the statement's range."""
    return pd.DataFrame({
        "Statement": checks["statement"],
        "Count at the kW in effect": [fmt.millions(c / 1e6) for c in checks["implied_count"]],
        "Against the statement": checks["status"].map(
            {"within": "within its range", "below": "below its range",
             "above": "above its range"}),
        "Sources": checks["source_ids"].str.replace(";", ", "),
    })


def _usd(value_k: float) -> str:
    return f"${fmt.approx(value_k * 1000, 3)}"


#: How the page prints each key number; units in words stay in the prose.
FORMATS = {
    "count_m": fmt.millions,
    **{name: (lambda v: fmt.approx(v, 3)) for name in ("all_in_kw", "system_kw", "it_gw")},
    **{name: _usd for name in ("price_k", "oracle_order_k")},
    **{name: fmt.money_bn for name in (
        "chips_bn", "top_down_bn", "deals_bn", "capex_src", "envelope_per_gw")},
    **{name: fmt.percent for name in ("chips_share_pct", "nvidia_share_pct", "custom_share_pct",
                                       "checks_tolerance_pct")},
}


def cited_ids(pkg: Package) -> set[str]:
    """Every claim and record id the chapter cites (its parameters' sources aside)."""
    power = preset_power(pkg, 8)
    checks = cross_checks(pkg, 1.0)
    spend = capex(pkg, 1.0, 1.0)
    return ({s for ids in power["source_ids"] for s in split_list(ids)}
            | {s for k in PRESETS for s in split_list(preset_price(pkg, k)["source_ids"])}
            | {s for ids in checks["source_ids"] for s in split_list(ids)}
            | {s for ids in spend["source_ids"] for s in split_list(ids)}
            | set(ORACLE_ORDER_IDS) | set(CUSTOM_CLAIM_IDS) | set(CUSTOM_RECORD_IDS)
            | {CAPEX_PER_GW_ID, NVIDIA_PER_GW_ID, NONBINDING_STATUS_ID})
