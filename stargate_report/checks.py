"""Every check of the data package, each problem named by file, line and field.

Frictionless checks what the schema declares (types, required, unique, patterns,
hashes); the checks below cover what a Table Schema cannot say: cross-file references,
vocabulary, verbatim text, and each curated value against the source it cites. The
claims' own quote and value checks are in `ledger`.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from . import ledger
from .rows import TOPICS, UNTITLED, Problem, find_source, line_of, split_list


def schema_problems(data_dir: Path) -> list[Problem]:
    """What the Table Schema declares (types, required, unique, patterns, hashes)."""
    from frictionless import validate

    report = validate(str(data_dir / "datapackage.json"))
    problems = []
    for task in report.tasks:
        for error in task.errors:
            file = f"data/{task.place}"
            if error.type == "hash-count":
                message = (
                    "content does not match the sha256 in datapackage.json; "
                    "if the change is intended, update the resource's 'hash'"
                )
            else:
                message = error.message
            problems.append(
                Problem(file, message, getattr(error, "row_number", None),
                        getattr(error, "field_name", None))
            )
    for error in report.errors:  # package-level (descriptor) errors
        problems.append(Problem("data/datapackage.json", error.message))
    return problems


def _article_problems(data_dir: Path, articles: pd.DataFrame,
                      reference: pd.DataFrame) -> list[Problem]:
    file = "data/articles.csv"
    problems = []
    ref_ids = set(reference["id"])
    for i, row in articles.iterrows():
        line = line_of(articles, i)
        path = data_dir / str(row["file"])
        if not path.is_file():
            problems.append(Problem(file, f"no such file: data/{row['file']}", line, "file"))
            continue
        text = path.read_text(encoding="utf-8")
        if not str(row["file"]).split("/")[-1].startswith(str(row["article_id"]) + "_"):
            problems.append(Problem(file, f"article_id {row['article_id']} is not the prefix "
                                          f"of the file name {row['file']}", line, "article_id"))
        if str(row["title"]) not in text:
            problems.append(Problem(file, "title is not a verbatim substring of the article",
                                    line, "title"))
        for source in split_list(row["cited_sources"]):
            if source not in text:
                problems.append(Problem(file, f"cited source {source!r} does not occur "
                                              "verbatim in the article", line, "cited_sources"))
        topics = split_list(row["topics"])
        for topic in topics:
            if topic not in TOPICS:
                problems.append(Problem(file, f"unknown topic {topic!r}; allowed: "
                                              f"{', '.join(TOPICS)}", line, "topics"))
        if not topics:
            problems.append(Problem(file, "at least one topic is required", line, "topics"))
        for ref_id in split_list(row["date_reference_ids"]):
            if ref_id not in ref_ids:
                problems.append(Problem(file, f"reference id {ref_id!r} is not in "
                                              "data/reference.csv", line, "date_reference_ids"))
        if pd.notna(row["date_latest"]) and row["date_latest"] < row["date_earliest"]:
            problems.append(Problem(file, "date_latest is before date_earliest", line,
                                    "date_latest"))
    return problems


#: The grading rubric: the grade a page earns from who published it. A is the text of
#: the company, regulator or government agency on its own page (an archive snapshot of
#: that page counts as the page); B a wire, mainstream outlet or trade press; C an
#: aggregator, blog, republisher (a mirror included) or machine summary.
GRADE_OF_PUBLISHER_TYPE = {
    "company": "A", "regulator": "A", "government": "A",
    "wire": "B", "mainstream": "B", "trade press": "B",
    "aggregator": "C", "blog": "C", "republisher": "C", "machine summary": "C",
}


def url_slug(url: str) -> str:
    """The last path segment of a URL as words ("oracle-stock-zooms-36" → "oracle stock
    zooms 36"), lower case, extension dropped; "" when the path has none."""
    path = urlparse(url).path.rstrip("/")
    segment = path.rsplit("/", 1)[-1].rsplit(".", 1)[0] if path else ""
    return " ".join(re.split(r"[-_+]+", segment.lower())).strip()


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def is_slug_title(title: str, url: str) -> bool:
    """Is `title` its URL's slug rather than a title? A headline made into a slug loses
    its capitals and punctuation, so a title with neither that spells the slug's words
    (or the slug itself, hyphens and all) was read off the URL, not off the page."""
    slug = url_slug(url)
    segment = urlparse(url).path.rstrip("/").rsplit("/", 1)[-1]
    plain = title.strip()
    return bool(slug) and (plain == segment or (plain == plain.lower()
                                                and _words(plain) == _words(slug)))


def placeholder_date_problem(date: pd.Timestamp, precision: str) -> str | None:
    """Why a publication date and its precision disagree, or None. A 1 January stored
    as a day is a placeholder for an unknown day; an unknown day is stored as the
    first of its month, an unknown month as 1 January."""
    if precision == "day" and (date.month, date.day) == (1, 1):
        return (f"{date:%Y-%m-%d} reads as a placeholder: give the day the page was "
                "published, or set date_precision to month or year")
    if precision == "month" and date.day != 1:
        return f"{date:%Y-%m-%d} has a day, but date_precision is month: store it as the 1st"
    if precision == "year" and (date.month, date.day) != (1, 1):
        return f"{date:%Y-%m-%d} has a month, but date_precision is year: store it as 1 January"
    return None


def _reference_problems(reference: pd.DataFrame) -> list[Problem]:
    """The hygiene of the record: caveats on grade C, dates with their precision, the
    grade the publisher type earns, titles as published, and no copy where the record has
    the page it copies."""
    problems = []
    primary_at = _primary_pages(reference)
    for i, row in reference.iterrows():
        line = line_of(reference, i)

        def problem(message: str, field: str, row=row, line=line) -> None:
            problems.append(Problem("data/reference.csv", f"{row['id']}: {message}", line,
                                    field))

        if row["grade"] == "C" and pd.isna(row["caveat"]):
            problem("grade C figures need a caveat", "caveat")
        why = placeholder_date_problem(row["date"], str(row["date_precision"]))
        if why:
            problem(why, "date")
        expected = GRADE_OF_PUBLISHER_TYPE.get(str(row["publisher_type"]))
        if expected and row["grade"] != expected:
            problem(f"grade {row['grade']} contradicts publisher type "
                    f"{row['publisher_type']!r}, which earns {expected}", "grade")
        title = str(row["title"])
        if title != UNTITLED and is_slug_title(title, str(row["url"])):
            problem(f"title {title!r} is its URL's slug, not a published title; give the "
                    f"page's title, or {UNTITLED!r}", "title")
        if re.search(r"\btitle (from|not)\b", title):
            problem(f"title {title!r} describes a missing title; give the page's title, or "
                    f"{UNTITLED!r}", "title")
        primary = primary_at.get(_excerpt_key(row["excerpt"]))
        if (row["publisher_type"] in COPY_TYPES and primary is not None
                and primary[1] != row["url"]):
            problem(f"the record has the page this copies ({primary[0]}, {primary[1]}); cite "
                    "the primary page instead of the copy", "url")
    return problems


#: Publisher types that copy or summarise another page rather than publish their own.
COPY_TYPES = ("aggregator", "republisher", "machine summary")


def _excerpt_key(excerpt: object) -> str:
    """An excerpt reduced to its letters and digits, to match a copy with its original."""
    return re.sub(r"\W", "", str(excerpt)).lower()


def _primary_pages(reference: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Excerpt → (id, URL) of the rows quoting a primary page (grade A publisher types)."""
    primary = reference[reference["publisher_type"].map(GRADE_OF_PUBLISHER_TYPE) == "A"]
    return {_excerpt_key(e): (i, u)
            for e, i, u in zip(primary["excerpt"], primary["id"], primary["url"], strict=True)
            if pd.notna(e)}


def _claim_problems(data_dir: Path, articles: pd.DataFrame, claims_df: pd.DataFrame,
                    ignored: pd.DataFrame) -> list[Problem]:

    texts = {}
    for _, row in articles.iterrows():
        path = data_dir / str(row["file"])
        if path.is_file():
            texts[str(row["article_id"])] = path.read_text(encoding="utf-8")
    return [Problem(file, message, line, field)
            for file, line, field, message in ledger.problems(claims_df, ignored, texts)]


def _commitment_problems(claims_df, reference, commitments) -> list[Problem]:

    file, problems = "data/commitments.csv", []
    for i, row in commitments.iterrows():
        line, cid = int(i) + 2, row["commitment_id"]
        try:
            src = find_source(claims_df, reference, str(row["source_id"]))
        except KeyError as exc:
            problems.append(Problem(file, f"{cid}: {exc.args[0]}", line, "source_id"))
            continue
        if pd.isna(src["value"]) or abs(float(src["value"]) - row["amount_bn_usd"]) > 1e-9:
            problems.append(Problem(
                file, f"{cid}: amount {row['amount_bn_usd']:g} is not the value of "
                f"{row['source_id']} ({src['value']})", line, "amount_bn_usd"))
        if pd.notna(row["term_source_id"]):
            try:
                term_src = find_source(claims_df, reference, str(row["term_source_id"]))
            except KeyError as exc:
                problems.append(Problem(file, f"{cid}: {exc.args[0]}", line, "term_source_id"))
                continue
            stated = (ledger.numbers_in(term_src["text"]) if term_src["kind"] == "claim"
                      else ledger.english_numbers(term_src["text"]))
            if pd.isna(row["term_years"]) or float(row["term_years"]) not in stated:
                problems.append(Problem(file, f"{cid}: term {row['term_years']} years is not "
                                        "stated "
                                        f"by {row['term_source_id']}", line, "term_years"))
    return problems


#: Units a site's capacity may be stated in, as GW.
_SITE_GW_PER_UNIT = {"GW": 1.0, "MW": 1e-3}


def _site_problems(reference: pd.DataFrame, sites: pd.DataFrame) -> list[Problem]:
    """Sites rest on known rows; a capacity is a source's value (GW, or MW in GW); a US
    site names its state and no other does; a status date carries its precision."""
    ref = reference.set_index("id")
    problems = []
    for i, site in sites.iterrows():
        line, where = int(i) + 2, "data/sites.csv"
        ids = split_list(site["source_ids"])
        unknown = [s for s in ids if s not in ref.index]
        if unknown:
            problems.append(Problem(where, f"{site['site_id']}: unknown reference id(s) "
                                    f"{', '.join(unknown)}", line, "source_ids"))
        elif pd.notna(site["capacity_gw"]) and not any(
                ref.loc[s, "unit"] in _SITE_GW_PER_UNIT and abs(
                    ref.loc[s, "value"] * _SITE_GW_PER_UNIT[ref.loc[s, "unit"]]
                    - site["capacity_gw"]) < 1e-9
                for s in ids):
            problems.append(Problem(where, f"{site['site_id']}: capacity "
                                    f"{site['capacity_gw']:g} GW is the value of none of its "
                                    "sources", line, "capacity_gw"))
        in_us = site["country"] == "United States"
        if in_us == pd.isna(site["state"]):
            problems.append(Problem(where, f"{site['site_id']}: a site in the United States "
                                    "names its state, and only such a site does", line,
                                    "state"))
        why = placeholder_date_problem(site["status_date"], str(site["status_date_precision"]))
        if why:
            problems.append(Problem(where, f"{site['site_id']}: status_date {why}", line,
                                    "status_date"))
    return problems


def _event_problems(claims_df, reference, events) -> list[Problem]:

    problems = []
    for i, ev in events.iterrows():
        line, ids = int(i) + 2, split_list(ev["source_ids"])
        try:
            sources = [find_source(claims_df, reference, s) for s in ids]
        except KeyError as exc:
            problems.append(Problem("data/events.csv", f"{ev['event_id']}: {exc.args[0]}", line,
                                    "source_ids"))
            continue
        if pd.notna(ev["amount_bn_usd"]):
            amount = float(ev["amount_bn_usd"])
            stated = [n for s in sources for n in ledger.english_numbers(s["text"])]
            stated += [float(s["value"]) for s in sources
                       if str(s["unit"]) == "USD bn" and pd.notna(s["value"])]
            if not any(abs(n - c) <= 1e-9 * c for n in stated for c in (amount, amount * 1e9)):
                problems.append(Problem(
                    "data/events.csv", f"{ev['event_id']}: amount {amount:g} bn USD is stated "
                    "by none of its sources", line, "amount_bn_usd"))
        why = placeholder_date_problem(ev["date"], str(ev["date_precision"]))
        if why:
            problems.append(Problem("data/events.csv", f"{ev['event_id']}: date {why}", line,
                                    "date"))
        if ev["kind"] == "compute purchase" and pd.isna(ev["provider"]):
            problems.append(Problem("data/events.csv", f"{ev['event_id']}: a compute purchase "
                                    "needs its provider", line, "provider"))
    return problems


#: A flow's status as events.csv words it: a signed or completed flow is confirmed.
_EVENT_STATUS_OF_FLOW = {"signed": "confirmed", "completed": "confirmed",
                         "reported": "reported"}


def _flow_problems(claims_df, reference, flows, events) -> list[Problem]:
    """Flows rest on known rows; an amount is stated by one of its sources; money comes
    with its currency; a replacement names a later flow; and the purchases agree with
    events.csv, so that two tables can never give two amounts for one contract."""
    file, problems = "data/flows.csv", []
    ids = set(flows["flow_id"])
    for i, flow in flows.iterrows():
        line, fid = int(i) + 2, flow["flow_id"]
        try:
            sources = [find_source(claims_df, reference, s)
                       for s in split_list(flow["source_ids"])]
        except KeyError as exc:
            problems.append(Problem(file, f"{fid}: {exc.args[0]}", line, "source_ids"))
            continue
        for cid in split_list(flow["claim_ids"]):
            if not (claims_df["claim_id"] == cid).any():
                problems.append(Problem(file, f"{fid}: no claim with id {cid!r}", line,
                                        "claim_ids"))
        amount, scale = float(flow["amount"]), {"USD bn": 1e9, "million shares": 1e6}
        stated = [n for s in sources for n in ledger.english_numbers(s["text"])]
        stated += [float(s["value"]) for s in sources
                   if str(s["unit"]) == flow["unit"] and pd.notna(s["value"])]
        targets = (amount, amount * scale.get(flow["unit"], 1.0))
        if not any(abs(n - c) <= 1e-9 * c for n in stated for c in targets):
            problems.append(Problem(file, f"{fid}: amount {amount:g} {flow['unit']} is stated "
                                    "by none of its sources", line, "amount"))
        if (flow["unit"] != "GW") == pd.isna(flow["currency"]):
            problems.append(Problem(file, f"{fid}: an amount of money or shares gives its "
                                    "currency, and a capacity in GW gives none", line,
                                    "currency"))
        later = flow["superseded_by"]
        if pd.notna(later) and (later not in ids or later == fid):
            problems.append(Problem(file, f"{fid}: superseded_by names no other flow "
                                    f"({later!r})", line, "superseded_by"))
        elif pd.notna(later) and (flows.loc[flows["flow_id"] == later, "date"].iloc[0]
                                  < flow["date"]):
            problems.append(Problem(file, f"{fid}: replaced by {later}, which is dated "
                                    "before it", line, "superseded_by"))
        why = placeholder_date_problem(flow["date"], str(flow["date_precision"]))
        if why:
            problems.append(Problem(file, f"{fid}: date {why}", line, "date"))
    buys = flows[(flows["kind"] == "purchase commitment") & (flows["unit"] == "USD bn")]
    bought = events[(events["kind"] == "compute purchase") & events["amount_bn_usd"].notna()]
    buy_ids = buys["source_ids"].map(lambda s: frozenset(split_list(s)))
    for _, ev in bought.iterrows():
        ev_ids = frozenset(split_list(ev["source_ids"]))
        shared = pd.Series([bool(ev_ids & ids) for ids in buy_ids], index=buys.index,
                           dtype=bool)
        match = buys[(buys["amount"] == ev["amount_bn_usd"]) & (buys["date"] == ev["date"])
                     & shared]
        if match.empty:
            problems.append(Problem(file, f"events.csv's purchase {ev['event_id']} "
                                    f"({ev['amount_bn_usd']:g} bn USD on {ev['date']:%Y-%m-%d})"
                                    " has no purchase-commitment flow with that amount, day "
                                    "and a source in common", None, "amount"))
        elif _EVENT_STATUS_OF_FLOW.get(match.iloc[0]["status"]) != ev["status"]:
            problems.append(Problem(file, f"{match.iloc[0]['flow_id']}: status "
                                    f"{match.iloc[0]['status']} disagrees with events.csv's "
                                    f"{ev['event_id']} ({ev['status']})", int(match.index[0]) + 2,
                                    "status"))
    matched = {(float(e["amount_bn_usd"]), e["date"]) for _, e in bought.iterrows()}
    for i, flow in buys.iterrows():
        if (float(flow["amount"]), flow["date"]) not in matched:
            problems.append(Problem(file, f"{flow['flow_id']}: a purchase in USD that "
                                    "events.csv does not have; add it there too, with the "
                                    "same amount, day and sources", int(i) + 2, "flow_id"))
    return problems


def _tension_problems(claims_df, reference, tensions) -> list[Problem]:

    found = list(ledger.tension_problems(claims_df, reference, tensions))
    found += ledger.reference_problems(reference)
    return [Problem(file, message, line, field) for file, line, field, message in found]




def table_problems(data_dir: Path, tables: dict[str, pd.DataFrame],
                   resources: list[dict]) -> list[Problem]:
    """Every problem of the tables read, across files."""
    articles, reference = tables["articles"], tables["reference"]
    problems = _article_problems(data_dir, articles, reference) + _reference_problems(reference)
    problems += _claim_problems(data_dir, articles, tables["claims"], tables["claims_ignored"])
    problems += _tension_problems(tables["claims"], reference, tables["tensions"])
    problems += _commitment_problems(tables["claims"], reference, tables["commitments"])
    problems += _site_problems(reference, tables["sites"])
    problems += _event_problems(tables["claims"], reference, tables["events"])
    problems += _flow_problems(tables["claims"], reference, tables["flows"], tables["events"])
    article_files = {r["path"] for r in resources if r.get("format") == "txt"}
    for i, row in articles.iterrows():
        if str(row["file"]) not in article_files:
            problems.append(Problem("data/articles.csv", f"{row['file']} is not declared as a "
                                    "resource in data/datapackage.json", line_of(articles, i),
                                    "file"))
    return problems
