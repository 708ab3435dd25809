"""``actplot train``: train a deep network with SGD and draw what its layers do."""

from __future__ import annotations

from typing import Any

import click

from actplot.analysis.saturation import DEFAULT_EPS
from actplot.cli.errors import bad_input, fail
from actplot.cli.options import (
    CONTEXT_SETTINGS,
    choose_output,
    dpi_option,
    eps_callback,
    list_callback,
    look_options,
    mathtext_callback,
    names_argument,
    no_window_after_all,
    param_option,
    resolve,
    size_option,
)
from actplot.cli.progress import Progress
from actplot.network.init import check_init
from actplot.render.defaults import TRAIN_MAX_PANELS

__all__ = ["train"]

VIEWS = ("stats", "p98", "hist", "error", "dead")
INTERRUPTED = 130  # the shell's code for a process stopped by Ctrl-C


def _lr(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise ValueError(f"a learning rate must be a positive number, got {text}")
    return value


def _seed(text: str) -> int:
    if not text.isdigit():
        raise ValueError(f"a seed is a whole number 0 or more, got {text!r}")
    return int(text)


def _update(text: str) -> int:
    if not text.isdigit():
        raise ValueError(f"an update is a whole number 0 or more, got {text!r}")
    return int(text)


@click.command("train", context_settings=CONTEXT_SETTINGS)
@names_argument()
@click.option("--depth", type=click.IntRange(min=1), default=5, show_default=True,
              help="Hidden layers.")  # fmt: skip
@click.option("--width", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Units per hidden layer.")  # fmt: skip
@click.option("--batch", type=click.IntRange(min=1), default=10, show_default=True,
              help="Mini-batch size.")  # fmt: skip
@click.option("--lr", "lrs", default="0.1", show_default=True, metavar="LR[,LR...]",
              callback=list_callback(_lr),
              help="SGD learning rate; several compare in one figure.")  # fmt: skip
@click.option(
    "--init",
    "inits",
    default="standard",
    show_default=True,
    metavar="INIT[,INIT...]",
    callback=list_callback(lambda s: check_init(s).name),
    help="Weights of every layer (as in vanish): standard U[±1/√n], xavier "
    "U[±√6/√(n_in+n_out)], he N(0, 2/n), lecun, orthogonal; several compare.",
)
@click.option("--seed", "seeds", default="0", show_default=True, metavar="S[,S...]",
              callback=list_callback(_seed),
              help="Seed of the data and the initial weights; several compare.")  # fmt: skip
@click.option("--updates", type=click.IntRange(min=0), default=600, show_default=True,
              help="SGD updates per run (0: the network at initialisation).")  # fmt: skip
@click.option("--every", type=click.IntRange(min=1), default=None,
              help="Record every N updates  [default: about 60 records per run].")  # fmt: skip
@click.option(
    "--data",
    default="shapeset",
    show_default=True,
    metavar="shapeset|spirals|FILE.npz",
    help="shapeset: 32×32 images of one or two shapes, 9 classes (after Glorot & Bengio's "
    "Shapeset-3×2), generated from the seed; spirals: 2-D points on 3 spiral arms; "
    "FILE.npz: arrays x (examples × features) and y (labels 0..K-1).",
)
@click.option("--dtype", type=click.Choice(["float32", "float64"]), default="float32",
              show_default=True, help="Precision of the network.")  # fmt: skip
@click.option("--eps", type=float, default=DEFAULT_EPS, show_default=True,
              callback=eps_callback,
              help="A unit saturates on an example where |f'| < EPS.")  # fmt: skip
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    default="stats",
    show_default=True,
    help="stats: mean ± std of each layer's activations (G&B Fig. 2); p98: 98th "
    "percentiles and std (Fig. 3); hist: histograms of activations, gradients and weight "
    "gradients at --at (Figs. 4, 6-8); error: loss and test error; dead: dead fraction "
    "per layer.",
)
@click.option("--at", "at", default=None, metavar="U[,U...]", callback=list_callback(_update),
              help="Updates at which --view hist draws  [default: 0 and the last].")  # fmt: skip
@param_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=True),
    help="Write to FILE (.png .svg .pdf, or .csv for every number) instead of a window.",
)
@click.option("--title", callback=mathtext_callback, help="Figure title.")
@size_option(None, "Figure size in inches [default: one that suits the view].")
@dpi_option()
@look_options
def train(
    names: tuple[str, ...],
    depth: int,
    width: int,
    batch: int,
    lrs: tuple[float, ...],
    inits: tuple[str, ...],
    seeds: tuple[int, ...],
    updates: int,
    every: int | None,
    data: str,
    dtype: str,
    eps: float,
    view: str,
    at: tuple[int, ...] | None,
    params: tuple[str, ...],
    output: str | None,
    title: str | None,
    size: tuple[float, float] | None,
    dpi: int,
    style: str | None,
    lang: str,
) -> None:
    """Train a deep network of each NAME with SGD and show what its layers do.

    DEPTH hidden layers of WIDTH units, a softmax output, the negative
    log-likelihood, plain SGD on mini-batches of BATCH, biases starting at 0
    (Glorot & Bengio 2010). Every few updates it records, per layer on a
    fixed monitor set of 300 held-out examples, the mean, std and 98th
    percentile of the activations, the saturated fraction (|f'| < EPS), the
    dead fraction (f' = 0 on every monitor example), the std of the
    back-propagated gradient and of the weight gradient; and the training
    loss and the test error. Prints a summary per run; a run that diverges
    stops there ("diverged at update N") and the others go on. Ctrl-C stops
    training and writes what was recorded (exit 130).

    The CSV is tidy: columns activation,init,lr,seed,update,layer,metric,value
    (layer empty for loss and test_error); with --view hist also rows with
    metric hist_<act|grad|wgrad>:<bin low>:<bin high> and the fraction of
    the layer's values in that bin.

    \b
    Example:
        actplot train sigmoid --depth 5 --width 1000 --updates 600 -o fig2.png
        actplot train tanh softsign --depth 5 --view p98 --updates 5000 -o p98.pdf
        actplot train tanh --init standard,xavier --updates 0 --view hist -o h.png
        actplot train relu --init he --width 256 --lr 0.01,0.05,0.15 --view dead -o dead.svg
        actplot train sigmoid tanh --view error --updates 3000 -o curves.png
        actplot train sigmoid --updates 600 -o run.csv
    """
    from actplot.network.train import train as run_training
    from actplot.sweep import series_names

    acts = resolve(names, params)
    out, fmt = choose_output(output, "train.png")
    if at is not None and view != "hist":
        raise fail("--at chooses the updates of --view hist", 2)
    hist_at: tuple[int, ...] = ()
    if view == "hist":
        hist_at = at if at is not None else tuple(sorted({0, updates}))
    if fmt != "csv":
        runs = len(acts) * len(lrs) * len(inits) * len(seeds)
        panels = runs * (len(hist_at) if view == "hist" else 1)
        if view in ("stats", "p98", "hist") and panels > TRAIN_MAX_PANELS:
            per = "run and update" if view == "hist" else "run"
            raise fail(
                f"a {view} figure has a panel per {per}: {panels} is more than the "
                f"{TRAIN_MAX_PANELS} it shows (use --view error or dead, or -o FILE.csv)",
                2,
            )
    with bad_input(), Progress("train: updating") as progress:
        result = run_training(
            acts, depth=depth, width=width, batch=batch, lr=lrs, init=inits, seed=seeds,
            updates=updates, every=every, data=data, dtype=dtype, eps=eps,
            names=series_names(acts), hist_at=hist_at, progress=progress,
        )  # fmt: skip
    click.echo(result.summary())
    if fmt == "csv":
        assert out is not None  # a format comes with a path
        result.write_csv(out)
        click.echo(out)
    else:
        figure_kw: dict[str, Any] = {"title": title, "style": style, "lang": lang, "view": view}
        shown = False
        if out is None:
            from actplot.render.window import show_train

            shown = show_train(result, size=size, **figure_kw)
            if not shown:
                out, _ = no_window_after_all("train.png")
        if not shown:
            assert out is not None
            from actplot.render.save import save
            from actplot.render.train import train_figure

            save(train_figure(result, size=size, dpi=dpi, **figure_kw), out, dpi=dpi)
            click.echo(out)
    if result.interrupted:
        click.echo("interrupted: wrote what was recorded", err=True)
        click.get_current_context().exit(INTERRUPTED)
