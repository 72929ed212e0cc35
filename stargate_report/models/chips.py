"""Chips: how many accelerators a capacity supports, what they cost, and the custom track.

Power per accelerator depends on the level it is counted at: the chip alone (its
TDP), the server or rack it sits in (CPUs, memory, network, fans included), and the
facility (times PUE). Counts here use the system level times PUE, the "all-in" power
a gigawatt of facility capacity has to feed.
"""

from __future__ import annotations

import pandas as pd

from ..data import Package

ACCELERATORS = ("h100", "b200", "gb200_nvl72", "custom")

#: Each preset's sourced figures, by reference id. Prices are a low–high range.
PRESETS = {
    "h100": {"label": "H100", "chip_w": "C9.1", "system_kw": "C9.6", "system": "server",
             "price_low": "C10.1a", "price_high": "C10.1b"},
    "b200": {"label": "B200", "chip_w": "C9.3", "system_kw": "C9.5", "system": "server",
             "price_low": "C10.2a", "price_high": "C10.2b"},
    "gb200_nvl72": {"label": "GB200 NVL72", "chip_w": "C9.4", "system_kw": "C9.8",
                    "system": "rack", "rack_trays": "C9.7a", "gpus_per_tray": "C9.7b",
                    "rack_price": "C10.3"},
}
#: Independent statements to check counts against: (source ids, capacity id or GW).
#: Each label is filled from the sources' own values.
CROSS_CHECKS = {
    "Reuters: more than {low_m:g} million chips for more than {gw:g} GW": ("E7.7b", "E7.7"),
    "Huang: {gw:g} GW is {low_m:g} to {high_m:g} million GPUs": (("C9.9a", "C9.9b"), "C9.9c"),
}
DEAL_IDS = {"NVIDIA (letter of intent)": "CC5a", "AMD": "CC5b", "Broadcom (OpenAI-designed)": "CC5c"}
ENVELOPE_IDS = ("CC1", "CC1c")  # about $1.4 tn for about 30 GW
STARGATE_PLANNED_ID = "E7.16"
ORACLE_ORDER_IDS = ("C10.4a", "C10.4b")  # 400,000 GB200 for about $40 bn


def _value(pkg: Package, source_id: str) -> float:
    return float(pkg.source(source_id)["value"])


def gpus_per_rack(pkg: Package) -> int:
    """GPUs in an NVL72 rack: compute trays × GPUs per tray (NVIDIA's documentation)."""
    p = PRESETS["gb200_nvl72"]
    return int(_value(pkg, p["rack_trays"]) * _value(pkg, p["gpus_per_tray"]))


def preset_power(pkg: Package, gpus_per_server: int) -> pd.DataFrame:
    """kW per accelerator for each preset, at chip and at system (server or rack) level."""
    rows = []
    for name, p in PRESETS.items():
        per_system = gpus_per_rack(pkg) if p["system"] == "rack" else gpus_per_server
        rows.append({"accelerator": name, "label": p["label"], "level": "chip",
                     "kw_per_accelerator": _value(pkg, p["chip_w"]) / 1000,
                     "source_ids": p["chip_w"]})
        rows.append({"accelerator": name, "label": p["label"], "level": p["system"],
                     "kw_per_accelerator": _value(pkg, p["system_kw"]) / per_system,
                     "source_ids": p["system_kw"] + (";" + p["rack_trays"] + ";" + p["gpus_per_tray"]
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


def accelerator_count(capacity_gw: float, kw_per_accelerator: float, pue: float) -> float:
    """Accelerators a facility capacity feeds: GW × 10⁶ ÷ (kW each × PUE)."""
    return capacity_gw * 1e6 / (kw_per_accelerator * pue)


def fleet(capacity_gw: float, pue: float, main_kw: float, main_price_usd: float,
          custom_kw: float, custom_price_usd: float, custom_share: float) -> pd.DataFrame:
    """A fleet where `custom_share` of the capacity runs custom accelerators: counts and
    chip spending (bn USD) for each part."""
    if not 0 <= custom_share <= 1:
        raise ValueError(f"custom_share = {custom_share}; allowed: from 0 to 1")
    rows = []
    for part, share, kw, price in (("main", 1 - custom_share, main_kw, main_price_usd),
                                   ("custom", custom_share, custom_kw, custom_price_usd)):
        count = accelerator_count(capacity_gw * share, kw, pue)
        rows.append({"part": part, "capacity_gw": capacity_gw * share, "count": count,
                     "chips_bn_usd": count * price / 1e9})
    return pd.DataFrame(rows)


def cross_checks(pkg: Package, all_in_kw: float) -> pd.DataFrame:
    """Counts implied by the all-in kW in effect, against independent statements."""
    rows = []
    for label, (count_ids, capacity) in CROSS_CHECKS.items():  # capacity: a reference id
        ids = count_ids if isinstance(count_ids, tuple) else (count_ids,)
        low = _value(pkg, ids[0])
        high = _value(pkg, ids[-1]) if len(ids) > 1 else float("inf")  # «more than»
        gw = _value(pkg, capacity)
        implied = gw * 1e6 / all_in_kw
        label = label.format(low_m=low / 1e6, high_m=high / 1e6, gw=gw)
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
            {"what": "Stargate, planned", "gw": _value(pkg, STARGATE_PLANNED_ID),
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


def count_sensitivity(capacity_gw: float, pue: float, kws: list[float]) -> pd.DataFrame:
    """Accelerator count across kW per accelerator."""
    return pd.DataFrame({"kw_per_accelerator": kws,
                         "count": [accelerator_count(capacity_gw, kw, pue) for kw in kws]})


def custom_timeline(pkg: Package) -> pd.DataFrame:
    """The custom-chip claims of the articles and what the record said, with statuses."""
    tensions = pkg.tensions.set_index("tension_id")
    verdict_of = {c: tensions.loc[t, "verdict"] for t in ("T11", "T12")
                  for c in tensions.loc[t, "claim_ids"].split(";")}
    published = pkg.articles.set_index("article_id")["date_earliest"]
    rows = []
    for cid in ("C001-18", "C003-17", "C003-18", "C003-19", "C004-05"):
        claim = pkg.claims.set_index("claim_id").loc[cid]
        rows.append({"date": published[claim["article_id"]], "lane": "articles", "id": cid,
                     "text": claim["quote_en"], "status": verdict_of.get(cid, "not assessed")})
    for rid, status in (("C11.6", "record"), ("C11.7", "record"), ("C11.8", "record")):
        ref = pkg.reference.set_index("id").loc[rid]
        rows.append({"date": ref["date"], "lane": "public record", "id": rid,
                     "text": f"{ref['publisher']}: {ref['excerpt']}", "status": status})
    return pd.DataFrame(rows).sort_values(["date", "id"]).reset_index(drop=True)


def grid(low: float, high: float, steps: int = 21) -> list[float]:
    """Evenly spaced values from `low` to `high`, for sensitivity charts."""
    return [low + (high - low) * i / (steps - 1) for i in range(steps)]


#: Custom shares of capacity for the sensitivity chart: a grid, not sources.
SHARE_GRID = tuple(grid(0.0, 1.0))
