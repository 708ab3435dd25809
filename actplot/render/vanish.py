"""The gradient-flow figures of ``actplot vanish``: a simulation's numbers, drawn.

The numbers come from :mod:`actplot.network.vanish`; this module only draws
them on a :class:`matplotlib.figure.Figure` (no pyplot). Three views:

* ``rms`` -- the RMS back-propagated gradient per layer, with the mean
  activation and the saturated and dead fractions;
* ``hist`` -- per-layer histograms of activations and gradients, a column
  of panels per run (Glorot & Bengio's Figs. 6 and 7);
* ``jacobian`` -- the mean singular value of each layer's Jacobian.

Words come from :mod:`actplot.text.labels` in the look's language.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from actplot.render.defaults import DEFAULT_DPI, VANISH_SIZE
from actplot.render.looks import Look, figure_builder
from actplot.text.labels import labels_for

__all__ = ["VIEW_SIZES", "default_size", "run_label", "vanish_figure"]

VIEW_SIZES = {"rms": VANISH_SIZE, "jacobian": (10.0, 5.4)}
INIT_NAMES = {
    "standard": "standard init",
    "xavier": "Xavier init",
    "he": "He init",
    "lecun": "LeCun init",
    "orthogonal": "orthogonal init",
}
_STYLES = ("-", "--", "-.", ":")


def _words(look: Look) -> Any:
    return labels_for(look.lang).heading


def settings_label(run: Any, result: Any, look: Look) -> str:
    """The settings that vary among the runs, in words: ``Xavier init, gain 3, BN``."""
    t = _words(look)
    parts = []
    if result.varies("init"):
        parts.append(t(INIT_NAMES.get(run.init, run.init)))
    if result.varies("gain"):
        parts.append(t("gain {gain}").format(gain=f"{run.gain:g}"))
    if result.varies("batchnorm"):
        parts.append(t("BN") if run.batchnorm else t("no BN"))
    return ", ".join(parts)


def run_label(run: Any, result: Any, look: Look = Look()) -> str:  # noqa: B008 - immutable
    """The run's activation title and its varying settings."""
    settings = settings_label(run, result, look)
    return f"{run.title}, {settings}" if settings else run.title


def _run_styles(result: Any) -> list[tuple[str, str]]:
    """(colour, line style) per run: colours for activations, styles for settings."""
    runs = result.runs
    settings = list(dict.fromkeys((r.init, r.gain, r.batchnorm) for r in runs))
    activations = list(dict.fromkeys(r.activation for r in runs))
    if len(settings) <= 1:  # past ten colours, the line style tells the functions apart
        return [(f"C{i % 10}", _STYLES[(i // 10) % 4]) for i in range(len(runs))]
    if len(activations) == 1:
        return [(f"C{settings.index((r.init, r.gain, r.batchnorm)) % 10}", "-") for r in runs]
    return [
        (
            f"C{activations.index(r.activation) % 10}",
            _STYLES[settings.index((r.init, r.gain, r.batchnorm)) % 4],
        )
        for r in runs
    ]


def default_size(result: Any, view: str = "rms") -> tuple[float, float]:
    """Inches that suit ``view`` of ``result`` (a histogram figure grows with the runs)."""
    return VIEW_SIZES.get(view) or (min(3.4 * len(result.runs) + 1.2, 22.0), 7.0)


def _title(result: Any, look: Look, text: str) -> str:
    """``text`` with the depth, width and (when there is one) the init; then a single gain, BN."""
    t = _words(look)
    if len(result.init_descriptions) > 1:  # each run's label names its init
        text = text.replace(", {init}", "")
    inits = ", ".join(t(d) for d in result.init_descriptions)
    extra = ""
    gains = {r.gain for r in result.runs}
    if len(gains) == 1 and gains != {1.0}:
        extra += t(", gain {gain}").format(gain=f"{gains.pop():g}")
    if result.runs and all(r.batchnorm for r in result.runs):
        extra += t(", batch-normalised")
    return t(text).format(depth=result.depth, width=result.width, init=inits) + extra


@figure_builder
def vanish_figure(
    result: Any,
    *,
    view: str = "rms",
    title: str | None = None,
    size: tuple[float, float] | None = None,
    dpi: float = DEFAULT_DPI,
    fig: Figure | None = None,
    look: Look = Look(),  # noqa: B008 - immutable; figure_builder passes it from style=
) -> Figure:
    """A figure of a :class:`actplot.network.vanish.SimulationResult`.

    ``view="rms"`` (default): left, the RMS gradient with respect to each
    layer's pre-activations (log scale; layer 1 is nearest the input), one
    line per run; right, top: mean activation output per layer; bottom:
    fraction of saturated inputs (|f'| < eps, solid) and of dead units (f' = 0
    for the whole batch, dotted). Legend entries give each run's
    first/last-layer gradient ratio.

    ``view="hist"`` (needs ``simulate(..., histograms=True)``): a column per
    run; top, the histograms of each layer's activations, bottom, of its
    back-propagated gradients dC/ds, one curve per layer.

    ``view="jacobian"`` (needs ``simulate(..., jacobian=True)``): the mean
    singular value of each layer's Jacobian, one line per run.

    Parameters
    ----------
    result
        The simulation (from :func:`actplot.network.vanish.simulate`).
    view
        ``"rms"``, ``"hist"`` or ``"jacobian"``.
    title
        Figure title; by default the depth, width and initialisation.
    size
        Inches; by default one that suits the view (and the number of runs).
    fig
        Draw into this figure instead of a new one (for a pyplot window).
    style, lang
        A look (see :mod:`actplot.render.looks`) and the language of the words.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if view not in ("rms", "hist", "jacobian"):
        raise ValueError(f"unknown view {view!r}: use rms, hist, jacobian")
    if size is None:
        size = default_size(result, view)
    if fig is None:
        fig = Figure(figsize=size, dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
    if view == "hist":
        _hist(fig, result, look)
        default = "Histograms at initialisation, {depth} layers of {width} units, {init}"
    elif view == "jacobian":
        _jacobian(fig, result, look)
        default = "Layer Jacobians, {depth} layers of {width} units, {init}"
    else:
        _rms(fig, result, look)
        default = "Gradient flow through {depth} layers of {width} units, {init}"
    fig.suptitle(title if title is not None else _title(result, look, default), fontsize=16)
    return fig


def _legend_below(fig: Figure, handles: list[Line2D], many: bool, title: str | None) -> None:
    n = len(handles)
    # A few runs: large entries with their ratio spelled out; many: a compact grid.
    ncol = n if n <= 2 else 2 if n == 4 else 3 if n <= 9 else 4 if n <= 24 else 6
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncol=ncol,
        fontsize=13 if n <= 6 else 11 if n <= 12 else 8,
        frameon=False,
        title=title if many else None,
        title_fontsize=11,
    )


def _rms(fig: Figure, result: Any, look: Look) -> None:
    t = _words(look)
    grid = fig.add_gridspec(2, 2, width_ratios=(1.35, 1.0))
    ax_grad = fig.add_subplot(grid[:, 0])
    ax_mean = fig.add_subplot(grid[0, 1])
    ax_sat = fig.add_subplot(grid[1, 1], sharex=ax_mean)
    layers = np.arange(1, result.depth + 1)
    marker = "o" if result.depth <= 30 else None
    handles: list[Line2D] = []
    positive: list[np.ndarray] = []
    many = len(result.names) > 6
    runs = result.runs
    styles = _run_styles(result)
    for i, name in enumerate(result.names):
        color, style = styles[i]
        label = run_label(runs[i], result, look)
        grad = result.series(name, "grad_rms")
        shown = np.where(np.isfinite(grad) & (grad > 0), grad, np.nan)
        positive.append(shown[np.isfinite(shown)])
        ratio = result.ratio(name)
        if np.isfinite(ratio):
            note = f"{'' if many else t('first/last layer') + ' '}{ratio:.2g}"
        else:
            note = t("no gradient") if grad[-1] == 0 else t("overflow")
        if many:  # the short CLI names, parameters only where they tell two apart
            short = name.split("[")[0]
            label = short if [n.split("[")[0] for n in result.names].count(short) == 1 else name
        kw: dict[str, Any] = {
            "color": color,
            "ls": style,
            "marker": marker,
            "lw": 2.2 if not many else 1.6,
        }
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
    label_kw: dict[str, Any] = {"fontsize": 13}
    title_kw: dict[str, Any] = {"fontsize": 14}
    ax_grad.set_xlabel(t("layer (1 = nearest the input)"), **label_kw)
    ax_grad.set_ylabel(t("RMS gradient w.r.t. pre-activations"), **label_kw)
    ax_grad.set_title(t("Back-propagated gradient"), **title_kw)
    ax_mean.set_ylabel(t("mean f(z)"), **label_kw)
    ax_mean.set_title(t("Mean activation output"), **title_kw)
    ax_sat.set_ylabel(t("fraction"), **label_kw)
    ax_sat.set_xlabel(t("layer"), **label_kw)
    ax_sat.set_ylim(-0.04, 1.04)
    ax_sat.set_title(t("Saturated inputs and dead units"), **title_kw)
    ax_sat.legend(
        handles=[
            Line2D([], [], color="k", lw=2, label=f"|f′(z)| < {result.eps:g}"),
            Line2D([], [], color="k", lw=2, ls=":", label=t("dead: f′ = 0 on every input")),
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
    _legend_below(fig, handles, many, t("legend: first/last-layer gradient ratio"))


def _jacobian(fig: Figure, result: Any, look: Look) -> None:
    t = _words(look)
    if not result.jacobian_examples:
        raise ValueError("the simulation has no Jacobians: run simulate(..., jacobian=True)")
    ax = fig.add_subplot()
    layers = np.arange(1, result.depth + 1)
    marker = "o" if result.depth <= 30 else None
    styles = _run_styles(result)
    many = len(result.names) > 6
    handles: list[Line2D] = []
    for i, name in enumerate(result.names):
        color, style = styles[i]
        sv = result.series(name, "jacobian_sv").astype(float)
        label = name if many else run_label(result.runs[i], result, look)
        note = t("median {value}").format(value=f"{float(np.median(sv)):.2f}")
        (line,) = ax.plot(
            layers, sv, color=color, ls=style, marker=marker, lw=2.2, ms=6,
            label=f"{label}  ({note})",
        )  # fmt: skip
        handles.append(line)
    ax.axhline(1.0, color="0.4", lw=1.2, ls=":")
    ax.annotate(
        t("1: the layer preserves norms"),
        (1.0, 1.0),
        xycoords=("axes fraction", "data"),
        xytext=(-4, 4),
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontsize=11,
        color="0.3",
    )
    top = max(
        1.1,
        float(np.nanmax([result.series(n, "jacobian_sv").astype(float) for n in result.names]))
        * 1.08,
    )  # noqa: E501
    ax.set_ylim(0, top if np.isfinite(top) else 1.1)
    ax.set_xlim(0.7, result.depth + 0.3)
    ax.xaxis.set_major_locator(_integer_locator())
    ax.set_xlabel(t("layer (1 = nearest the input)"), fontsize=13)
    ax.set_ylabel(
        t("mean singular value of {jacobian}").format(jacobian=r"$\partial h_l/\partial h_{l-1}$"),
        fontsize=13,
    )
    ax.set_title(
        t(
            "averaged over {n} inputs; Glorot & Bengio (2010): "
            "≈ 0.5 standard, ≈ 0.8 normalised init"
        ).format(n=result.jacobian_examples),
        fontsize=12,
    )
    ax.grid(True, alpha=0.4)
    ax.tick_params(labelsize=12)
    _legend_below(fig, handles, many, None)


def _hist(fig: Figure, result: Any, look: Look) -> None:
    import matplotlib as mpl

    t = _words(look)
    if not result.histograms:
        raise ValueError("the simulation has no histograms: run simulate(..., histograms=True)")
    runs = result.runs
    axes = fig.subplots(2, len(runs), squeeze=False, sharex="row", sharey="row")
    cmap = mpl.colormaps["viridis"]
    depth = result.depth
    colors = [cmap(0.9 * k / max(depth - 1, 1)) for k in range(depth)]
    rows = (
        ("act", t("activation value f(z)")),
        ("grad", t("back-propagated gradient ∂C/∂s")),
    )
    for col, run in enumerate(runs):
        for row, (quantity, xlabel) in enumerate(rows):
            ax = axes[row, col]
            for h in result.histogram(run.name, quantity):
                centres = (h.edges[:-1] + h.edges[1:]) / 2
                ax.plot(centres, h.fractions, color=colors[h.layer - 1], lw=1.6)
            ax.set_xlabel(xlabel, fontsize=11)
            ax.grid(True, alpha=0.4)
            if col == 0:
                ax.set_ylabel(t("fraction of values per bin"), fontsize=11)
            ax.ticklabel_format(axis="x", style="sci", scilimits=(-2, 3))
        axes[0, col].set_title(run_label(run, result, look), fontsize=13)
    handles = [
        Line2D([], [], color=colors[k], lw=2, label=t("layer {k}").format(k=k + 1))
        for k in range(depth)
    ]
    if depth <= 12:
        fig.legend(handles=handles, loc="outside lower center", ncol=min(depth, 10), fontsize=11,
                   frameon=False)  # fmt: skip
    else:  # a colour bar for many layers
        norm = mpl.colors.Normalize(1, depth)
        sm = mpl.cm.ScalarMappable(norm=norm, cmap=mpl.colors.ListedColormap(colors))
        fig.colorbar(sm, ax=axes.ravel().tolist(), label=t("layer"), location="bottom",
                     shrink=0.5, aspect=40)  # fmt: skip


def _integer_locator() -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True, nbins=10)
