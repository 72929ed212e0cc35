"""HTML fragments for the book that tables alone do not give: the claims explorer and
tension cards. Everything is escaped here; the notebooks only display the result.
The explorer filters client-side with the book's own `sg-explorer.js` (no network).
"""

from __future__ import annotations

from html import escape

import pandas as pd
from IPython.display import HTML

from . import fmt

VERDICT_CLASS = {
    "consistent": "sg-v-ok",
    "differs in basis": "sg-v-basis",
    "holds on some bases": "sg-v-basis",
    "contradicted": "sg-v-bad",
    "later revised": "sg-v-revised",
    "unverifiable": "sg-v-unknown",
}


def _value(claim: pd.Series) -> str:
    if pd.isna(claim["value"]):
        return "–"
    return fmt.stated(claim["value"], claim["unit"] if pd.notna(claim["unit"]) else "")


def _metric(claim: pd.Series) -> str:
    """The measure in words ("contract value"), not its ledger code (`contract_value`)."""
    return fmt.words(claim["metric"])


def claims_explorer(claims: pd.DataFrame) -> HTML:
    """A table of claims with topic and article filters that work offline."""
    topics = sorted(claims["topic"].unique())
    articles = sorted(claims["article_id"].unique())

    def options(values):
        return "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)

    rows = []
    for _, c in claims.iterrows():
        note = f'<div class="sg-note">{escape(c["note"])}</div>' if pd.notna(c["note"]) else ""
        if c.get("flows"):
            note += ('<div class="sg-note sg-flow-flag">Touches a flow in '
                     '<a href="circular.html">Circular deals</a>: '
                     f'{escape(c["flows"])}</div>')
        period = escape(c["period"]) if pd.notna(c["period"]) else ""
        rows.append(
            f'<tr data-topic="{escape(c["topic"])}" data-article="{escape(c["article_id"])}">'
            f'<td id="claim-{escape(c["claim_id"])}"><code>{escape(c["claim_id"])}</code></td>'
            f'<td>{escape(c["topic"])}</td>'
            f'<td>{escape(c["subject"])}<div class="sg-note">{escape(_metric(c))}</div></td>'
            f'<td>{escape(_value(c))}'
            f'<div class="sg-note">{period}</div></td>'
            f'<td lang="fr">«\u202f{escape(c["quote_fr"])}\u202f»'
            f'<div class="sg-en" lang="en">{escape(c["quote_en"])}</div>{note}</td></tr>')
    return HTML(
        '<div class="sg-explorer">'
        '<div class="sg-explorer-controls">'
        f'<label>Topic <select data-filter="topic"><option value="">all</option>'
        f'{options(topics)}</select></label>'
        f'<label>Article <select data-filter="article"><option value="">all</option>'
        f'{options(articles)}</select></label>'
        f'<span class="sg-explorer-count" aria-live="polite">{len(claims)} claims</span></div>'
        '<div class="sg-scroll-box" tabindex="0" role="region" aria-label="Claims">'
        '<table class="sg-table sg-claims"><thead><tr><th>Claim</th><th>Topic</th>'
        '<th>Subject / metric</th><th>Value</th><th>Quote (French original, English gloss)</th>'
        f'</tr></thead><tbody>{"".join(rows)}</tbody></table></div></div>')


def _citation(ref: pd.Series) -> str:
    caveat = f' <em>Caveat:</em> {escape(ref["caveat"])}' if pd.notna(ref["caveat"]) else ""
    event = (f' (event: {escape(ref["event_date"])})' if pd.notna(ref["event_date"]) else "")
    return (f'<li><strong>{escape(ref["publisher"])}</strong>, '
            f'<a href="{escape(ref["url"])}">{escape(ref["title"])}</a>, '
            f'{fmt.record_date(ref["date"], ref["date_precision"])}{event} '
            f'(grade {escape(ref["grade"])}): '
            f'“{escape(ref["excerpt"])}”{caveat}</li>')


def tension_cards(tensions: pd.DataFrame, claims: pd.DataFrame, reference: pd.DataFrame
                  ) -> HTML:
    """One card per tension: its verdict, each claim's quote in French and English side
    by side, the public-record rows in view, and the explanation."""
    claims = claims.set_index("claim_id")
    reference = reference.set_index("id")
    cards = []
    for _, t in tensions.iterrows():
        verdict_class = VERDICT_CLASS.get(t["verdict"], "sg-v-pending")
        quotes = "".join(
            f'<div class="sg-quote"><div class="sg-quote-head"><code>{escape(cid)}</code> · '
            f'article {escape(claims.loc[cid, "article_id"])} · '
            f'{escape(_value(claims.loc[cid]))}</div>'
            f'<div class="sg-quote-pair"><blockquote lang="fr">'
            f'{escape(claims.loc[cid, "quote_fr"])}</blockquote>'
            f'<blockquote lang="en">{escape(claims.loc[cid, "quote_en"])}</blockquote></div>'
            f'</div>' for cid in t["claim_ids"])
        refs = "".join(_citation(reference.loc[rid])
                       for rid in [*t["reference_ids"], *t.get("later_ids", [])])
        record = (f'<div class="sg-record"><div class="sg-quote-head">Public record</div>'
                  f'<ul>{refs}</ul></div>') if refs else ""
        cards.append(
            f'<section class="sg-card" id="tension-{escape(t["tension_id"])}">'
            f'<header><span class="sg-verdict {verdict_class}">{escape(t["verdict"])}</span> '
            f'<strong>{escape(t["tension_id"])}</strong> · '
            f'{escape(claims.loc[t["claim_ids"][0], "subject"])}</header>'
            f'{quotes}{record}<p class="sg-explanation">{escape(t["explanation"])}</p>'
            f'</section>')
    return HTML(f'<div class="sg-cards">{"".join(cards)}</div>')
