"""Curves of an activation on an ``Axes``: f solid, f' dashed, exact at kinks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from actplot.catalogue import Activation
from actplot.text.labels import labels_for

__all__ = ["curve", "kink_dots", "plot_activation", "title_for"]


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
    (a step in f'), a NaN separates the two sides so the line breaks instead
    of drawing a vertical segment -- before the kink's own value (the
    right-hand one, actplot's convention) or after it (a framework's left-hand
    value, see :mod:`actplot.catalogue.conventions`), or both. ``values`` are
    f (or f') on ``x`` when the caller has them already; then only the added
    points are evaluated.
    """
    evaluate = act.derivative if derivative else act
    y = evaluate(x) if values is None else np.asarray(values, dtype=np.float64)
    kinks = [k for k in act.kink_points if x[0] < k <= x[-1]]
    if not kinks:
        return x, y
    cuts = np.searchsorted(x, kinks, side="left")
    # Per kink: its left limit, the kink itself unless the grid has it, and
    # its right limit.
    added: list[float] = []
    at: list[int] = []
    lefts: list[int] = []  # index in the joined arrays of each left limit
    for k, cut in zip(kinks, cuts, strict=True):
        lefts.append(int(cut) + len(added))
        added.append(float(np.nextafter(k, -np.inf)))
        at.append(int(cut))
        on_grid = cut < x.size and x[cut] == k
        if not on_grid:
            added.append(k)
            at.append(int(cut))
        added.append(float(np.nextafter(k, np.inf)))
        at.append(int(cut) + 1 if on_grid else int(cut))
    xs = np.insert(x, at, added)
    ys = np.insert(y, at, evaluate(np.array(added)))
    # A NaN wherever the kink's value differs from the limit on either side.
    ends = np.array(lefts) + 1
    scale = np.nanmax(np.abs(ys), initial=1.0)
    with np.errstate(invalid="ignore"):  # NaN sides (a gap) compare False
        jump_before = ~(np.abs(ys[ends] - ys[ends - 1]) <= 1e-9 * scale)
        jump_after = ~(np.abs(ys[ends + 1] - ys[ends]) <= 1e-9 * scale)
    breaks = np.sort(np.concatenate([ends[jump_before], ends[jump_after] + 1]))
    return np.insert(xs, breaks, np.nan), np.insert(ys, breaks, np.nan)


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
    **line_kw: Any,
) -> list[Line2D]:
    """Draw f solid and f' dashed on ``ax``; return the lines drawn.

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
    derivative_values
        f' on ``x`` if the caller has computed it already (it is not computed again).
    """
    words = labels_for(lang)
    label = act.title if label is None else label
    f_name = words.function.format(name=label)
    d_name = words.derivative.format(name=label)
    # A formula activation's label already is its formula: don't say it twice.
    f_label = f"{f_name}: ${act.formula}$" if formula and label != f"${act.formula}$" else f_name
    (f_line,) = ax.plot(*curve(act, x), color=color, linestyle="-", label=f_label, **line_kw)
    lines = [f_line]
    if derivative:
        d_label = f"{d_name}: ${act.derivative_formula}$" if formula else d_name
        (d_line,) = ax.plot(
            *curve(act, x, derivative=True, values=derivative_values),
            color=derivative_color or f_line.get_color(),
            linestyle="--",
            label=d_label,
            **line_kw,
        )
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


def title_for(acts: Sequence[Activation], *, derivative: bool = True, lang: str = "en") -> str:
    """``Sigmoid (solid) and its derivative (dashed)``, plurals, and other languages.

    Parameter values are shown, a sweep's as a list: ``ELU (α = 0.5, 1, 2)``.
    """
    return labels_for(lang).title(_titled_names(acts), derivative=derivative)


def _titled_names(acts: Sequence[Activation]) -> list[str]:
    """One name per function, with its parameter values (all of a sweep's)."""
    groups: dict[str, list[Activation]] = {}
    for act in acts:
        groups.setdefault(act.label, []).append(act)
    names = []
    for label, group in groups.items():
        parts, swept = [], False
        for param in group[0].params:
            values = list(dict.fromkeys(f"{a.values[param.name]:.6g}" for a in group))
            swept = swept or len(values) > 1
            sep = "=" if len(values) == 1 else " = "
            parts.append(f"{param.symbol}{sep}{', '.join(values)}")
        joined = ("; " if swept else ", ").join(parts)
        names.append(f"{label} ({joined})" if parts else label)
    return names
