"""Curves of an activation on an ``Axes``: f solid, f' dashed, exact at kinks.

Where a curve jumps at a kink (ReLU's f' at 0, the binary step's f), the line
breaks, a filled dot marks the value the function takes there and an open dot
the side it does not (for f' the right-hand value, the convention of the
catalogue).
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D

from actplot.catalogue import Activation
from actplot.text.labels import labels_for

__all__ = [
    "Jumps",
    "curve",
    "curve_points",
    "jump_dots",
    "kink_dots",
    "plot_activation",
    "title_for",
    "update_curve",
]


@dataclass(frozen=True)
class Jumps:
    """The dots of a curve's jumps: filled where the value is, open where it is not."""

    filled: np.ndarray  # (n, 2) points
    hollow: np.ndarray  # (m, 2) points

    @property
    def empty(self) -> bool:
        return not (self.filled.size or self.hollow.size)


_NO_JUMPS = Jumps(np.empty((0, 2)), np.empty((0, 2)))


def curve(
    act: Activation,
    x: np.ndarray,
    *,
    derivative: bool = False,
    values: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The points to draw f (or f') over the sorted grid ``x``.

    At each kink inside the range, the left limit, the kink itself and the
    right limit are added, so corners are exact; where the curve jumps there
    (a step in f', or in f), a NaN separates the two sides so the line breaks
    instead of drawing a vertical segment. ``values`` are f (or f') on ``x``
    when the caller has them already; then only the added points are evaluated.
    A framework's value at a kink (see :mod:`actplot.catalogue.conventions`)
    may differ from both sides: then the line breaks on both.
    """
    xs, ys, _ = curve_points(act, x, derivative=derivative, values=values)
    return xs, ys


def curve_points(
    act: Activation,
    x: np.ndarray,
    *,
    derivative: bool = False,
    values: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, Jumps]:
    """:func:`curve`'s points, and the dots of its jumps."""
    evaluate = act.derivative if derivative else act
    y = evaluate(x) if values is None else np.asarray(values, dtype=np.float64)
    kinks = np.array([k for k in act.kink_points if x[0] < k <= x[-1]], dtype=np.float64)
    if not kinks.size:
        return x, y, _NO_JUMPS
    left = np.nextafter(kinks, -np.inf)
    right = np.nextafter(kinks, np.inf)
    at = evaluate(np.concatenate([left, kinks, right]))
    y_left, y_at, y_right = np.split(at, 3)
    scale = max(float(np.nanmax(np.abs(y), initial=1.0)), float(np.nanmax(np.abs(at))))
    with np.errstate(invalid="ignore"):  # NaN sides (a gap) compare False: a break
        break_left = ~(np.abs(y_at - y_left) <= 1e-9 * scale)
        break_right = ~(np.abs(y_right - y_at) <= 1e-9 * scale)
    cuts = np.searchsorted(x, kinks, side="left")
    index: list[int] = []  # where each added point goes, in the grid's indices
    added_x: list[float] = []
    added_y: list[float] = []
    filled: list[tuple[float, float]] = []
    hollow: list[tuple[float, float]] = []

    def add(i: int, px: float, py: float) -> None:
        index.append(i)
        added_x.append(px)
        added_y.append(py)

    for j, (k, cut) in enumerate(zip(kinks, cuts, strict=True)):
        k, cut = float(k), int(cut)
        on_grid = cut < x.size and x[cut] == k
        after = cut + 1 if on_grid else cut  # the first grid point right of k
        add(cut, float(left[j]), float(y_left[j]))
        if break_left[j]:
            add(cut, np.nan, np.nan)
        if not on_grid:
            add(cut, k, float(y_at[j]))
        if k < x[-1]:
            if break_right[j]:
                add(after, np.nan, np.nan)
            if not (after < x.size and x[after] == right[j]):
                add(after, float(right[j]), float(y_right[j]))
        broke = [v for v, b in ((y_left[j], break_left[j]), (y_right[j], break_right[j])) if b]
        ends = [y_left[j], y_at[j]] + ([y_right[j]] if k < x[-1] else [])
        if broke and np.all(np.isfinite(ends)):  # a jump, not the edge of a gap
            filled.append((k, float(y_at[j])))
            hollow += [(k, float(v)) for v in dict.fromkeys(broke)]
    xs = np.insert(x, index, added_x)
    ys = np.insert(y, index, added_y)
    jumps = Jumps(np.array(filled).reshape(-1, 2), np.array(hollow).reshape(-1, 2))
    return xs, ys, jumps


# The dots of each line's jumps, for updating a line in place (the window).
_DOTS: weakref.WeakKeyDictionary[Line2D, PathCollection] = weakref.WeakKeyDictionary()


def jump_dots(line: Line2D) -> PathCollection | None:
    """The collection of jump dots drawn with ``line``, if it jumps."""
    return _DOTS.get(line)


def _dot_data(ax: Axes, line: Line2D, jumps: Jumps) -> tuple[np.ndarray, list[Any], Any]:
    """The dots' centres, face colours (line colour, or the background: open) and edge."""
    from matplotlib.colors import to_rgba

    color = to_rgba(line.get_color())
    background = to_rgba(ax.get_facecolor())
    if background[3] == 0:  # a transparent face: white inside the open dots
        background = (1.0, 1.0, 1.0, 1.0)
    points = np.concatenate([jumps.filled, jumps.hollow])
    faces = [color] * len(jumps.filled) + [background] * len(jumps.hollow)
    return points, faces, color


def _draw_dots(ax: Axes, line: Line2D, jumps: Jumps) -> None:
    points, faces, color = _dot_data(ax, line, jumps)
    width = float(line.get_linewidth())
    size = (2.2 * width + 2.5) ** 2  # points²: clearly wider than the line
    dots = ax.scatter(
        points[:, 0],
        points[:, 1],
        s=size,
        c=faces,
        edgecolors=[color],
        linewidths=max(0.8 * width, 0.8),
        zorder=line.get_zorder() + 0.5,
        clip_on=True,
    )
    _DOTS[line] = dots


def plot_activation(
    ax: Axes,
    act: Activation,
    x: np.ndarray,
    *,
    color: Any = None,
    derivative_color: Any = None,
    derivative: bool = True,
    label: str | None = None,
    formula: bool = False,
    lang: str = "en",
    derivative_values: np.ndarray | None = None,
    values: np.ndarray | None = None,
    **line_kw: Any,
) -> list[Line2D]:
    """Draw f solid and f' dashed on ``ax``; return the lines drawn.

    A jump at a kink gets a filled dot at the value taken and an open one at
    the other side (see :func:`jump_dots`).

    Parameters
    ----------
    ax
        The Axes to draw on.
    act
        The activation (from :func:`actplot.get`).
    x
        Sorted sample points.
    color, derivative_color
        Line colours; the derivative defaults to the function's colour.
    derivative
        Draw f' too.
    label
        Name of the activation in the legend (default: its title). In
        English f is labelled ``label`` and f' ``label + " derivative"``.
    formula
        Append the mathtext formulas of f and f' to the labels.
    lang
        Language of the legend entries ("en" or "zh", see :mod:`actplot.text.labels`).
    values, derivative_values
        f and f' on ``x`` if the caller has computed them already (they are
        not computed again).
    line_kw
        Passed to both lines (``linewidth``, ``marker`` ...).
    """
    f_label, d_label = legend_labels(act, label, formula=formula, lang=lang)
    xs, ys, jumps = curve_points(act, x, values=values)
    (f_line,) = ax.plot(xs, ys, color=color, linestyle="-", label=f_label, **line_kw)
    if not jumps.empty:
        _draw_dots(ax, f_line, jumps)
    lines = [f_line]
    if derivative:
        xs, ys, jumps = curve_points(act, x, derivative=True, values=derivative_values)
        (d_line,) = ax.plot(
            xs,
            ys,
            color=derivative_color or f_line.get_color(),
            linestyle="--",
            label=d_label,
            **line_kw,
        )
        if not jumps.empty:
            _draw_dots(ax, d_line, jumps)
        lines.append(d_line)
    return lines


def kink_dots(ax: Axes, act: Activation, x: np.ndarray, color: Any) -> list[Line2D]:
    """A dot at f' of each kink inside the range, where ``act`` follows a framework's
    convention (its autograd's value there, see :mod:`actplot.catalogue.conventions`)."""
    from actplot.catalogue.conventions import kink_values

    if act.convention in ("", "actplot"):
        return []
    points = [(k, g) for k, g in kink_values(act) if x[0] <= k <= x[-1]]
    if not points:
        return []
    ks, gs = zip(*points, strict=True)
    return ax.plot(ks, gs, linestyle="none", marker="o", markersize=4, color=color, zorder=3)


def legend_labels(
    act: Activation, label: str | None = None, *, formula: bool = False, lang: str = "en"
) -> tuple[str, str]:
    """The legend entries of f and f' (``label`` defaults to the activation's title)."""
    words = labels_for(lang)
    label = act.title if label is None else label
    f_name = words.function.format(name=label)
    d_name = words.derivative.format(name=label)
    # A formula activation's label already is its formula: don't say it twice.
    if formula and label != f"${act.formula}$":
        f_name = words.punctuate(f"{f_name}: ${act.formula}$")
    if formula:
        d_name = words.punctuate(f"{d_name}: ${act.derivative_formula}$")
    return f_name, d_name


def update_curve(line: Line2D, act: Activation, x: np.ndarray, *, derivative: bool) -> None:
    """Redraw ``line`` (and its jump dots) as the curve of ``act`` on ``x``, in place."""
    xs, ys, jumps = curve_points(act, x, derivative=derivative)
    line.set_data(xs, ys)
    dots = _DOTS.get(line)
    if dots is None and jumps.empty:
        return
    ax: Any = line.axes
    if dots is None:
        _draw_dots(ax, line, jumps)
        return
    points, faces, color = _dot_data(ax, line, jumps)
    dots.set_offsets(points)
    dots.set_facecolor(faces or [color])


def title_for(acts: Sequence[Activation], *, derivative: bool = True, lang: str = "en") -> str:
    """``Sigmoid (solid) and its derivative (dashed)``, plurals, and other languages.

    Parameter values are shown, a sweep's as a list: ``ELU with α = 0.5, 1, 2``
    (in Chinese ``ELU (α = 0.5, 1, 2)``); several curves take "their derivatives".
    """
    return labels_for(lang).title(
        _titled_names(acts, lang), derivative=derivative, curves=len(acts)
    )


def _titled_names(acts: Sequence[Activation], lang: str = "en") -> list[str]:
    """One name per function, with its parameter values (all of a sweep's)."""
    words = labels_for(lang)
    groups: dict[str, list[Activation]] = {}
    for act in acts:
        groups.setdefault(act.label, []).append(act)
    names = []
    for label, group in groups.items():
        parts, swept = [], False
        for param in group[0].params:
            values = list(dict.fromkeys(f"{a.values[param.name]:.6g}" for a in group))
            swept = swept or len(values) > 1
            sep = words.value_sep if len(values) == 1 else " = "
            parts.append(f"{param.symbol}{sep}{', '.join(values)}")
        joined = ("; " if swept else ", ").join(parts)
        names.append(words.with_params.format(name=label, params=joined) if parts else label)
    return names
