"""The figures of ``actplot train``: a training's records, drawn (no pyplot).

Views (Glorot & Bengio's figures where there is one):

* ``stats`` -- mean ± standard deviation of each layer's activations against
  updates, a panel per run (Fig. 2);
* ``p98`` -- 98th percentiles (markers) and standard deviations (lines) of
  each layer's activations against updates, a panel per run (Fig. 3);
* ``hist`` -- per-layer histograms of activations, back-propagated gradients
  and weight gradients at the recorded updates, a column per run and update
  (Figs. 4, 6, 7, 8);
* ``error`` -- training loss and test error against updates, a line per run;
* ``dead`` -- the dead fraction of each layer against updates, a panel per
  layer and a line per run.

A run that diverged shows where ("diverged at update N"). Words come from
:mod:`actplot.text.labels` in the look's language.
"""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from actplot.render.defaults import DEFAULT_DPI, TRAIN_MAX_PANELS
from actplot.render.looks import Look, figure_builder
from actplot.render.vanish import INIT_NAMES
from actplot.text.labels import labels_for

__all__ = [
    "MAX_PANELS",
    "TRAIN_VIEWS",
    "check_panels",
    "default_size",
    "train_figure",
    "train_run_label",
]

TRAIN_VIEWS = ("stats", "p98", "hist", "error", "dead")
MAX_PANELS = TRAIN_MAX_PANELS  # runs (or run × update columns) a stats, p98, hist figure shows
_TITLES = {
    "stats": "Activations during training: mean ± std per layer",
    "p98": "Activations during training: 98th percentile (markers) and std (lines)",
    "hist": "Histograms per layer",
    "error": "Training loss and test error",
    "dead": "Dead units: f′ = 0 on every monitor example",
}


def _words(look: Look) -> Any:
    return labels_for(look.lang).heading


def train_run_label(rec: Any, result: Any, look: Look = Look()) -> str:  # noqa: B008
    """The run's activation title and the settings that vary among the runs."""
    t = _words(look)
    run = rec.run
    parts = [run.title]
    if result.varies("init"):
        parts.append(t(INIT_NAMES.get(run.init, run.init)))
    if result.varies("lr"):
        parts.append(t("lr {lr}").format(lr=f"{run.lr:g}"))
    if result.varies("seed"):
        parts.append(t("seed {seed}").format(seed=run.seed))
    return ", ".join(parts)


def _layer_colors(depth: int) -> list[Any]:
    if depth <= 10:
        return [f"C{k}" for k in range(depth)]
    import matplotlib as mpl

    cmap = mpl.colormaps["viridis"]
    return [cmap(0.9 * k / (depth - 1)) for k in range(depth)]


def check_panels(result: Any, view: str) -> None:
    """ValueError when ``view`` of ``result`` needs more panels than a figure shows."""
    if view not in TRAIN_VIEWS:
        raise ValueError(f"unknown view {view!r}: use {', '.join(TRAIN_VIEWS)}")
    panels = len(result.runs)
    if view == "hist":
        if not result.hist_at:
            raise ValueError("the training kept no histograms: train(..., hist_at=...)")
        panels *= len(result.hist_at)
    if view in ("stats", "p98", "hist") and panels > MAX_PANELS:
        raise ValueError(
            f"a {view} figure has a panel per run{' and update' if view == 'hist' else ''}: "
            f"{panels} is more than the {MAX_PANELS} it shows"
        )


def default_size(result: Any, view: str = "stats") -> tuple[float, float]:
    """Inches that suit ``view`` of ``result`` (panels grow with the runs or the layers)."""
    n = len(result.runs)
    columns = min(n * max(len(result.hist_at), 1), MAX_PANELS) if view == "hist" else n
    sizes = {
        "stats": (min(4.6 * columns + 1, 22.0), 5.2),
        "p98": (min(4.6 * columns + 1, 22.0), 5.2),
        "hist": (min(3.6 * columns + 1.4, 22.0), 8.6),
        "error": (12.0, 5.0),
        "dead": (min(3.4 * min(result.depth, 5) + 1, 18.0), 4.2 * -(-result.depth // 5) + 1),
    }
    return sizes[view]


@figure_builder
def train_figure(
    result: Any,
    *,
    view: str = "stats",
    title: str | None = None,
    size: tuple[float, float] | None = None,
    dpi: float = DEFAULT_DPI,
    fig: Figure | None = None,
    look: Look = Look(),  # noqa: B008 - immutable; figure_builder passes it from style=
) -> Figure:
    """A figure of a :class:`actplot.network.train_result.TrainResult` (see the module)."""
    check_panels(result, view)
    t = _words(look)
    if size is None:
        size = default_size(result, view)
    if fig is None:
        fig = Figure(figsize=size, dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
    {"stats": _stats, "p98": _stats, "hist": _hist, "error": _error, "dead": _dead}[view](
        fig, result, look, view
    )
    if title is None:
        title = (
            t(_TITLES[view])
            + "\n"
            + t("{depth} layers × {width} units on {data}").format(
                depth=result.depth, width=result.width, data=result.data
            )
        )
        if result.interrupted:
            title += t(" (interrupted)")
    fig.suptitle(title, fontsize=14)
    return fig


def _diverged(ax: Axes, rec: Any, look: Look, color: str = "0.3") -> None:
    if rec.diverged_at is None:
        return
    t = _words(look)
    ax.axvline(rec.diverged_at, color=color, ls="--", lw=1.2)
    ax.annotate(
        t("diverged at update {n}").format(n=rec.diverged_at),
        (rec.diverged_at, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(-3, -3),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=10,
        color=color,
    )


def _columns(fig: Figure, entries: int, inches: float = 1.3) -> int:
    """Legend columns that fit the figure's width."""
    return max(1, min(entries, int(fig.get_figwidth() // inches)))


def _panel_grid(fig: Figure, n: int) -> list[Axes]:
    axes = fig.subplots(1, n, squeeze=False, sharey=True)[0]
    return list(axes)


def _stats(fig: Figure, result: Any, look: Look, view: str) -> None:
    t = _words(look)
    colors = _layer_colors(result.depth)
    axes = _panel_grid(fig, len(result.runs))
    for ax, rec in zip(axes, result.runs, strict=True):
        for layer in range(1, result.depth + 1):
            u, std = rec.series("act_std", layer)
            color = colors[layer - 1]
            if view == "stats":
                _, mean = rec.series("act_mean", layer)
                ax.plot(u, mean, color=color, lw=2)
                ax.fill_between(u, mean - std, mean + std, color=color, alpha=0.15, lw=0)
            else:
                _, p98 = rec.series("act_p98", layer)
                ax.plot(u, p98, color=color, ls="none", marker="o", ms=4)
                ax.plot(u, std, color=color, lw=1.8, marker=".", ms=5)
        _diverged(ax, rec, look)
        ax.set_title(train_run_label(rec, result, look), fontsize=13)
        ax.set_xlabel(t("updates"), fontsize=12)
        ax.grid(True, alpha=0.4)
    axes[0].set_ylabel(
        t("activation value") if view == "stats" else t("98th percentile and std"), fontsize=12
    )
    handles = [
        Line2D([], [], color=colors[k], lw=2, label=t("layer {k}").format(k=k + 1))
        for k in range(result.depth)
    ]
    if view == "p98":
        handles += [
            Line2D([], [], color="k", ls="none", marker="o", label=t("98th percentile")),
            Line2D([], [], color="k", lw=1.8, marker=".", label=t("standard deviation")),
        ]
    fig.legend(handles=handles, loc="outside lower center", ncol=_columns(fig, len(handles)),
               fontsize=11, frameon=False)  # fmt: skip


def _hist(fig: Figure, result: Any, look: Look, view: str) -> None:
    t = _words(look)
    colors = _layer_colors(result.depth)
    columns = [(rec, u) for rec in result.runs for u in result.hist_at]
    rows = (
        ("act", t("activation value f(z)")),
        ("grad", t("back-propagated gradient ∂C/∂s")),
        ("wgrad", t("weight gradient ∂C/∂W")),
    )
    axes = fig.subplots(3, len(columns), squeeze=False, sharex="row", sharey="row")
    for col, (rec, update) in enumerate(columns):
        for row, (quantity, xlabel) in enumerate(rows):
            ax = axes[row, col]
            hists = rec.histogram(quantity, update)
            for h in hists:
                centres = (h.edges[:-1] + h.edges[1:]) / 2
                ax.plot(centres, h.fractions, color=colors[h.layer - 1], lw=1.6)
            if not hists:  # the run diverged before this update
                ax.text(0.5, 0.5, t("diverged at update {n}").format(n=rec.diverged_at),
                        transform=ax.transAxes, ha="center", va="center", fontsize=10)  # fmt: skip
            ax.set_xlabel(xlabel, fontsize=10)
            ax.grid(True, alpha=0.4)
            ax.ticklabel_format(axis="x", style="sci", scilimits=(-2, 3))
            if col == 0:
                ax.set_ylabel(t("fraction of values per bin"), fontsize=10)
        head = train_run_label(rec, result, look)
        axes[0, col].set_title(
            f"{head}\n{t('update {u}').format(u=update)}" if head else "", fontsize=12
        )
    handles = [
        Line2D([], [], color=colors[k], lw=2, label=t("layer {k}").format(k=k + 1))
        for k in range(result.depth)
    ]
    fig.legend(handles=handles, loc="outside lower center", ncol=_columns(fig, len(handles)),
               fontsize=11, frameon=False)  # fmt: skip


def _run_styles(result: Any) -> list[tuple[str, str]]:
    return [(f"C{i % 10}", ("-", "--", "-.", ":")[(i // 10) % 4]) for i in range(len(result.runs))]


def _error(fig: Figure, result: Any, look: Look, view: str) -> None:
    t = _words(look)
    ax_loss, ax_err = fig.subplots(1, 2)
    handles = []
    for (color, style), rec in zip(_run_styles(result), result.runs, strict=True):
        label = train_run_label(rec, result, look)
        if rec.diverged_at is not None:
            label += "  (" + t("diverged at update {n}").format(n=rec.diverged_at) + ")"
        for ax, metric in ((ax_loss, "loss"), (ax_err, "test_error")):
            u, v = rec.series(metric)
            ax.plot(u, v, color=color, ls=style, lw=2)
            if rec.diverged_at is not None and len(u):
                ax.plot(u[-1], v[-1], color=color, marker="x", ms=10, mew=2.5)
        handles.append(Line2D([], [], color=color, ls=style, lw=2, label=label))
    chance = 1 - 1 / result.classes
    ax_err.axhline(chance, color="0.4", ls=":", lw=1.2)
    ax_err.annotate(
        t("chance {value}").format(value=f"{chance:.2f}"),
        (1.0, chance),
        xycoords=("axes fraction", "data"),
        xytext=(-3, 3),
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontsize=10,
        color="0.3",
    )
    ax_loss.set_ylabel(t("training loss (NLL)"), fontsize=12)
    ax_err.set_ylabel(t("test error"), fontsize=12)
    ax_err.set_ylim(0, 1)
    for ax in (ax_loss, ax_err):
        ax.set_xlabel(t("updates"), fontsize=12)
        ax.grid(True, alpha=0.4)
    fig.legend(handles=handles, loc="outside lower center", ncol=min(len(handles), 3),
               fontsize=11, frameon=False)  # fmt: skip


def _dead(fig: Figure, result: Any, look: Look, view: str) -> None:
    t = _words(look)
    depth = result.depth
    cols = min(depth, 5)
    rows = -(-depth // cols)
    grid = fig.subplots(rows, cols, squeeze=False, sharex=True, sharey=True)
    styles = _run_styles(result)
    for layer in range(1, depth + 1):
        ax = grid[(layer - 1) // cols, (layer - 1) % cols]
        for (color, style), rec in zip(styles, result.runs, strict=True):
            u, v = rec.series("dead", layer)
            ax.plot(u, v, color=color, ls=style, lw=2)
            if rec.diverged_at is not None and len(u):
                ax.plot(u[-1], v[-1], color=color, marker="x", ms=9, mew=2.2)
        ax.set_title(t("layer {k}").format(k=layer), fontsize=12)
        ax.grid(True, alpha=0.4)
    for ax in grid[-1]:
        ax.set_xlabel(t("updates"), fontsize=11)
    for ax in grid[:, 0]:
        ax.set_ylabel(t("dead fraction"), fontsize=11)
    for k in range(depth, rows * cols):
        grid[k // cols, k % cols].set_visible(False)
    handles = []
    for (color, style), rec in zip(styles, result.runs, strict=True):
        label = train_run_label(rec, result, look)
        if rec.diverged_at is not None:
            label += "  (" + t("diverged at update {n}").format(n=rec.diverged_at) + ")"
        handles.append(Line2D([], [], color=color, ls=style, lw=2, label=label))
    fig.legend(handles=handles, loc="outside lower center", ncol=min(len(handles), 3),
               fontsize=11, frameon=False)  # fmt: skip
