"""What every chapter notebook calls: start-up, the parameters table, glued values."""

from __future__ import annotations

import html
import itertools
from collections.abc import Mapping
from typing import Any

from IPython.display import HTML, Markdown
from pandas.io.formats.style import Styler

from . import charts, fmt, params, render


def start(chapter: str, namespace: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the chapter's parameters and switch on the book's charts; return the values.

    Called in the cell right after the `parameters` cell, so that a bad value given to
    plain papermill fails there, with the same message as the project CLI.
    """
    values = params.from_namespace(chapter, namespace)
    charts.enable_theme()
    render.enable()
    return values


def _format(value: Any) -> str:
    if isinstance(value, bool):
        return fmt.yes_no(value)
    if isinstance(value, float):
        return f"{value:,g}"
    return str(value)


#: The unit column beside a value printed as a percentage ("80%", "100% per year").
_UNITS = {"fraction": "%", "per year": "% per year"}


def _shown(spec: params.Param, value: Any) -> str:
    """A value in the table as in the prose ("80%", "yes", "none"), with the unit in its
    own column: a share as a percentage, a switch as yes or no, a number as written."""
    if spec.unit in _UNITS or spec.type is bool or (spec.type is str and not value.strip()):
        return spec.shown(value)
    return _format(value)


def parameters_table(chapter: str, values: Mapping[str, Any]) -> HTML:
    """The "Parameters in effect" block: one line always visible (how many assumptions,
    and each that differs from the base case, old → new), and the table of every value
    with its unit and basis, collapsed; changed values are highlighted."""
    rows, n_changed, changes = [], 0, []
    for spec in params.specs(chapter):
        value = values[spec.name]
        changed = value != spec.default
        n_changed += changed
        if changed:
            changes.append(f"{html.escape(spec.label)} {html.escape(spec.shown(spec.default))}"
                           f" → {html.escape(spec.shown(value))}")
        marker = ' <span class="sg-changed-tag">changed</span>' if changed else ""
        rows.append(
            f'<tr class="{"sg-changed" if changed else ""}">'
            f'<td>{html.escape(spec.label)}<br><code class="sg-param-name">'
            f"{html.escape(spec.name)}</code></td>"
            f'<td data-label="Value"><strong>{html.escape(_shown(spec, value))}</strong>'
            f"{marker}</td>"
            f'<td data-label="Default">{html.escape(_shown(spec, spec.default))}</td>'
            f'<td data-label="Unit">{html.escape(_UNITS.get(spec.unit, spec.unit) or "–")}</td>'
            f"<td>{html.escape(spec.help)}. <em>{'Basis of the default' if changed else 'Basis'}:"
            f"</em> {html.escape(spec.basis)}"
            + (f" <em>Sources:</em> {html.escape(', '.join(spec.sources))}." if spec.sources
               else "")
            + (f" <em>Plausible range:</em> {html.escape(spec.range.shown(spec))}: "
               f"{html.escape(spec.range.basis)}" if spec.range is not None else "")
            + "</td></tr>"
        )
    caption = ("Every value is the base case's." if not n_changed else
               f"{n_changed} of {len(rows)} value{'s' if len(rows) > 1 else ''} "
               "differ from the base case (highlighted).")
    n = len(rows)
    summary = (f"{fmt.plural(n, 'assumption')}, each at the base case's value" if not changes
               else f"{fmt.plural(n, 'assumption')}; {n_changed} "
               f"{'differs' if n_changed == 1 else 'differ'} from the base case: "
               + ", ".join(changes))
    return HTML(
        f'<details class="sg-params-block"><summary>{summary}. '
        '<span class="sg-open-hint">Show every value, its unit and basis</span></summary>'
        f'<table class="sg-params"><caption>{caption}</caption><thead><tr><th>Parameter</th>'
        "<th>Value</th>"
        "<th>Default</th><th>Unit</th><th>Meaning and basis</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></details>"
    )


def glue(name: str, value: Any) -> None:
    """Glue a number (or other value) for the prose: `{glue:text}` with a format spec.

    NumPy scalars are turned into Python numbers first: their repr ("np.float64(…)")
    cannot be formatted by `{glue:text}`.
    """
    from myst_nb import glue as nb_glue

    if hasattr(value, "item") and callable(value.item):
        value = value.item()
    nb_glue(name, value, display=False)


class _Text(Markdown):
    """Markdown whose plain-text form is the text as a Python string literal, not
    "<Markdown object>": `{glue:text}` reads plain text with `ast.literal_eval`, which
    would turn a bare "8,760" into the tuple (8, 760)."""

    def __repr__(self) -> str:
        return repr(self.data)


def glue_chart(name: str, chart: Any) -> None:
    """Glue a chart for another page (the landing page's headline chart), without showing
    it twice here; the page pastes it with the `{glue}` directive and its `:doc:` option."""
    from myst_nb import glue as nb_glue

    nb_glue(name, chart, display=False)


def glue_md(name: str, text: str) -> None:
    """Glue a piece of text for the prose, used with `{glue:md}`, without repr quotes.

    Its plain-text form is the text too, so another page can paste it with
    `{glue:text}` (`{glue:md}` cannot reach across documents).
    """
    from myst_nb import glue as nb_glue

    nb_glue(name, _Text(text), display=False)


def glue_all(numbers: Mapping[str, Any], formats: Mapping[str, Any] | None = None) -> None:
    """Glue every value of a chapter's `key_numbers`, as readers see it: a value with a
    reader's format (`formats`, from `fmt`) as that text, for `{glue:md}`; other text
    for `{glue:md}`; other numbers for `{glue:text}`. The prose reads nothing else, so a
    number has one source."""
    for name, value in fmt.printed(numbers, formats or {}).items():
        if isinstance(value, str):
            glue_md(name, value)
        else:
            glue(name, value)


_TABLE_NUMBERS = itertools.count(1)


class _Table(Styler):
    """A Styler whose ids and plain-text form are the same at every run.

    Pandas gives each Styler a random id (used in its CSS selectors) and a repr with a
    memory address; either would make two builds of the same book differ. The id is
    numbered in the order tables are made in a notebook instead.
    """

    def __repr__(self) -> str:
        return f"<table: {len(self.data)} rows × {len(self.data.columns)} columns>"


def table(df, formats: Mapping[str, str] | None = None, precision: int | None = None,
          links: tuple[str, ...] | list[str] = ()):
    """A data table for the book: index hidden, text escaped, numbers formatted.

    Use with `df.pipe(report.table, …)`. `formats` maps columns to format strings;
    `links` names columns holding URLs, shown as links (the only unescaped HTML). A
    yes/no column reads "yes" or "no", never True or False.
    """
    yes_no = {c: fmt.yes_no for c in df.columns if df[c].dtype == bool and c not in (formats or {})}
    formats = {**yes_no, **(formats or {})}
    styler = _Table(df, uuid=f"sg{next(_TABLE_NUMBERS)}")
    styler = styler.hide(axis="index").format(precision=precision, escape="html")
    # Each later call is limited to its own columns: without `subset`, Styler.format
    # re-formats every column, and escape=None would turn escaping off for all of them.
    if formats:
        styler = styler.format(dict(formats), subset=list(formats), precision=precision,
                               escape="html")
    for column in links:
        styler = styler.format({column: lambda url: f'<a href="{html.escape(url)}">link</a>'},
                               subset=[column], escape=None)
    return styler.set_table_attributes('class="sg-table"')


def sources_table(pkg, ids, chapter: str | None = None):
    """The "Sources of this chapter" table: each claim or reference id with its citation
    and text, in id order; with `chapter`, its parameters' sources and their ranges' too."""
    import pandas as pd

    if chapter is not None:
        ids = set(ids) | {s for spec in params.specs(chapter)
                          for s in spec.sources + (spec.range.sources if spec.range else ())}
    rows = [{"Id": i, "Source": pkg.source(i)["citation"], "Text": pkg.source(i)["text"]}
            for i in sorted(set(ids))]
    return table(pd.DataFrame(rows))
