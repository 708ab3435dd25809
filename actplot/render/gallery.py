"""The gallery: one small panel per activation, f solid and f' dashed."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, MaxNLocator

from actplot.catalogue import Activation
from actplot.render.curves import plot_activation
from actplot.render.defaults import GALLERY_DPI, GALLERY_PANEL_SIZE, SEED_COLORS
from actplot.render.figure import check_drawable, cycle_colors, fitted_ylim
from actplot.render.layout import FittedLayout, fit_axes, mark_laid_out
from actplot.render.looks import Look, figure_builder
from actplot.render.notebook import NotebookFigure
from actplot.text.labels import labels_for

__all__ = ["GALLERY_TITLE", "default_columns", "gallery_figure", "panel_figure"]


GALLERY_TITLE = "Activation functions (solid) and their derivatives (dashed)"


@figure_builder
def gallery_figure(
    acts: Sequence[Activation],
    x: np.ndarray,
    *,
    cols: int | None = None,
    size: tuple[float, float] | None = None,
    dpi: float = GALLERY_DPI,
    title: str | None = None,
    look: Look = Look(),  # noqa: B008 - immutable; figure_builder passes it from style=, lang=
) -> Figure:
    """One panel per activation in a grid: f solid, f' dashed, the same x range.

    Each panel is drawn by :func:`plot_activation` in the lecture note's
    colours, titled with the activation's name and y-limits fitted to it.

    Parameters
    ----------
    acts
        Activations, in panel order (row by row).
    x
        Sorted sample points shared by every panel; about 2001 keep a full
        gallery fast.
    cols
        Panels per row; by default near-square for up to 16 panels (2 × 2
        for four), and for more about 1.6 × as many columns as rows, which
        fits the whole catalogue on a 16:9 slide.
    size
        Figure size in inches; by default 1.8 × 1.5 inches per panel, which
        fits the whole catalogue legibly on a 16:9 slide.
    title
        Figure title (default: "Activation functions (solid) and ...").
    style, lang
        The look, as for :func:`figure` (see :func:`actplot.render.looks.figure_builder`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    n = len(acts)
    if n == 0:
        raise ValueError("a gallery needs at least one activation")
    check_drawable(x)
    cols = min(n, cols or default_columns(n))
    rows = math.ceil(n / cols)
    if title is None:
        title = labels_for(look.lang).heading(GALLERY_TITLE)
    pw, ph = GALLERY_PANEL_SIZE
    width = size[0] if size is not None else pw * cols + 0.2
    # A narrow gallery (2 x 2) wraps its title rather than cutting it off.
    title = _wrap_title(title, width, _TITLE_SIZE)
    extra = 1.3 * _TITLE_LINE * title.count("\n")
    if size is None:
        size = (width, ph * rows + 0.5 + extra)
    fig = NotebookFigure(figsize=size, dpi=dpi)
    FigureCanvasAgg(fig)
    axes = [fig.add_subplot(rows, cols, i + 1) for i in range(n)]
    for ax in axes:
        ax.set_autoscale_on(False)  # limits are set explicitly, as in figure()
    xticks = _xticks(x)
    colors = SEED_COLORS if look.is_default_style else (cycle_colors() * 2)[:2]
    for i, (ax, act) in enumerate(zip(axes, acts, strict=True)):
        # Every panel has the same x range: number it only at each column's
        # foot, which also saves drawing some 150 labels.
        _draw_panel(ax, act, x, xticks, colors, look, x_labels=i + cols >= n)
    # Fixed margins: constrained layout costs seconds on fifty axes.
    top = 1 - (0.45 + extra) / size[1]
    fig.subplots_adjust(
        left=0.35 / size[0], right=1 - 0.1 / size[0], bottom=0.25 / size[1],
        top=top, wspace=0.28, hspace=0.55,
    )  # fmt: skip
    fig.suptitle(title, fontsize=_TITLE_SIZE, y=1 - 0.12 / size[1], va="top")
    return fig


@figure_builder
def panel_figure(
    act: Activation,
    x: np.ndarray,
    *,
    size: tuple[float, float] | None = None,
    dpi: float = GALLERY_DPI,
    look: Look = Look(),  # noqa: B008 - immutable; figure_builder passes it from style=, lang=
) -> Figure:
    """One gallery panel as a figure of its own (``actplot gallery --each``).

    Drawn as in :func:`gallery_figure`, with the figure laid out around the
    panel's tick labels and title (see :func:`actplot.render.layout.fit_axes`).
    ``size`` is in inches, by default a gallery panel's; ``style`` and ``lang``
    as for :func:`gallery_figure`.
    """
    check_drawable(x)
    fig = Figure(figsize=size or GALLERY_PANEL_SIZE, dpi=dpi, layout=FittedLayout())
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_autoscale_on(False)
    colors = SEED_COLORS if look.is_default_style else (cycle_colors() * 2)[:2]
    _draw_panel(ax, act, x, _xticks(x), colors, look, x_labels=True)
    fit_axes(ax, pads=(0.03, 0.03))
    mark_laid_out(fig)
    return fig


def _xticks(x: np.ndarray) -> list[float]:
    """A few round ticks inside the range: each costs draw time on a small panel."""
    lo, hi = float(x[0]), float(x[-1])
    return [t for t in MaxNLocator(4, steps=_STEPS).tick_values(lo, hi) if lo <= t <= hi]


_STEPS = [1, 2, 5, 10]


def _draw_panel(
    ax: Any,
    act: Activation,
    x: np.ndarray,
    xticks: Sequence[float],
    colors: Sequence[Any],
    look: Look,
    *,
    x_labels: bool,
) -> None:
    """One panel: f and f', the range, fitted y-limits, title, grid and sparse ticks."""
    lines = plot_activation(
        ax,
        act,
        x,
        color=colors[0],
        derivative_color=colors[1],
        linewidth=1.1,
        lang=look.lang,
    )
    ax.set_xlim(float(x[0]), float(x[-1]))
    ax.set_ylim(*fitted_ylim(lines))
    # An explicit y stops matplotlib from re-measuring every title against
    # its axes' ticks at draw time, a third of a large gallery's cost.
    ax.set_title(_panel_title(act), fontsize=8.5, pad=3, y=1.0, linespacing=1.1)
    grid_kw: dict[str, Any] = {"alpha": 0.4} if look.is_default_style else {}
    ax.grid(True, linewidth=0.5, **grid_kw)
    ax.tick_params(labelsize=6.5, length=2, pad=1.5)
    # Few ticks read better on a small panel, and each costs draw time.
    ax.xaxis.set_major_locator(FixedLocator(xticks))
    ax.yaxis.set_major_locator(MaxNLocator(3, steps=_STEPS))
    ax.tick_params(axis="x", labelbottom=x_labels)


_TITLE_SIZE = 12.0  # points
_TITLE_LINE = 1.2 * _TITLE_SIZE / 72  # inches per extra title line


def _wrap_title(title: str, width: float, size: float) -> str:
    """``title`` wrapped to ``width`` inches (a CJK character counts twice)."""
    import unicodedata

    if "$" in title:  # mathtext stays on one line
        return title
    em = 0.56 * size / 72  # the average width of a Latin character, in inches
    room = max(12, int((width - 0.3) / em))
    chars = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in title)
    if chars <= room:
        return title
    if chars > len(title):  # CJK: wrap by half the count
        room = max(6, room // 2)
    return "\n".join(textwrap.wrap(title, room))


NEAR_SQUARE_MAX = 16  # panels laid out near-square; more go wide, for a 16:9 slide


def default_columns(n: int) -> int:
    """Columns of a gallery of ``n`` panels: near-square up to 16 (2 × 2 for 4, 3 × 2
    for 5 or 6), then about 1.6 × as many columns as rows."""
    if n <= NEAR_SQUARE_MAX:
        return math.ceil(math.sqrt(n))
    return math.ceil(math.sqrt(1.6 * n))


def _panel_title(act: Activation, width: int = 24) -> str:
    """A gallery panel's title: the label (parameters only if not default), wrapped."""
    title = act.label if act.is_default else act.title
    if "$" in title:  # mathtext (a formula activation) must stay on one line
        return title
    return "\n".join(textwrap.wrap(title, width))
