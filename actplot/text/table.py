"""The comparison table (Wikipedia's, as in the lecture note's era): data and text formats.

Every cell comes from the catalogue's formulas or from the measurements of
:func:`actplot.analysis.properties.compute` (the ones ``actplot info`` shows),
at the row's parameter values, which the name cell states: nothing is written
by hand. Columns: name, f(x), f'(x), range (open or closed ends from
:func:`~actplot.analysis.ranges.attained_ends`), order of continuity,
monotonic, monotonic derivative, identity near the origin, the saturation of
each side, and the mean output for a standard-normal input (the bias shift).
The image, PDF and HTML outputs add a thumbnail column; those are drawn by
:mod:`actplot.render.table`.

Markdown, LaTeX (booktabs) and HTML are written by ``tabulate`` (a small,
well-kept library that also aligns wide CJK characters); CSV by :mod:`csv`.
"""

from __future__ import annotations

import csv
import html
import io
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from tabulate import DataRow, Line, TableFormat, tabulate

from actplot.analysis.properties import MeasuredProperties, compute
from actplot.analysis.ranges import attained_ends
from actplot.catalogue import Activation
from actplot.output import atomic_write
from actplot.text.describe import plain
from actplot.text.labels import labels_for

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "Row",
    "check_rows",
    "headers",
    "html_page",
    "latex",
    "markdown",
    "measure",
    "write_csv",
    "write_text",
]

MAX_ROWS = 100  # rows of one table: each is measured (~0.1 s) and, in images, drawn

# Column keys, and their headings per language (the Chinese ones are those of
# the Chinese Wikipedia table the note's readers knew).
COLUMNS = (
    "name", "plot", "f", "df", "range", "continuity", "monotonic",
    "monotonic_derivative", "identity", "left", "right", "mean",
)  # fmt: skip
_HEADINGS = {
    "en": {
        "name": "name", "plot": "plot", "f": "f(x)", "df": "f′(x)", "range": "range",
        "continuity": "continuity", "monotonic": "monotonic",
        "monotonic_derivative": "monotonic derivative", "identity": "identity near origin",
        "left": "left saturation", "right": "right saturation",
        "mean": "mean output, N(0,1) input",
    },
    "zh": {
        "name": "名称", "plot": "函数图形", "f": "方程式", "df": "导数", "range": "区间",
        "continuity": "连续性", "monotonic": "单调", "monotonic_derivative": "一阶导数单调",
        "identity": "原点近似恒等", "left": "左侧饱和", "right": "右侧饱和",
        "mean": "标准正态输入的平均输出",
    },
}  # fmt: skip
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


@dataclass(frozen=True)
class Row:
    """One function of the table: the activation, its measurements, its attained range ends."""

    act: Activation
    measured: MeasuredProperties
    attained: tuple[bool, bool]

    def cells(self, lang: str = "en", *, style: str = "text") -> dict[str, str]:
        """The row's cells by column key (no ``plot``).

        ``style`` is ``text`` (Unicode: Markdown, HTML, CSV), ``tex`` (LaTeX:
        formulas and numbers in math) or ``mathtext`` (matplotlib's, for images).
        """
        word = labels_for(lang).heading
        m = self.measured
        math_style = style in ("tex", "mathtext")
        yes = {True: word("yes"), False: word("no")}
        return {
            "name": _name(self.act, style),
            "f": f"${self.act.formula}$" if math_style else plain(self.act.formula),
            "df": (
                f"${self.act.derivative_formula}$"
                if math_style
                else plain(self.act.derivative_formula)
            ),
            "range": _range(m.output_range, self.attained, math_style),
            "continuity": _continuity(m.continuity, math_style),
            "monotonic": yes[m.monotonic],
            "monotonic_derivative": yes[m.monotonic_derivative],
            "identity": yes[m.identity_near_zero],
            "left": word(m.saturation[0]),
            "right": word(m.saturation[1]),
            "mean": _mean(m.gaussian_mean, math_style),
        }


def check_rows(count: int) -> None:
    """Raise ValueError for more than :data:`MAX_ROWS` rows, before any is measured."""
    if count > MAX_ROWS:
        raise ValueError(f"a table has at most {MAX_ROWS} rows, got {count:,}")


def measure(acts: Sequence[Activation]) -> list[Row]:
    """The rows of ``acts``: each measured at its parameter values."""
    check_rows(len(acts))
    rows = []
    for act in acts:
        measured = compute(act)
        rows.append(Row(act, measured, attained_ends(act, measured)))
    return rows


def headers(lang: str = "en", *, plot: bool = False) -> dict[str, str]:
    """Column headings in ``lang``, by key (with ``plot`` only if asked)."""
    labels_for(lang)  # an unknown language is refused here
    words = _HEADINGS.get(lang, _HEADINGS["en"])
    return {key: words[key] for key in COLUMNS if plot or key != "plot"}


# ---------------------------------------------------------------- cells


def _name(act: Activation, style: str) -> str:
    if not act.params:
        label = act.label
        return label if style != "tex" else _tex_escape(label)
    if style == "text":
        return act.title
    values = ", ".join(f"{p.tex}={act.values[p.name]:.6g}" for p in act.params)
    label = _tex_escape(act.label) if style == "tex" else act.label
    return f"{label} (${values}$)"


def _number(value: float, math_style: bool) -> str:
    if math.isinf(value):
        sign = "-" if value < 0 else ""
        return f"{sign}\\infty" if math_style else f"{'−' if sign else ''}∞"
    text = f"{value:.4g}"
    return text if math_style else text.replace("-", "−")


def _range(ends: tuple[float, float], attained: tuple[bool, bool], math_style: bool) -> str:
    lo, hi = (_number(v, math_style) for v in ends)
    text = f"{'[' if attained[0] else '('}{lo}, {hi}{']' if attained[1] else ')'}"
    return f"${text}$" if math_style else text


def _continuity(order: float, math_style: bool) -> str:
    if order == math.inf:
        return r"$C^\infty$" if math_style else "C∞"
    k = int(order)
    if math_style:
        return f"$\\geq C^{{{k}}}$" if k >= 3 else f"$C^{{{k}}}$"
    text = "C" + str(k).translate(_SUPERSCRIPT)
    return "≥" + text if k >= 3 else text


def _mean(value: float, math_style: bool) -> str:
    if math.isnan(value):
        return "—"
    if abs(value) < 1e-12:  # zero to quadrature accuracy (see properties)
        value = 0.0
    text = f"{value:.3g}"
    return f"${text}$" if math_style else text.replace("-", "−")


_TEX_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "$": r"\$",
}  # fmt: skip


def _tex_escape(text: str) -> str:
    return "".join(_TEX_SPECIAL.get(ch, ch) for ch in text)


# ---------------------------------------------------------------- formats


def _grid(
    rows: Sequence[Row], lang: str, style: str, images: Sequence[str] | None = None
) -> tuple[list[str], list[list[str]]]:
    heads = headers(lang, plot=images is not None)
    body = []
    for i, row in enumerate(rows):
        cells = row.cells(lang, style=style)
        if images is not None:
            cells["plot"] = images[i]
        body.append([cells[key] for key in heads])
    return list(heads.values()), body


def markdown(rows: Sequence[Row], lang: str = "en") -> str:
    """A GitHub-flavoured Markdown table (``|`` in cells escaped)."""
    head, body = _grid(rows, lang, "text")
    body = [[cell.replace("|", "\\|") for cell in row] for row in body]
    return tabulate(body, head, tablefmt="github", disable_numparse=True)


def _begin_tabular(widths: Sequence[int], aligns: Sequence[str]) -> str:
    return "\\begin{tabular}{" + "l" * len(widths) + "}\n\\toprule"


# tabulate's latex_booktabs escapes every cell; formulas are LaTeX already, so
# this is the same format with cells passed through (text cells are escaped
# by _tex_escape when they are made).
_BOOKTABS_RAW = TableFormat(
    lineabove=_begin_tabular,
    linebelowheader=Line("\\midrule", "", "", ""),
    linebetweenrows=None,
    linebelow=Line("\\bottomrule\n\\end{tabular}", "", "", ""),
    headerrow=DataRow("", "&", "\\\\"),
    datarow=DataRow("", "&", "\\\\"),
    padding=1,
    with_header_hide=None,
)


def latex(rows: Sequence[Row], lang: str = "en") -> str:
    """A booktabs ``tabular`` (needs ``\\usepackage{booktabs}``), formulas in math mode."""
    head, body = _grid(rows, lang, "tex")
    head = [_tex_escape(h).replace("′", "'") for h in head]
    table = tabulate(body, head, tablefmt=_BOOKTABS_RAW, disable_numparse=True)
    note = "% Needs \\usepackage{booktabs}" + (
        "; and a CJK setup (e.g. ctex, with XeLaTeX)." if lang == "zh" else "."
    )
    return f"{note}\n{table}\n"


_PAGE_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5em; }
table { border-collapse: collapse; }
th, td { padding: 0.3em 0.6em; border-bottom: 1px solid #ccc; text-align: left;
         vertical-align: middle; }
th { border-bottom: 2px solid #333; }
td img { display: block; width: 91px; height: auto; }
"""


def html_page(
    rows: Sequence[Row], lang: str = "en", images: Sequence[str] | None = None, title: str = ""
) -> str:
    """One self-contained HTML page; ``images`` are the thumbnails' ``data:`` URIs."""
    uris = list(images) if images is not None else None
    if uris is not None and any(not uri.startswith("data:image/") for uri in uris):
        raise ValueError("thumbnails must be embedded as data: URIs")
    head, body = _grid(rows, lang, "text", ["" for _ in rows] if uris is not None else None)
    plot_column = list(headers(lang, plot=uris is not None)).index("plot") if uris else -1
    cells = []
    for i, row in enumerate(body):
        out = [html.escape(cell) for cell in row]
        if uris is not None:
            name = html.escape(rows[i].act.title)
            out[plot_column] = f'<img src="{uris[i]}" alt="{name}: f solid, f′ dashed">'
        cells.append(out)
    table = tabulate(
        cells, [html.escape(h) for h in head], tablefmt="unsafehtml", disable_numparse=True
    )
    title = html.escape(title)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_PAGE_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{title}</h1>\n{table}\n</body>\n</html>\n"
    )


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) atomically."""
    data = text.encode("utf-8")

    def write(fileobj: IO[bytes]) -> None:
        fileobj.write(data)

    atomic_write(Path(path), write)


_CSV_COLUMNS = (
    "name", "label", "parameters", "f", "df", "range_low", "range_high", "low_attained",
    "high_attained", "continuity", "monotonic", "monotonic_derivative",
    "identity_near_origin", "saturation_left", "saturation_right", "gaussian_mean",
)  # fmt: skip


def write_csv(path: str | os.PathLike[str], rows: Sequence[Row]) -> None:
    """The table's data as CSV, numbers at full precision, in English."""
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(_CSV_COLUMNS)
    for row in rows:
        m = row.measured
        out.writerow(
            [
                row.act.name,
                row.act.label,
                ";".join(f"{k}={v!r}" for k, v in row.act.values.items()),
                plain(row.act.formula),
                plain(row.act.derivative_formula),
                repr(m.output_range[0]),
                repr(m.output_range[1]),
                row.attained[0],
                row.attained[1],
                repr(m.continuity),
                m.monotonic,
                m.monotonic_derivative,
                m.identity_near_zero,
                m.saturation[0],
                m.saturation[1],
                repr(m.gaussian_mean),
            ]
        )
    write_text(path, buffer.getvalue())
