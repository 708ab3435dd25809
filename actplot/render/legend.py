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

from actplot.render.layout import refit

__all__ = ["Occupancy", "axes_fraction_points", "place_legend", "renderer_of"]


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
    testing every line (its segments, not only its points, so sparse grids
    count too) against the legend's box. ``extra`` handles (shading proxies)
    are listed after the lines; ``title`` heads the legend (a sweep's "ELU,
    α varied").

    The lines are looked at through their :class:`Occupancy` (a lowest and
    highest point per pixel column), so the test costs the same for 2,000
    and 2,000,000 points; the legend is measured, not drawn. Call once the
    axes have their final position (see :func:`actplot.render.layout.fit_axes`);
    a legend that has to go outside fits laid-out axes again.
    """
    renderer = renderer_of(ax)
    handles = [*lines, *extra]
    occupied = Occupancy.of(ax, lines)
    to_axes = ax.transAxes.inverted()
    legend = ax.legend(handles=handles, loc=_LEGEND_SPOTS[0], title=title)
    pad = 0.01
    for loc in _LEGEND_SPOTS:
        legend.set_loc(loc)
        box = legend.get_window_extent(renderer).transformed(to_axes)
        if not occupied.covers(box.x0 - pad, box.x1 + pad, box.y0 - pad, box.y1 + pad):
            return legend
    legend = _legend_below(ax, handles, renderer, title)
    refit(ax)
    return legend


class Occupancy:
    """Where lines pass through the axes: per column, the lowest and highest point.

    The axes are cut into ``columns`` vertical strips (one per pixel by
    default). In each strip, the polyline of every line lies between the
    lowest and the highest of its points in the strip and its values where it
    crosses the strip's edges, so :meth:`covers` is exact up to one strip's
    width and never misses a narrow spike or a long straight segment. Non-finite
    points (breaks at jumps, overflow) are left out and their neighbours
    joined, which can only cover more.
    """

    def __init__(self, low: np.ndarray, high: np.ndarray) -> None:
        self.low = low  # axes fraction, per column; +inf where no line passes
        self.high = high  # -inf where no line passes

    @classmethod
    def of(cls, ax: Axes, lines: Sequence[Line2D], columns: int | None = None) -> Occupancy:
        """The occupancy of ``lines`` on ``ax`` (linear axes), from its current limits."""
        if columns is None:
            columns = max(64, int(ax.bbox.width))
        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        edges = np.linspace(min(x0, x1), max(x0, x1), columns + 1)
        low = np.full(columns, np.inf)
        high = np.full(columns, -np.inf)
        for line in lines:
            xd = np.asarray(line.get_xdata(), dtype=np.float64)
            yd = np.asarray(line.get_ydata(), dtype=np.float64)
            with np.errstate(invalid="ignore"):
                ok = np.isfinite(xd) & np.isfinite(yd)
            if not ok.all():
                xd, yd = xd[ok], yd[ok]
            if xd.size == 0:
                continue
            if xd.size > 1 and not (xd[1:] >= xd[:-1]).all():
                order = np.argsort(xd, kind="stable")
                xd, yd = xd[order], yd[order]
            _column_extremes(xd, yd, edges, low, high)
        # To axes fraction, on the few column values only.
        with np.errstate(invalid="ignore", over="ignore"):
            v_low, v_high = (low - y0) / (y1 - y0), (high - y0) / (y1 - y0)
        if y1 < y0:  # an inverted y axis
            v_low, v_high = v_high, v_low
        if x1 < x0:  # an inverted x axis: columns run from the right
            v_low, v_high = v_low[::-1], v_high[::-1]
        empty = ~(low <= high)
        v_low[empty], v_high[empty] = np.inf, -np.inf
        return cls(v_low, v_high)

    def covers(self, u0: float, u1: float, v0: float, v1: float) -> bool:
        """Whether a line passes through the box ``[u0, u1] x [v0, v1]`` (axes fraction)."""
        n = self.low.size
        first = max(int(np.floor(u0 * n)), 0)
        last = min(int(np.ceil(u1 * n)), n)
        if first >= last:
            return False
        low, high = self.low[first:last], self.high[first:last]
        return bool(((high > v0) & (low < v1)).any())


def _column_extremes(
    x: np.ndarray, y: np.ndarray, edges: np.ndarray, low: np.ndarray, high: np.ndarray
) -> None:
    """Lower ``low`` and raise ``high`` (per column between ``edges``) to the
    polyline through the sorted points ``(x, y)``: its points in each column
    and its values on the column's edges."""
    cuts = np.searchsorted(x, edges)  # the points of column c are x[cuts[c]:cuts[c + 1]]
    starts, stops = cuts[:-1], cuts[1:]
    full = np.flatnonzero(stops > starts)
    if full.size:
        inside = y[: cuts[-1]]  # reduceat's last segment runs to the end: stop at x1
        at = starts[full]
        low[full] = np.minimum(low[full], np.minimum.reduceat(inside, at))
        high[full] = np.maximum(high[full], np.maximum.reduceat(inside, at))
    # The line where it crosses each edge (only where it has points on both sides).
    on_line = (edges >= x[0]) & (edges <= x[-1])
    crossing = np.interp(edges, x, y)
    crossing[~on_line] = np.nan
    for side in (crossing[:-1], crossing[1:]):  # each column's left and right edge
        np.fmin(low, side, out=low)
        np.fmax(high, side, out=high)


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
