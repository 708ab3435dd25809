"""The ``actplot diff`` figure: A - B and A' - B', and their sizes on a log axis.

Top panel: A - B (solid) and A' - B' (dashed). Bottom panel: |A - B| and
|A' - B'| on a log axis with the resolution the difference is known to
(dotted; see :mod:`actplot.analysis.difference`), grey where the difference is
below it. The largest |A - B| and |A' - B'| are marked and labelled in both.
The numbers come from the analysis; this module draws.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from actplot.analysis.difference import Difference, Extreme
from actplot.analysis.sampling import mask_spans
from actplot.render.defaults import SEED_COLORS
from actplot.render.figure import check_drawable, fitted_ylim
from actplot.render.looks import Look
from actplot.render.panels import legend_clear_of, two_panels
from actplot.render.spec import FigureSpec

__all__ = ["diff_figure", "diff_labels", "diff_title"]

_UNRESOLVED_ALPHA = 0.12


def diff_labels(diff: Difference) -> tuple[str, str]:
    """The names of the two differences: ``A − B`` and ``A′ − B′`` (relative: divided by |B|)."""
    a, b = diff.a.title, diff.b.title
    if diff.relative:
        return f"({a} − {b}) / |{b}|", f"({a}′ − {b}′) / |{b}′|"
    return f"{a} − {b}", f"{a}′ − {b}′"


def diff_title(diff: Difference) -> str:
    """``GELU − GELU (tanh approx.) (solid) and of their derivatives (dashed)``."""
    f_label, _ = diff_labels(diff)
    return f"{f_label} (solid) and of their derivatives (dashed)"


def diff_figure(diff: Difference, spec: FigureSpec) -> Figure:
    """The figure of ``diff`` (see the module docstring); ``spec`` gives the title,
    the top panel's y limits, size, resolution and style."""
    check_drawable(diff.x)
    look = Look(spec.style, spec.lang)
    with look.context():
        fig = _draw(diff, spec, look)
    look.attach(fig)
    return fig


def _draw(diff: Difference, spec: FigureSpec, look: Look) -> Figure:
    fig, top, bottom = two_panels(spec)
    for ax in (top, bottom):
        ax.set_xlim(float(diff.x[0]), float(diff.x[-1]))
        ax.grid(True)
    f_color, d_color = SEED_COLORS
    f_label, d_label = diff_labels(diff)
    x = diff.x
    delta = np.where(np.isfinite(diff.delta), diff.delta, np.nan)
    d_delta = np.where(np.isfinite(diff.d_delta), diff.d_delta, np.nan)
    (f_line,) = top.plot(x, delta, color=f_color, linestyle="-", label=f_label)
    (d_line,) = top.plot(x, d_delta, color=d_color, linestyle="--", label=d_label)
    top.set_ylim(*(spec.ylim if spec.ylim is not None else fitted_ylim([f_line, d_line])))
    _mark(top, diff.maximum, f_color, f_label, signed=True)
    _mark(top, diff.d_maximum, d_color, d_label, signed=True)
    title = spec.title if spec.title is not None else diff_title(diff)
    top.set_title(title, wrap=True)
    legend_clear_of(top, [f_line, d_line], [f_line, d_line], fontsize="small")

    bottom.set_yscale("log")
    lines = []
    for values, resolution, color, style, label in (
        (diff.delta, diff.resolution, f_color, "-", f"|{f_label}|"),
        (diff.d_delta, diff.d_resolution, d_color, "--", f"|{d_label}|"),
    ):
        size = np.abs(values)
        y = np.where((size > 0) & np.isfinite(size), size, np.nan)
        (line,) = bottom.plot(x, y, color=color, linestyle=style, label=label)
        lines.append(line)
        if style == "-":
            (floor,) = bottom.plot(
                x,
                np.where(resolution > 0, resolution, np.nan),
                color="0.5",
                linestyle=(0, (1, 2)),
                linewidth=0.9,
                label="resolution of the float64 values",
            )
            lines.append(floor)
    finite = np.concatenate([ln.get_ydata()[np.isfinite(ln.get_ydata())] for ln in lines])
    finite = finite[finite > 0]
    if finite.size:
        bottom.set_ylim(float(finite.min()) / 10, float(finite.max()) * 10)
    handles: list[Any] = []
    neutral = bottom.xaxis.label.get_color()
    from matplotlib.colors import to_rgba

    narrow = []
    for a, b in mask_spans(x, diff.unresolved):
        for ax in (top, bottom):
            ax.axvspan(a, b, facecolor=to_rgba(neutral, _UNRESOLVED_ALPHA), linewidth=0, zorder=0.5)
        if b - a < 0.005 * (x[-1] - x[0]):  # too narrow to see: a mark on the axis
            narrow.append(0.5 * (a + b))
    if narrow:
        bottom.plot(
            narrow,
            [0.0] * len(narrow),
            transform=bottom.get_xaxis_transform(),
            linestyle="none",
            marker="^",
            markersize=6,
            color=neutral,
            clip_on=False,
            zorder=4,
        )
    if diff.unresolved.any():
        handles.append(
            Patch(
                facecolor=to_rgba(neutral, _UNRESOLVED_ALPHA),
                linewidth=0,
                label=f"|{f_label}| below float64 resolution",
            )
        )
    _mark(bottom, diff.maximum, f_color, f_label, signed=False)
    _mark(bottom, diff.d_maximum, d_color, d_label, signed=False)
    bottom.set_xlabel("x")
    bottom.set_ylabel("|difference|")
    legend_clear_of(bottom, lines, [*lines, *handles], fontsize="small")
    return fig


def _mark(ax: Any, extreme: Extreme, color: Any, label: str, *, signed: bool) -> None:
    """A marker at the largest difference, labelled with its size and place."""
    if not np.isfinite(extreme.value):
        return
    y = extreme.value if signed else abs(extreme.value)
    ax.plot([extreme.x], [y], marker="o", markersize=5, color=color, zorder=4)
    if not signed:
        return
    text = f"max {abs(extreme.value):.3g}\nat x = {extreme.x:.4g}"
    left = extreme.x <= np.mean(ax.get_xlim())
    ax.annotate(
        text,
        xy=(extreme.x, y),
        xytext=(9 if left else -9, 0),  # beside the marker: never above the axes
        textcoords="offset points",
        va="center",
        ha="left" if left else "right",
        fontsize="small",
        color=color,
        bbox={"boxstyle": "round,pad=0.2", "fc": ax.get_facecolor(), "ec": "none", "alpha": 0.8},
        zorder=5,
    )
