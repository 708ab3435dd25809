"""Legend placement: a legend that covers no curve, or one outside the axes.

Its own module so that figures and shading both use it without importing
each other.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.transforms import ScaledTranslation

__all__ = ["axes_fraction_points", "place_legend", "renderer_of"]


_LEGEND_SPOTS: tuple[Any, ...] = (
    "upper left",
    "upper right",
    "lower right",
    "lower left",
    "center left",
    "center right",
    "upper center",
    "lower center",
)


def renderer_of(ax: Axes) -> Any:
    """The renderer of the canvas ``ax`` is on (text sizes are measured with it)."""
    fig: Any = ax.get_figure(root=True)
    return fig.canvas.get_renderer()


def place_legend(
    ax: Axes, lines: Sequence[Line2D], extra: Sequence[Any] = (), *, title: str | None = None
) -> Any:
    """Put the legend in the first corner it covers no curve in, else below the axes.

    matplotlib's ``loc="best"`` only minimises overlap; this guarantees none,
    testing every line (interpolated, so sparse grids count too) against the
    legend's box. ``extra`` handles (shading proxies) are listed after the lines;
    ``title`` heads the legend (a sweep's "ELU, α varied").
    """
    renderer = renderer_of(ax)
    # The axes are measured before the layout engine runs (running it here too
    # would cost a second layout pass); constrained layout then only grows the
    # axes, which shrinks the legend's share of them, so the test stays valid.
    u, v = axes_fraction_points(ax, lines)
    for loc in _LEGEND_SPOTS:
        legend = ax.legend(handles=[*lines, *extra], loc=loc, title=title)
        box = legend.get_window_extent(renderer).transformed(ax.transAxes.inverted())
        pad = 0.01
        inside = (u > box.x0 - pad) & (u < box.x1 + pad) & (v > box.y0 - pad) & (v < box.y1 + pad)
        if not inside.any():
            return legend
    return _legend_below(ax, [*lines, *extra], renderer, title)


def _legend_below(ax: Axes, handles: Sequence[Any], renderer: Any, title: str | None) -> Any:
    """The legend outside the axes: right of them on a wide figure, else below.

    As many columns as fit; labels wider than the figure are wrapped.
    """

    fig: Any = ax.get_figure()
    wide = fig.bbox.width >= 1.5 * fig.bbox.height  # a 16:9 slide has width to spare
    if wide:
        anchor = ax.transAxes + ScaledTranslation(0.1, 0, fig.dpi_scale_trans)
        where: dict[str, Any] = {"loc": "center left", "bbox_to_anchor": (1.0, 0.5)}
        columns = [1, 2]
    else:
        # A fixed distance (inches) under the tick labels and x label, so the
        # layout engine may resize the axes without the two overlapping.
        tight: Any = ax.xaxis.get_tightbbox(renderer)
        drop = (ax.bbox.y0 - tight.y0) / fig.dpi + 0.05
        anchor = ax.transAxes + ScaledTranslation(0, -drop, fig.dpi_scale_trans)
        where = {"loc": "upper center", "bbox_to_anchor": (0.5, 0.0)}
        columns = list(range(min(len(handles), 4), 0, -1))
    for ncol in columns:
        legend = ax.legend(handles=handles, bbox_transform=anchor, ncol=ncol, title=title, **where)
        box = legend.get_window_extent(renderer)
        room = 0.5 * fig.bbox.width if wide else 0.98 * fig.bbox.width
        fits = box.width <= room and (not wide or box.height <= 0.95 * fig.bbox.height)
        if fits:
            return legend
    if box.width > room:  # even one column is too wide: one column, labels wrapped
        legend = ax.legend(handles=handles, bbox_transform=anchor, ncol=1, title=title, **where)
        box = legend.get_window_extent(renderer)
        texts = legend.get_texts()
        chars = max(12, int(max(len(t.get_text()) for t in texts) * room / box.width))
        for text in texts:
            text.set_text("\n".join(textwrap.wrap(text.get_text(), chars)))
    return legend


def axes_fraction_points(ax: Axes, lines: Sequence[Line2D]) -> tuple[np.ndarray, np.ndarray]:
    """Every line's points in axes-fraction coordinates, densified along x."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    us, vs = [], []
    for line in lines:
        xd = np.asarray(line.get_xdata(), float)
        yd = np.asarray(line.get_ydata(), float)
        ok = np.isfinite(xd) & np.isfinite(yd)
        xd, yd = xd[ok], yd[ok]  # sorted: the grid is, and NaN breaks are gone
        if xd.size == 0:
            continue
        # A sparse grid's straight segments cross the legend too: densify.
        dense = np.linspace(xd[0], xd[-1], 2000)
        every = max(1, xd.size // 4000)
        us.append((np.concatenate([xd[::every], dense]) - x0) / (x1 - x0))
        vs.append((np.concatenate([yd[::every], np.interp(dense, xd, yd)]) - y0) / (y1 - y0))
    if not us:
        return np.empty(0), np.empty(0)
    return np.concatenate(us), np.concatenate(vs)
