"""The comparison table as an image (PNG, SVG, PDF) with a thumbnail per row, and the
thumbnails alone (PNG) for the HTML table.

The cells are :meth:`actplot.text.table.Row.cells` in matplotlib's mathtext;
each column is as wide as its widest cell (measured with the renderer), each
row as tall as its tallest, and booktabs-like rules frame the header. The
thumbnails are drawn by :func:`actplot.render.curves.plot_activation` (f solid,
f' dashed, the note's colours) over the same x range, y fitted to each.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from actplot.render.curves import plot_activation
from actplot.render.defaults import SEED_COLORS, TABLE_DPI
from actplot.render.figure import check_drawable, cycle_colors, fitted_ylim
from actplot.render.looks import Look, figure_builder
from actplot.render.notebook import NotebookFigure
from actplot.text.table import Row, headers

__all__ = ["TABLE_DPI", "table_figure", "thumbnail_uris"]

_THUMB = (0.95, 0.55)  # inches
_FONT = 8.5  # points
_PAD = (0.09, 0.06)  # inches around each cell (x, y)


def _colors(look: Look) -> tuple[Any, Any]:
    return SEED_COLORS if look.is_default_style else tuple((cycle_colors() * 2)[:2])


def _thumbnail(ax: Axes, row: Row, x: np.ndarray, colors: tuple[Any, Any], lang: str) -> None:
    lines = plot_activation(
        ax, row.act, x, color=colors[0], derivative_color=colors[1], linewidth=1.0, lang=lang
    )
    ax.set_autoscale_on(False)
    ax.set_xlim(float(x[0]), float(x[-1]))
    ax.set_ylim(*fitted_ylim(lines, margin=0.08))
    ax.axhline(0.0, color="0.6", linewidth=0.5, zorder=0)
    ax.axvline(0.0, color="0.6", linewidth=0.5, zorder=0)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(0.5)
        spine.set_color("0.5")


def _display(cells: dict[str, str]) -> dict[str, str]:
    """Cells for the image: fractions at full size, a long name's parameters on a second line."""
    out = {key: text.replace(r"\frac", r"\dfrac") for key, text in cells.items()}
    name, sep, values = out["name"].partition(" ($")
    if sep and len(name) + len(values) > 30:
        out["name"] = f"{name}\n($" + values
    return out


@figure_builder
def table_figure(
    rows: Sequence[Row],
    x: np.ndarray,
    *,
    dpi: float = TABLE_DPI,
    title: str | None = None,
    look: Look = Look(),  # noqa: B008 - immutable; figure_builder passes it from style=, lang=
) -> Figure:
    """The comparison table of ``rows``, thumbnails drawn over the sorted grid ``x``."""
    if not rows:
        raise ValueError("a table needs at least one function")
    check_drawable(x)
    heads = headers(look.lang, plot=True)
    keys = list(heads)
    cells = [_display(row.cells(look.lang, style="mathtext")) for row in rows]
    fig = NotebookFigure(dpi=dpi)
    renderer = FigureCanvasAgg(fig).get_renderer()

    def size(text: str, bold: bool = False) -> tuple[float, float]:
        t = fig.text(0, 0, text, fontsize=_FONT, fontweight="bold" if bold else "normal")
        box = t.get_window_extent(renderer)
        t.remove()
        return box.width / fig.dpi, box.height / fig.dpi

    widths = {key: size(heads[key], True)[0] for key in keys}
    heights = []
    for row_cells in cells:
        tallest = _THUMB[1]
        for key in keys:
            if key == "plot":
                widths[key] = max(widths[key], _THUMB[0])
                continue
            w, h = size(row_cells[key])
            widths[key] = max(widths[key], w)
            tallest = max(tallest, h)
        heights.append(tallest + 2 * _PAD[1])
    head_height = max(size(heads[k], True)[1] for k in keys) + 2 * _PAD[1]
    margin = 0.15
    title_height = 0.4 if title else 0.0
    width = sum(widths.values()) + 2 * _PAD[0] * len(keys) + 2 * margin
    height = sum(heights) + head_height + 2 * margin + title_height
    fig.set_size_inches(width, height)
    inches = fig.dpi_scale_trans
    left, right = margin, width - margin

    def rule(y: float, weight: float) -> None:
        fig.add_artist(Line2D([left, right], [y, y], transform=inches, color="0.1", lw=weight))

    y = height - margin - title_height
    if title:
        fig.text(width / 2, y + title_height / 2, title, transform=inches, ha="center",
                 va="center", fontsize=_FONT + 3, fontweight="bold")  # fmt: skip
    rule(y, 1.2)
    column_x = []
    cx = left
    for key in keys:
        column_x.append(cx)
        cx += widths[key] + 2 * _PAD[0]
    for key, x0 in zip(keys, column_x, strict=True):
        fig.text(x0 + _PAD[0], y - head_height / 2, heads[key], transform=inches,
                 va="center", fontsize=_FONT, fontweight="bold")  # fmt: skip
    y -= head_height
    rule(y, 0.7)
    colors = _colors(look)
    for i, (row, row_cells, h) in enumerate(zip(rows, cells, heights, strict=True)):
        if i % 2:
            fig.add_artist(Rectangle((left, y - h), right - left, h, transform=inches,
                                     facecolor="0.95", edgecolor="none", zorder=-1))  # fmt: skip
        for key, x0 in zip(keys, column_x, strict=True):
            if key == "plot":
                tw, th = _THUMB
                ax = fig.add_axes(
                    (
                        (x0 + _PAD[0]) / width,
                        (y - h / 2 - th / 2) / height,
                        tw / width,
                        th / height,
                    )
                )
                _thumbnail(ax, row, x, colors, look.lang)
            else:
                fig.text(x0 + _PAD[0], y - h / 2, row_cells[key], transform=inches,
                         va="center", fontsize=_FONT)  # fmt: skip
        y -= h
    rule(y, 1.2)
    return fig


@figure_builder
def _thumbnail_figure(
    row: Row,
    x: np.ndarray,
    *,
    dpi: float,
    look: Look = Look(),  # noqa: B008
) -> Figure:
    fig = Figure(figsize=_THUMB, dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.02, 0.04, 0.96, 0.92))
    _thumbnail(ax, row, x, _colors(look), look.lang)
    return fig


def thumbnail_uris(
    rows: Sequence[Row], x: np.ndarray, *, dpi: float = 192, style: str | None = None,
    lang: str = "en",
) -> list[str]:  # fmt: skip
    """Each row's thumbnail as a ``data:image/png;base64,...`` URI (for the HTML table).

    192 dpi: shown 0.95 inch (91 CSS pixels) wide, sharp on high-density screens.
    """
    from actplot.render.looks import look_of

    check_drawable(x)
    uris = []
    for row in rows:
        fig = _thumbnail_figure(row, x, dpi=dpi, style=style, lang=lang)
        buffer = io.BytesIO()
        with look_of(fig).context():
            fig.savefig(buffer, format="png", dpi=dpi)
        uris.append("data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode())
    return uris
