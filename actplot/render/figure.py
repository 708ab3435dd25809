"""A figure of activations: curves, limits, title and legend from a :class:`FigureSpec`.

``build_figure`` builds a whole :class:`matplotlib.figure.Figure` (no pyplot,
so no global state) as a spec says; ``figure`` is the same with keyword
arguments for library users. f and f' are evaluated once per function on the
grid, and the saturation shading draws regions computed from that same f'.
The mathematics comes from the catalogue; this module only draws.
"""

from __future__ import annotations

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
from actplot.render.curves import kink_dots, plot_activation, title_for
from actplot.render.defaults import DEFAULT_DPI, SEED_COLORS
from actplot.render.layout import FittedLayout, fit_axes, mark_laid_out
from actplot.render.legend import place_legend
from actplot.render.looks import Look
from actplot.render.notebook import NotebookFigure
from actplot.render.spec import FigureSpec
from actplot.text.labels import labels_for

__all__ = [
    "AXIS_LIMIT",
    "DEFAULT_DPI",
    "SEED_COLORS",
    "build_figure",
    "check_drawable",
    "cycle_colors",
    "figure",
    "fitted_ylim",
]


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
    fig: Figure | SubFigure | None = None,
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
        :func:`actplot.render.save.save` draws it (see :class:`actplot.render.looks.Look`).
    lang
        Language of title, legend and axis label: "en" or "zh".
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
    if fig is None:
        # Not constrained layout: fit_axes lays the figure out once, below, so
        # that saving draws it once (see actplot.render.layout).
        fig = NotebookFigure(figsize=spec.size, dpi=spec.dpi, layout=FittedLayout())
        FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    # Both limits are set below; matplotlib's own autoscaling would overflow on
    # values near float64's maximum (e^709), so it never runs.
    ax.set_autoscale_on(False)
    # f' on the grid, once per function: drawn, and shaded from.
    needs_derivative = spec.derivative or spec.saturation is not None
    derivatives = [act.derivative(x) if needs_derivative else None for act in acts]
    lines: list[Line2D] = []
    cycle = cycle_colors()
    for i, (act, d) in enumerate(zip(acts, derivatives, strict=True)):
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
            derivative=spec.derivative,
            derivative_values=d,
            formula=spec.formula,
            lang=look.lang,
        )
    if spec.derivative:  # a framework's f' at its kinks, after every curve
        per = len(lines) // len(acts)
        for i, act in enumerate(acts):
            kink_dots(ax, act, x, lines[i * per + 1].get_color())
    ax.set_xlim(float(x[0]), float(x[-1]))
    ax.set_ylim(*(spec.ylim if spec.ylim is not None else fitted_ylim(lines)))
    ax.grid(True)
    ax.set_xlabel(labels_for(look.lang).xlabel)
    title = spec.title
    if title is None:
        title = title_for(acts, derivative=spec.derivative, lang=look.lang)
        title += title_suffix(acts)  # ", PyTorch convention"
    ax.set_title(title, wrap=True)  # long lists of names wrap instead of being cut
    if own_figure:
        fit_axes(ax)  # before the legend: it is placed in the final axes
    if spec.saturation is None:
        place_legend(ax, lines)
    else:  # shades, then places the legend, then labels clear of it
        from actplot.analysis.saturation import saturation_regions
        from actplot.render.shading import shade_all_saturation

        regions = [
            saturation_regions(act, x, spec.saturation, derivative=d)
            for act, d in zip(acts, derivatives, strict=True)
        ]
        shade_all_saturation(ax, regions, spec.saturation, lines, lang=look.lang)
    if own_figure:
        mark_laid_out(fig)
    return fig


def cycle_colors() -> list[Any]:
    """The colours of the look in force, resolved now: "C0" would be looked up
    again, outside the look, at draw time."""
    return mpl.rcParams["axes.prop_cycle"].by_key().get("color") or list(SEED_COLORS)
