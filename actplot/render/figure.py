"""A figure of activations: curves, limits, ticks, title and legend from a :class:`FigureSpec`.

``build_figure`` builds a whole :class:`matplotlib.figure.Figure` (no pyplot,
so no global state) as a spec says; ``figure`` is the same with keyword
arguments for library users. f and f' are evaluated once per function on the
grid, and the saturation shading draws regions computed from that same f'.
The mathematics comes from the catalogue; this module only draws.

What a lecturer would otherwise fix by hand is done here: every curve has a
look of its own (palette colours, then markers; a sweep on a sequential ramp
with a legend titled by what varies), curves that coincide are drawn with
offset dashes, the y-limits ignore the blow-up next to a singularity, ticks
fall on round numbers and read "0 0.5 1". What a user should know about the
figure (coinciding curves, curves of very different scale) is in
:func:`figure_notes`, which the command line prints.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D

from actplot.analysis.sampling import AXIS_LIMIT
from actplot.catalogue import Activation
from actplot.catalogue.conventions import title_suffix
from actplot.render.curves import (
    kink_dots,
    legend_labels,
    plot_activation,
    title_for,
    update_curve,
)
from actplot.render.defaults import DEFAULT_DPI, SEED_COLORS
from actplot.render.layout import FittedLayout, fit_axes, mark_laid_out
from actplot.render.legend import place_legend
from actplot.render.looks import (
    MARKERS,
    CurveStyle,
    Look,
    curve_styles,
    cycle_colors,
    line_kw,
    sweeps,
)
from actplot.render.notebook import NotebookFigure
from actplot.render.spec import FigureSpec
from actplot.render.ticks import RoundLocator, TickFormatter, set_ticks
from actplot.text.labels import labels_for

__all__ = [
    "AXIS_LIMIT",
    "DEFAULT_DPI",
    "MARKERS",
    "SEED_COLORS",
    "CurveStyle",
    "RoundLocator",
    "TickFormatter",
    "build_figure",
    "check_drawable",
    "curve_styles",
    "cycle_colors",
    "figure",
    "figure_notes",
    "fitted_ylim",
    "refresh_figure",
    "set_ticks",
    "visible_range",
]

# A curve's values within this fraction of the x range of a singularity (a
# point where it is not finite, or a pole between grid points) are its
# "extreme tail": they may reach past the rest by at most TAIL_ALLOWANCE of
# the rest's span, so 1/x near 0 does not flatten everything else.
SINGULAR_WINDOW = 0.02
TAIL_ALLOWANCE = 0.25
# A function whose curves span less than this share of the axis height gets
# a note with the --ylim that shows it in full.
SMALL_SHARE = 0.2
# Limits that grow during a slider drag grow by this share of the span more.
GROW_SPARE = 0.15


def check_drawable(x: np.ndarray) -> None:
    """Raise ValueError if the x range is too wide for matplotlib's axes."""
    if x.size and max(abs(float(x[0])), abs(float(x[-1]))) > AXIS_LIMIT:
        raise ValueError(
            f"a figure's range must lie within ±{AXIS_LIMIT:g} (CSV output takes any finite range)"
        )


# ---------------------------------------------------------------- y-limits


def visible_range(xs: np.ndarray, ys: np.ndarray) -> tuple[float, float] | None:
    """The y-range a curve should show: all its finite values but a singularity's tail.

    Values within ``SINGULAR_WINDOW`` of the x range from a singular point
    (where y is ±inf or NaN at a finite x, or y changes sign through a pole
    between grid points) count only up to ``TAIL_ALLOWANCE`` of the span of
    the other values beyond them. None for a curve with no finite value.
    """
    xs = np.asarray(xs, dtype=np.float64)
    ys = np.asarray(ys, dtype=np.float64)
    real = np.isfinite(xs)  # NaN x: the breaks at kinks
    xs, ys = xs[real], ys[real]
    ok = np.isfinite(ys)
    if not ok.any():
        return None
    lo, hi = float(ys[ok].min()), float(ys[ok].max())
    singular = _singular_points(xs, ys, ok)
    if not singular.size or xs.size < 3:
        return lo, hi
    width = SINGULAR_WINDOW * float(xs[-1] - xs[0])
    pos = np.searchsorted(singular, xs)
    nearest = np.minimum(
        np.abs(xs - singular[np.clip(pos - 1, 0, singular.size - 1)]),
        np.abs(xs - singular[np.clip(pos, 0, singular.size - 1)]),
    )
    regular = ok & (nearest >= width)
    if regular.sum() < 0.1 * ok.sum():  # (nearly) all of it is tail: show it all
        return lo, hi
    core_lo, core_hi = float(ys[regular].min()), float(ys[regular].max())
    allowance = TAIL_ALLOWANCE * max(core_hi - core_lo, 1e-300, 1e-12 * abs(core_hi))
    return max(lo, core_lo - allowance), min(hi, core_hi + allowance)


def _singular_points(xs: np.ndarray, ys: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Sorted x of the points where the curve stops being finite, and of poles."""
    bad = ~ok
    edges = bad & (np.r_[ok[1:], False] | np.r_[False, ok[:-1]])  # next to a finite value
    points = [xs[edges]]
    if ok.sum() > 2:
        with np.errstate(invalid="ignore", over="ignore"):
            big = 10.0 * float(np.median(np.abs(ys[ok]))) + 1e-300
            flip = ok[:-1] & ok[1:] & (ys[:-1] * ys[1:] < 0)
            flip &= (np.abs(ys[:-1]) > big) & (np.abs(ys[1:]) > big)
            steps = np.abs(np.diff(ys[ok]))
            typical = float(np.median(steps)) if steps.size else 0.0
            flip &= np.abs(ys[1:] - ys[:-1]) > 100.0 * typical
        points.append((xs[:-1][flip] + xs[1:][flip]) / 2)
    return np.sort(np.concatenate(points))


def _line_range(line: Line2D) -> tuple[float, float] | None:
    return visible_range(np.asarray(line.get_xdata()), np.asarray(line.get_ydata()))


def _union(ranges: Sequence[tuple[float, float] | None]) -> tuple[float, float] | None:
    found = [r for r in ranges if r is not None]
    if not found:
        return None
    return min(r[0] for r in found), max(r[1] for r in found)


def _with_margin(span: tuple[float, float] | None, margin: float) -> tuple[float, float]:
    if span is None:
        return (-1.0, 1.0)
    lo, hi = max(span[0], -AXIS_LIMIT), min(span[1], AXIS_LIMIT)
    width = hi - lo
    if width == 0:
        width = max(abs(lo), 1.0)
    return max(lo - margin * width, -AXIS_LIMIT), min(hi + margin * width, AXIS_LIMIT)


def fitted_ylim(lines: Sequence[Line2D], margin: float = 0.05) -> tuple[float, float]:
    """Y-limits enclosing every line's :func:`visible_range`, with a margin.

    Limits stay within ±AXIS_LIMIT, which matplotlib can still put ticks on.
    """
    return _with_margin(_union([_line_range(line) for line in lines]), margin)


def _scale_note(
    acts: Sequence[Activation], lines: Sequence[Line2D], per: int, lang: str
) -> str | None:
    """A note when some functions' curves fill under SMALL_SHARE of the axis height."""
    ranges = [
        _union([_line_range(line) for line in lines[i * per : (i + 1) * per]])
        for i in range(len(acts))
    ]
    whole = _union(ranges)
    if len(acts) < 2 or whole is None or whole[1] <= whole[0]:
        return None
    span = whole[1] - whole[0]
    small = [i for i, r in enumerate(ranges) if r is not None and r[1] - r[0] < SMALL_SHARE * span]
    large = [i for i, r in enumerate(ranges) if r is not None and i not in small]
    small_range = _union([ranges[i] for i in small])
    if not large or small_range is None:
        return None
    lo, hi = _round_out(*_with_margin(small_range, 0.05))
    big = _names([acts[i] for i in large], lang, len(acts))
    names = _names([acts[i] for i in small], lang, len(acts))
    big_range = _union([ranges[i] for i in large])
    assert big_range is not None
    return (
        f"{big} span{'s' if len(large) == 1 else ''} {_span_text(big_range)}, "
        f"while {names} stay{'s' if len(small) == 1 else ''} within "
        f"{_span_text(small_range)}; --ylim {_g(lo)} {_g(hi)} shows "
        f"{'it' if len(small) == 1 else 'them'} in full"
    )


def _span_text(span: tuple[float, float]) -> str:
    """``0 to 10``: both ends to the precision the span needs (not 4.54e-05 to 1)."""
    lo, hi = span
    width = hi - lo
    if not width > 0:
        return f"{_g(lo)} to {_g(hi)}"
    digits = max(0, 1 - math.floor(math.log10(width)))
    return f"{_g(round(lo, digits) + 0.0)} to {_g(round(hi, digits) + 0.0)}"


def _round_out(lo: float, hi: float) -> tuple[float, float]:
    """``lo`` down and ``hi`` up to a tenth of the span's order of magnitude."""
    step = 10.0 ** (math.floor(math.log10(hi - lo)) - 1)
    return math.floor(lo / step + 1e-9) * step + 0.0, math.ceil(hi / step - 1e-9) * step + 0.0


def _g(value: float) -> str:
    return f"{value:.3g}"


def _plain_title(act: Activation) -> str:
    title = act.title
    if "$" not in title:
        return title
    from actplot.text.describe import plain

    return plain(title.replace("$", ""))


def _names(acts: Sequence[Activation], lang: str, among: int = 0) -> str:
    """``A, B and C``; more than three of ``among`` functions: "the other 22 functions"."""
    names = list(dict.fromkeys(_plain_title(a) for a in acts))
    if len(names) > 3 and among > len(names):
        return f"{len(names)} {'other ' if among - len(names) <= 3 else ''}functions"
    return labels_for(lang).join(names)


def _legend_entries(acts: Sequence[Activation], lang: str) -> tuple[list[str], str | None]:
    """Names in the legend, and its title: a sweep of one function gets "α = 0.5" entries."""
    if len(acts) < 2 or len(sweeps(acts)) != 1:
        return [act.title for act in acts], None
    words = labels_for(lang)
    first = acts[0]
    swept = [p for p in first.params if len({a.values[p.name] for a in acts}) > 1]
    fixed = [p for p in first.params if p not in swept]
    entries = [", ".join(f"{p.symbol} = {a.values[p.name]:.6g}" for p in swept) for a in acts]
    name = first.label
    if fixed:
        name += " (" + ", ".join(f"{p.symbol}={first.values[p.name]:.6g}" for p in fixed) + ")"
    title = words.legend_with.format(name=name, params=words.join([p.symbol for p in swept]))
    return entries, words.punctuate(title)


# ---------------------------------------------------------------- coinciding curves


def _offset_coinciding(
    acts: Sequence[Activation],
    lines: Sequence[Line2D],
    values: Sequence[np.ndarray],
    per: int,
    tolerance: float,
    lang: str,
) -> list[str]:
    """Draw a curve that coincides with an earlier one of its kind with offset dashes.

    "Coincide": within ``tolerance`` (about a line's width, in data units)
    everywhere on the grid. Returns a note per pair of functions.
    """
    found: dict[tuple[int, int], list[str]] = {}
    for i in range(len(acts)):
        for kind in range(per):
            later = i * per + kind
            for j in range(i):
                if _close(values[later], values[j * per + kind], tolerance):
                    _offset_dashes(lines[later], solid=kind == 0)
                    found.setdefault((j, i), []).append("f" if kind == 0 else "f′")
                    break
    notes = []
    for (j, i), kinds in found.items():
        if acts[j].title == acts[i].title:
            pair = f"{_plain_title(acts[i])} is drawn twice: its curves"
        else:
            pair = _names([acts[j], acts[i]], lang)
        notes.append(
            f"{pair} coincide on the whole range ({' and '.join(kinds)}, within a "
            "line's width); the later is drawn with offset dashes"
        )
    return notes


def _close(a: np.ndarray, b: np.ndarray, tolerance: float) -> bool:
    with np.errstate(invalid="ignore"):
        same_gaps = np.array_equal(np.isfinite(a), np.isfinite(b))
        both = np.isfinite(a) & np.isfinite(b)
        return bool(same_gaps and both.any() and np.max(np.abs(a[both] - b[both])) <= tolerance)


def _offset_dashes(line: Line2D, *, solid: bool) -> None:
    """Dashes over the earlier curve: its colour shows between them."""
    if solid:
        line.set_linestyle((0.0, (2.0, 2.0)))
        return
    on, off = (float(v) for v in mpl.rcParams["lines.dashed_pattern"])
    line.set_linestyle(((on + off) / 2, (on, off)))


# ---------------------------------------------------------------- the figure

_NOTES: weakref.WeakKeyDictionary[Any, tuple[str, ...]] = weakref.WeakKeyDictionary()


def figure_notes(fig: Any) -> tuple[str, ...]:
    """What a reader of ``fig`` should be told (coinciding curves, very different scales)."""
    return _NOTES.get(fig, ())


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
    fig: Figure | SubFigure | None = None,
    style: str | None = None,
    lang: str = "en",
    saturation: float | None = None,
) -> Figure:
    """A figure of one or more activations with their derivatives.

    One activation is drawn in the lecture note's colours (f red solid, f'
    blue dashed), or the style's first two; several get one colour each, f
    solid and f' dashed (see :func:`curve_styles`). Grid on, y-limits fitted
    to all curves (or ``ylim``), and a legend placed where it covers no curve.
    :func:`figure_notes` says what a reader should know about the figure.

    Parameters
    ----------
    acts
        Activations to draw, in legend order.
    x
        Sorted sample points (see :func:`actplot.analysis.sampling.grid`).
    title
        Figure title; by default "Sigmoid (solid) and its derivative (dashed)"
        (none in the paper style, whose figures have captions).
    size
        Figure size in inches (default: the style's, 6.4 x 4.8 without one).
    fig
        Draw into this figure (or subfigure) instead of a new one (for a window).
    style
        A built-in style (``seed``, ``slides``, ``paper``, ``dark``), a
        matplotlib style name or a ``.mplstyle`` path; None for the default look.
        It is in force while the figure is built and again when
        :func:`actplot.render.save.save` draws it (see :class:`actplot.render.looks.Look`).
    lang
        Language of title, legend and axis labels: "en" or "zh".
    saturation
        Shade where each function saturates, soft where 0 < |f'| < this
        threshold, hard where f' = 0 (see :mod:`actplot.render.shading`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    spec = FigureSpec(
        title=title,
        derivative=derivative,
        ylim=ylim,
        size=size,
        dpi=dpi,
        formula=formula,
        style=style,
        lang=lang,
        saturation=saturation,
    )
    return build_figure(acts, x, spec, fig=fig)


def build_figure(
    acts: Sequence[Activation],
    x: np.ndarray,
    spec: FigureSpec,
    *,
    fig: Figure | SubFigure | None = None,
) -> Any:
    """The figure ``spec`` describes, of ``acts`` over the sorted grid ``x``.

    With ``fig``, draws into that figure or subfigure (the window's plot area)
    and returns it.
    """
    look = Look(spec.style, spec.lang)
    with look.context():
        drawn = _draw(acts, x, fig, look, spec)
    look.attach(drawn)
    return drawn


def _draw(
    acts: Sequence[Activation],
    x: np.ndarray,
    fig: Figure | SubFigure | None,
    look: Look,
    spec: FigureSpec,
) -> Figure | SubFigure:
    check_drawable(x)
    if spec.saturation is not None:
        from actplot.analysis.saturation import check_eps, check_shadable

        check_eps(spec.saturation)
        check_shadable(len(acts))
    own_figure = fig is None
    styles = curve_styles(acts, look)
    if fig is None:
        # Not constrained layout: fit_axes lays the figure out once, below, so
        # that saving draws it once (see actplot.render.layout).
        fig = NotebookFigure(figsize=spec.size, dpi=spec.dpi, layout=FittedLayout())
        FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    # Both limits are set below; matplotlib's own autoscaling would overflow on
    # values near float64's maximum (e^709), so it never runs.
    ax.set_autoscale_on(False)
    # f and f' on the grid, once per function: drawn, compared, and shaded from.
    needs_derivative = spec.derivative or spec.saturation is not None
    values = [act(x) for act in acts]
    derivatives = [act.derivative(x) if needs_derivative else None for act in acts]
    names, legend_title = _legend_entries(acts, look.lang)
    linewidth = float(mpl.rcParams["lines.linewidth"])
    lines: list[Line2D] = []
    for act, name, style, f, d in zip(acts, names, styles, values, derivatives, strict=True):
        lines += plot_activation(
            ax,
            act,
            x,
            color=style.color,
            derivative_color=style.derivative_color,
            derivative=spec.derivative,
            label=name,
            values=f,
            derivative_values=d,
            formula=spec.formula,
            lang=look.lang,
            **line_kw(style, linewidth),
        )
    per = 2 if spec.derivative else 1
    if spec.derivative:  # a framework's f' at its kinks, after every curve
        for i, act in enumerate(acts):
            kink_dots(ax, act, x, lines[i * per + 1].get_color())
    ax.set_xlim(float(x[0]), float(x[-1]))
    ylim = spec.ylim if spec.ylim is not None else fitted_ylim(lines)
    ax.set_ylim(*ylim)
    notes: list[str] = []
    if spec.ylim is None:
        note = _scale_note(acts, lines, per, look.lang)
        notes += [note] if note else []
    grid_values: list[np.ndarray] = []
    for f, d in zip(values, derivatives, strict=True):
        grid_values += [f, d] if spec.derivative and d is not None else [f]
    height_pt = 72 * 0.75 * fig.get_figheight() if isinstance(fig, Figure) else 250.0
    tolerance = 0.8 * (ylim[1] - ylim[0]) * linewidth / height_pt
    notes += _offset_coinciding(acts, lines, grid_values, per, tolerance, look.lang)
    set_ticks(ax)
    ax.grid(True)
    words = labels_for(look.lang)
    ax.set_xlabel(words.xlabel)
    ax.set_ylabel(words.ylabel if spec.derivative else words.ylabel_plain)
    title = spec.title
    if title is None and look.titled:
        title = title_for(acts, derivative=spec.derivative, lang=look.lang)
        title += title_suffix(acts)  # ", PyTorch convention"
    if title:
        ax.set_title(title, wrap=True)  # long lists of names wrap instead of being cut
    if own_figure:
        fit_axes(ax)  # before the legend: it is placed in the final axes
    if spec.saturation is None:
        place_legend(ax, lines, title=legend_title)
    else:  # shades, then places the legend, then labels clear of it
        from actplot.analysis.saturation import saturation_regions
        from actplot.render.shading import shade_all_saturation

        regions = [
            saturation_regions(act, x, spec.saturation, derivative=d)
            for act, d in zip(acts, derivatives, strict=True)
        ]
        shade_all_saturation(
            ax, regions, spec.saturation, lines, lang=look.lang, legend_title=legend_title
        )
    if own_figure:
        mark_laid_out(fig)
    _NOTES[fig] = tuple(notes)
    return fig


def refresh_figure(ax: Any, acts: Sequence[Activation], x: np.ndarray, spec: FigureSpec) -> bool:
    """Redraw the curves of ``ax`` (built by :func:`build_figure`) for new parameter values.

    Updates every line and its jump dots, the legend entries and the title in
    place, without a new layout or legend placement: what a slider step in
    the window needs. The y-limits only grow, to take in the new curves (a
    full refit waits for the next :func:`build_figure`). Returns whether they
    grew, i.e. whether the axes themselves must be drawn again.
    """
    look = Look(spec.style, spec.lang)
    per = 2 if spec.derivative else 1
    lines = ax.get_lines()[: per * len(acts)]
    names, _ = _legend_entries(acts, look.lang)
    legend = ax.get_legend()
    texts = legend.get_texts() if legend is not None else []
    for i, (act, name) in enumerate(zip(acts, names, strict=True)):
        labels = legend_labels(act, name, formula=spec.formula, lang=look.lang)
        for kind in range(per):
            line = lines[i * per + kind]
            update_curve(line, act, x, derivative=kind == 1)
            line.set_label(labels[kind])
            if i * per + kind < len(texts):
                texts[i * per + kind].set_text(labels[kind])
    if spec.title is None and look.titled and ax.get_title():
        ax.set_title(title_for(acts, derivative=spec.derivative, lang=look.lang))
    if spec.ylim is not None:
        return False
    lo, hi = ax.get_ylim()
    want = fitted_ylim(lines)
    if want[0] >= lo and want[1] <= hi:
        return False
    # Grow with room to spare on that side: the next steps of a drag then fit.
    spare = GROW_SPARE * (max(hi, want[1]) - min(lo, want[0]))
    ax.set_ylim(
        max(want[0] - spare, -AXIS_LIMIT) if want[0] < lo else lo,
        min(want[1] + spare, AXIS_LIMIT) if want[1] > hi else hi,
    )
    return True
