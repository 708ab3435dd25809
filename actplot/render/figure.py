"""Rendering: activation curves on an ``Axes``, figures, and saving them.

``plot_activation`` draws on an Axes you give it and returns its artists;
``figure`` builds a whole :class:`matplotlib.figure.Figure` (no pyplot, so no
global state); ``save`` writes it atomically. The mathematics comes from the
catalogue; this module only samples and draws.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from actplot.analysis.sampling import AXIS_LIMIT
from actplot.catalogue import Activation
from actplot.output import FIGURE_FORMATS, UnsupportedFormatError, atomic_write
from actplot.render.looks import Look, figure_builder, look_of
from actplot.text.labels import labels_for

__all__ = [
    "AXIS_LIMIT",
    "check_drawable",
    "curve",
    "figure",
    "fitted_ylim",
    "plot_activation",
    "save",
    "title_for",
]

# The lecture note's MATLAB look: f red solid, f' blue dashed.
SEED_COLORS = ("#d62728", "#1f4fd1")
DEFAULT_DPI = 200


def curve(
    act: Activation, x: np.ndarray, *, derivative: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """The points to draw f (or f') over the sorted grid ``x``.

    At each kink inside the range, the left limit and the kink itself are
    added, so corners are exact; where the curve jumps there (a step in f'),
    a NaN separates the two sides so the line breaks instead of drawing a
    vertical segment.
    """
    evaluate = act.derivative if derivative else act
    kinks = [k for k in act.kink_points if x[0] < k <= x[-1]]
    if not kinks:
        return x, evaluate(x)
    cuts = np.searchsorted(x, kinks, side="left")
    pieces = list(np.split(x, cuts))
    for i, k in enumerate(kinks):
        pieces[i] = np.append(pieces[i], np.nextafter(k, -np.inf))
        if not (pieces[i + 1].size and pieces[i + 1][0] == k):
            pieces[i + 1] = np.insert(pieces[i + 1], 0, k)
    xs = np.concatenate(pieces)
    ys = evaluate(xs)
    # Join the pieces, with a NaN wherever the two sides of a kink differ.
    ends = np.cumsum([p.size for p in pieces])[:-1]
    left, right = ys[ends - 1], ys[ends]
    scale = np.nanmax(np.abs(ys), initial=1.0)
    with np.errstate(invalid="ignore"):  # NaN sides (a gap) compare False
        jumps = ~(np.abs(right - left) <= 1e-9 * scale)
    breaks = ends[jumps]
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
        Language of the legend entries ("en" or "zh", see :mod:`actplot.labels`).
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
            *curve(act, x, derivative=True),
            color=derivative_color or f_line.get_color(),
            linestyle="--",
            label=d_label,
            **line_kw,
        )
        lines.append(d_line)
    return lines


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


def check_drawable(x: np.ndarray) -> None:
    """Raise ValueError if the x range is too wide for matplotlib's axes."""
    if x.size and max(abs(float(x[0])), abs(float(x[-1]))) > AXIS_LIMIT:
        raise ValueError(
            f"a figure's range must lie within ±{AXIS_LIMIT:g} (CSV output takes any finite range)"
        )


def fitted_ylim(lines: Sequence[Line2D], margin: float = 0.05) -> tuple[float, float]:
    """Y-limits enclosing every finite point of ``lines``, with a margin.

    Limits stay within ±AXIS_LIMIT, which matplotlib can still put ticks on.
    """
    finite = [y[np.isfinite(y)] for y in (np.asarray(ln.get_ydata(), float) for ln in lines)]
    finite = [y for y in finite if y.size]
    if not finite:
        return (-1.0, 1.0)
    lo = max(min(float(y.min()) for y in finite), -AXIS_LIMIT)
    hi = min(max(float(y.max()) for y in finite), AXIS_LIMIT)
    span = hi - lo
    if span == 0:
        span = max(abs(lo), 1.0)
    return max(lo - margin * span, -AXIS_LIMIT), min(hi + margin * span, AXIS_LIMIT)


def figure(
    acts: Sequence[Activation],
    x: np.ndarray,
    *,
    title: str | None = None,
    derivative: bool = True,
    ylim: tuple[float, float] | None = None,
    size: tuple[float, float] | None = None,
    dpi: float = DEFAULT_DPI,
    formula: bool = False,
    fig: Figure | None = None,
    style: str | None = None,
    lang: str = "en",
    saturation: float | None = None,
) -> Figure:
    """A figure of one or more activations with their derivatives.

    One activation is drawn in the lecture note's colours (f red solid, f'
    blue dashed), or the style's first two; several get one colour each, f
    solid and f' dashed. Grid on, y-limits fitted to all curves (or
    ``ylim``), and a legend placed where it covers no curve.

    Parameters
    ----------
    acts
        Activations to draw, in legend order.
    x
        Sorted sample points (see :func:`actplot.analysis.sampling.grid`).
    title
        Figure title; by default "Sigmoid (solid) and its derivative (dashed)".
    size
        Figure size in inches (default: the style's, 6.4 x 4.8 without one).
    fig
        Draw into this figure (or subfigure) instead of a new one (for a window).
    style
        A built-in style (``seed``, ``slides``, ``paper``, ``dark``), a
        matplotlib style name or a ``.mplstyle`` path; None for the default look.
        It is in force while the figure is built and again when
        :func:`save` draws it (see :class:`actplot.render.looks.Look`).
    lang
        Language of title, legend and axis label: "en" or "zh".
    saturation
        Shade where each function saturates, soft where 0 < |f'| < this
        threshold, hard where f' = 0 (see :func:`shade_all_saturation`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    look = Look(style, lang)
    with look.context():
        fig = _draw_figure(
            acts,
            x,
            fig,
            look,
            size=size,
            dpi=dpi,
            title=title,
            derivative=derivative,
            ylim=ylim,
            formula=formula,
            saturation=saturation,
        )
    look.attach(fig)
    return fig


def _draw_figure(
    acts: Sequence[Activation],
    x: np.ndarray,
    fig: Figure | None,
    look: Look,
    *,
    size: tuple[float, float] | None,
    dpi: float,
    title: str | None,
    derivative: bool,
    ylim: tuple[float, float] | None,
    formula: bool,
    saturation: float | None = None,
) -> Figure:
    check_drawable(x)
    if fig is None:
        fig = Figure(figsize=size, dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    # Both limits are set below; matplotlib's own autoscaling would overflow on
    # values near float64's maximum (e^709), so it never runs.
    ax.set_autoscale_on(False)
    lines: list[Line2D] = []
    cycle = _cycle_colors()
    for i, act in enumerate(acts):
        if len(acts) == 1:
            color, d_color = SEED_COLORS if look.is_default_style else (cycle * 2)[:2]
        else:
            color = d_color = cycle[i % len(cycle)]
        lines += plot_activation(
            ax,
            act,
            x,
            color=color,
            derivative_color=d_color,
            derivative=derivative,
            formula=formula,
            lang=look.lang,
        )
    ax.set_xlim(float(x[0]), float(x[-1]))
    ax.set_ylim(*(ylim if ylim is not None else fitted_ylim(lines)))
    ax.grid(True)
    ax.set_xlabel(labels_for(look.lang).xlabel)
    if title is None:
        title = title_for(acts, derivative=derivative, lang=look.lang)
    ax.set_title(title, wrap=True)  # long lists of names wrap instead of being cut
    if saturation is None:
        place_legend(ax, lines)
    else:  # shades, then places the legend, then labels clear of it
        from actplot.render.shading import shade_all_saturation

        shade_all_saturation(ax, acts, x, saturation, lines, lang=look.lang)
    return fig


def _cycle_colors() -> list[Any]:
    """The colours of the look in force, resolved now: "C0" would be looked up
    again, outside the look, at draw time."""
    return mpl.rcParams["axes.prop_cycle"].by_key().get("color") or list(SEED_COLORS)


_LEGEND_SPOTS = (
    "upper left",
    "upper right",
    "lower right",
    "lower left",
    "center left",
    "center right",
    "upper center",
    "lower center",
)


def place_legend(ax: Axes, lines: Sequence[Line2D], extra: Sequence[Any] = ()) -> Any:
    """Put the legend in the first corner it covers no curve in, else below the axes.

    matplotlib's ``loc="best"`` only minimises overlap; this guarantees none,
    testing every line (interpolated, so sparse grids count too) against the
    legend's box. ``extra`` handles (shading proxies) are listed after the lines.
    """
    renderer = ax.get_figure().canvas.get_renderer()
    # The axes are measured before the layout engine runs (running it here too
    # would cost a second layout pass); constrained layout then only grows the
    # axes, which shrinks the legend's share of them, so the test stays valid.
    u, v = axes_fraction_points(ax, lines)
    for loc in _LEGEND_SPOTS:
        legend = ax.legend(handles=[*lines, *extra], loc=loc)
        box = legend.get_window_extent(renderer).transformed(ax.transAxes.inverted())
        pad = 0.01
        inside = (u > box.x0 - pad) & (u < box.x1 + pad) & (v > box.y0 - pad) & (v < box.y1 + pad)
        if not inside.any():
            return legend
    return _legend_below(ax, [*lines, *extra], renderer)


def _legend_below(ax: Axes, handles: Sequence[Any], renderer: Any) -> Any:
    """The legend outside the axes: right of them on a wide figure, else below.

    As many columns as fit; labels wider than the figure are wrapped.
    """
    import textwrap

    from matplotlib.transforms import ScaledTranslation

    fig = ax.get_figure()
    wide = fig.bbox.width >= 1.5 * fig.bbox.height  # a 16:9 slide has width to spare
    if wide:
        anchor = ax.transAxes + ScaledTranslation(0.1, 0, fig.dpi_scale_trans)
        where = {"loc": "center left", "bbox_to_anchor": (1.0, 0.5)}
        columns = [1, 2]
    else:
        # A fixed distance (inches) under the tick labels and x label, so the
        # layout engine may resize the axes without the two overlapping.
        drop = (ax.bbox.y0 - ax.xaxis.get_tightbbox(renderer).y0) / fig.dpi + 0.05
        anchor = ax.transAxes + ScaledTranslation(0, -drop, fig.dpi_scale_trans)
        where = {"loc": "upper center", "bbox_to_anchor": (0.5, 0.0)}
        columns = list(range(min(len(handles), 4), 0, -1))
    for ncol in columns:
        legend = ax.legend(handles=handles, bbox_transform=anchor, ncol=ncol, **where)
        box = legend.get_window_extent(renderer)
        room = 0.5 * fig.bbox.width if wide else 0.98 * fig.bbox.width
        fits = box.width <= room and (not wide or box.height <= 0.95 * fig.bbox.height)
        if fits:
            return legend
    if box.width > room:  # even one column is too wide: one column, labels wrapped
        legend = ax.legend(handles=handles, bbox_transform=anchor, ncol=1, **where)
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


def save(
    fig: Figure,
    path: str | os.PathLike[str],
    *,
    dpi: float | None = None,
    transparent: bool = False,
) -> Path:
    """Save ``fig`` atomically; the format comes from the extension (png, svg, pdf).

    The figure is drawn under the look it was built with (see
    :func:`actplot.render.looks.look_of`). A failure leaves no partial file and an
    existing file of that name untouched.
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FIGURE_FORMATS:
        raise UnsupportedFormatError(
            f"cannot save a figure as {path.name}: use {', '.join('.' + f for f in FIGURE_FORMATS)}"
        )
    if fig.canvas is None or not hasattr(fig.canvas, "print_figure"):
        FigureCanvasAgg(fig)

    def write(fileobj: Any) -> None:
        with look_of(fig).context():
            fig.savefig(fileobj, format=fmt, dpi=dpi or fig.dpi, transparent=transparent)

    atomic_write(path, write)
    return path


# ---------------------------------------------------------------- gallery

GALLERY_TITLE = "Activation functions (solid) and their derivatives (dashed)"


@figure_builder
def gallery_figure(
    acts: Sequence[Activation],
    x: np.ndarray,
    *,
    cols: int | None = None,
    size: tuple[float, float] | None = None,
    dpi: float = 150,
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
        Panels per row; by default about 1.6 × as many columns as rows.
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
    import math

    from matplotlib.ticker import FixedLocator, MaxNLocator

    n = len(acts)
    if n == 0:
        raise ValueError("a gallery needs at least one activation")
    check_drawable(x)
    cols = min(n, cols or math.ceil(math.sqrt(1.6 * n)))
    rows = math.ceil(n / cols)
    if size is None:
        size = (1.8 * cols + 0.2, 1.5 * rows + 0.5)
    fig = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(fig)
    axes = [fig.add_subplot(rows, cols, i + 1) for i in range(n)]
    for ax in axes:
        ax.set_autoscale_on(False)  # limits are set explicitly, as in figure()
    lo, hi = float(x[0]), float(x[-1])
    steps = [1, 2, 5, 10]
    xticks = [t for t in MaxNLocator(4, steps=steps).tick_values(lo, hi) if lo <= t <= hi]
    colors = SEED_COLORS if look.is_default_style else (_cycle_colors() * 2)[:2]
    for i, (ax, act) in enumerate(zip(axes, acts, strict=True)):
        lines = plot_activation(
            ax,
            act,
            x,
            color=colors[0],
            derivative_color=colors[1],
            linewidth=1.1,
            lang=look.lang,
        )
        ax.set_xlim(lo, hi)
        ax.set_ylim(*fitted_ylim(lines))
        # An explicit y stops matplotlib from re-measuring every title against
        # its axes' ticks at draw time, a third of a large gallery's cost.
        ax.set_title(_panel_title(act), fontsize=8.5, pad=3, y=1.0, linespacing=1.1)
        ax.grid(True, linewidth=0.5, **({"alpha": 0.4} if look.is_default_style else {}))
        ax.tick_params(labelsize=6.5, length=2, pad=1.5)
        # Few ticks read better on a small panel, and each costs draw time.
        ax.xaxis.set_major_locator(FixedLocator(xticks))
        ax.yaxis.set_major_locator(MaxNLocator(3, steps=steps))
        # Every panel has the same x range: number it only at each column's
        # foot, which also saves drawing some 150 labels.
        ax.tick_params(axis="x", labelbottom=i + cols >= n)
    # Fixed margins: constrained layout costs seconds on fifty axes.
    top = 1 - 0.45 / size[1]
    fig.subplots_adjust(
        left=0.35 / size[0], right=1 - 0.1 / size[0], bottom=0.25 / size[1],
        top=top, wspace=0.28, hspace=0.55,
    )  # fmt: skip
    if title is None:
        title = labels_for(look.lang).heading(GALLERY_TITLE)
    fig.suptitle(title, fontsize=12, y=1 - 0.12 / size[1])
    return fig


def _panel_title(act: Activation, width: int = 24) -> str:
    """A gallery panel's title: the label (parameters only if not default), wrapped."""
    import textwrap

    title = act.label if act.is_default else act.title
    if "$" in title:  # mathtext (a formula activation) must stay on one line
        return title
    return "\n".join(textwrap.wrap(title, width))
