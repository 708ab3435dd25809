"""Two stacked panels, the lower often on a log axis: the ``--dtype`` and ``diff`` figures.

``legend_clear_of`` places a legend where it covers none of the given lines,
measuring them through the axes' own transform, so a log axis is measured
as drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from actplot.render.legend import renderer_of
from actplot.render.spec import FigureSpec

__all__ = ["legend_clear_of", "two_panels"]

_SPOTS = (
    "upper left",
    "upper right",
    "lower right",
    "lower left",
    "center left",
    "center right",
    "upper center",
    "lower center",
)


def two_panels(
    spec: FigureSpec, ratios: tuple[float, float] = (1.0, 1.0), extra: float = 0.0
) -> tuple[Figure, Any, Any]:
    """A figure of two panels, one above the other, 1.45 times the style's height
    (plus ``extra`` inches) unless ``spec.size`` says otherwise."""
    import matplotlib as mpl

    w, h = spec.size or mpl.rcParams["figure.figsize"]
    if not spec.size:
        h = h * 1.45 + extra
    fig = Figure(figsize=(w, h), dpi=spec.dpi, layout="constrained")
    FigureCanvasAgg(fig)
    top, bottom = fig.subplots(2, 1, gridspec_kw={"height_ratios": list(ratios)})
    for ax in (top, bottom):
        # Limits are set by the caller: matplotlib's autoscaling would
        # overflow on values near float64's maximum.
        ax.set_autoscale_on(False)
    return fig, top, bottom


def _points(ax: Any, lines: Sequence[Line2D]) -> tuple[np.ndarray, np.ndarray]:
    """Every line's finite points in axes fractions (through the axes' scales)."""
    to_axes = ax.transData + ax.transAxes.inverted()
    us, vs = [], []
    for line in lines:
        xd = np.asarray(line.get_xdata(), float)
        yd = np.asarray(line.get_ydata(), float)
        ok = np.isfinite(xd) & np.isfinite(yd)
        if ax.get_yscale() == "log":
            ok &= yd > 0
        if not ok.any():
            continue
        every = max(1, int(ok.sum()) // 4000)
        pts = to_axes.transform(np.column_stack([xd[ok][::every], yd[ok][::every]]))
        # A sparse line's straight segments cross a legend too: densify them.
        t = np.arange(len(pts))
        dense = np.linspace(0, len(pts) - 1, max(4000, len(pts)))
        us.append(np.interp(dense, t, pts[:, 0]))
        vs.append(np.interp(dense, t, pts[:, 1]))
    if not us:
        return np.empty(0), np.empty(0)
    return np.concatenate(us), np.concatenate(vs)


def legend_clear_of(
    ax: Any, avoid: Sequence[Line2D], handles: Sequence[Any], **legend_kw: Any
) -> Any:
    """The legend of ``handles`` in the first spot where it covers none of ``avoid``.

    Where no spot is free, the y axis grows upwards (by a fifth of its span, or
    of its decades on a log axis, up to three times) to make room above the
    curves; failing that, the spot covering the fewest points is used.
    """
    renderer = renderer_of(ax)
    best: tuple[int, str] = (10**9, _SPOTS[0])
    for _ in range(4):
        u, v = _points(ax, avoid)
        for loc in _SPOTS:
            legend = ax.legend(handles=list(handles), loc=loc, **legend_kw)
            box = legend.get_window_extent(renderer).transformed(ax.transAxes.inverted())
            pad = 0.01
            inside = (
                (u > box.x0 - pad) & (u < box.x1 + pad) & (v > box.y0 - pad) & (v < box.y1 + pad)
            )
            covered = int(inside.sum())
            if covered == 0:
                return legend
            best = min(best, (covered, loc))
        lo, hi = ax.get_ylim()
        if ax.get_yscale() == "log":
            ax.set_ylim(lo, hi * (hi / lo) ** 0.2)
        else:
            ax.set_ylim(lo, hi + 0.2 * (hi - lo))
    return ax.legend(handles=list(handles), loc=best[1], **legend_kw)
