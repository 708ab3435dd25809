"""The gradient-flow figure of ``actplot vanish``: a simulation's numbers, drawn.

The numbers come from :mod:`actplot.simulate`; this module only draws them on a
:class:`matplotlib.figure.Figure` (no pyplot).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from actplot.render.defaults import DEFAULT_DPI
from actplot.render.looks import Look, figure_builder

__all__ = ["vanish_figure"]


@figure_builder
def vanish_figure(
    result: Any,
    *,
    title: str | None = None,
    size: tuple[float, float] = (12.0, 5.4),
    dpi: float = DEFAULT_DPI,
    fig: Figure | None = None,
    look: Look = Look(),  # noqa: B008 - immutable; figure_builder passes it from style=
) -> Figure:
    """The gradient-flow figure of a :class:`actplot.network.vanish.SimulationResult`.

    Left: RMS gradient with respect to each layer's pre-activations (log
    scale; layer 1 is nearest the input), one line per activation. Right, top:
    mean activation output per layer; bottom: fraction of saturated inputs
    (|f'| < eps, solid) and of dead units (f' = 0 for the whole batch, dotted).
    Legend entries give each activation's first/last-layer gradient ratio.

    Parameters
    ----------
    result
        The simulation (from :func:`actplot.network.vanish.simulate`).
    title
        Figure title; by default the depth, width and initialisation.
    fig
        Draw into this figure instead of a new one (for a pyplot window).
    style
        A look (see :mod:`actplot.styles`); the labels stay English.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if fig is None:
        fig = Figure(figsize=size, dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
    grid = fig.add_gridspec(2, 2, width_ratios=(1.35, 1.0))
    ax_grad = fig.add_subplot(grid[:, 0])
    ax_mean = fig.add_subplot(grid[0, 1])
    ax_sat = fig.add_subplot(grid[1, 1], sharex=ax_mean)
    layers = np.arange(1, result.depth + 1)
    marker = "o" if result.depth <= 30 else None
    handles: list[Line2D] = []
    positive: list[np.ndarray] = []
    many = len(result.names) > 6
    for i, (name, label) in enumerate(zip(result.names, result.titles, strict=True)):
        # Past ten colours, the line style tells the functions apart.
        color, style = f"C{i % 10}", ("-", "--", "-.", ":")[(i // 10) % 4]
        grad = result.series(name, "grad_rms")
        shown = np.where(np.isfinite(grad) & (grad > 0), grad, np.nan)
        positive.append(shown[np.isfinite(shown)])
        ratio = result.ratio(name)
        if np.isfinite(ratio):
            note = f"{'' if many else 'first/last layer '}{ratio:.2g}"
        else:
            note = "no gradient" if grad[-1] == 0 else "overflow"
        if many:  # the short CLI names, parameters only where they tell two apart
            short = name.split("[")[0]
            label = short if [n.split("[")[0] for n in result.names].count(short) == 1 else name
        kw = {"color": color, "ls": style, "marker": marker, "lw": 2.2 if not many else 1.6}
        (line,) = ax_grad.plot(layers, shown, ms=6, label=f"{label}  ({note})", **kw)
        handles.append(line)
        ax_mean.plot(layers, result.series(name, "act_mean"), **kw)
        ax_sat.plot(layers, result.series(name, "saturated_fraction"), **kw)
        dead = result.series(name, "dead_fraction")
        if np.any(dead > 0):
            ax_sat.plot(layers, dead, color=color, lw=2, ls=":", alpha=0.8)
    ax_grad.set_yscale("log")
    values = np.concatenate(positive) if positive else np.empty(0)
    if values.size == 0:  # nothing positive to scale to (a zero-derivative function)
        ax_grad.set_ylim(1e-3, 1.0)
    # Sizes for a slide: the figure is wide, so the defaults would read small.
    label_kw = {"fontsize": 13}
    title_kw = {"fontsize": 14}
    ax_grad.set_xlabel("layer (1 = nearest the input)", **label_kw)
    ax_grad.set_ylabel("RMS gradient w.r.t. pre-activations", **label_kw)
    ax_grad.set_title("Back-propagated gradient", **title_kw)
    ax_mean.set_ylabel("mean f(z)", **label_kw)
    ax_mean.set_title("Mean activation output", **title_kw)
    ax_sat.set_ylabel("fraction", **label_kw)
    ax_sat.set_xlabel("layer", **label_kw)
    ax_sat.set_ylim(-0.04, 1.04)
    ax_sat.set_title("Saturated inputs and dead units", **title_kw)
    ax_sat.legend(
        handles=[
            Line2D([], [], color="k", lw=2, label=f"|f′(z)| < {result.eps:g}"),
            Line2D([], [], color="k", lw=2, ls=":", label="dead: f′ = 0 on every input"),
        ],
        loc="best",
        fontsize=11,
    )
    ax_mean.tick_params(labelbottom=False)
    for ax in (ax_grad, ax_mean, ax_sat):
        ax.grid(True, alpha=0.4, which="major")
        ax.tick_params(labelsize=12)
        ax.set_xlim(0.7, result.depth + 0.3)
        ax.xaxis.set_major_locator(_integer_locator())
    if title is None:
        title = (
            f"Gradient flow through {result.depth} layers of {result.width} units, "
            f"{result.init_description}"
        )
    fig.suptitle(title, fontsize=16)
    n = len(handles)
    # A few functions: large entries with their ratio spelled out; many: a compact grid.
    ncol = n if n <= 2 else 2 if n == 4 else 3 if n <= 9 else 4 if n <= 24 else 6
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncol=ncol,
        fontsize=13 if n <= 6 else 11 if n <= 12 else 8,
        frameon=False,
        title="legend: first/last-layer gradient ratio" if many else None,
        title_fontsize=11,
    )
    return fig


def _integer_locator() -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True, nbins=10)
