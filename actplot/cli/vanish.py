"""``actplot vanish``: how the gradient shrinks (or not) through a deep network, and the cures."""

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
from actplot.network.init import check_gain, check_init

__all__ = ["vanish"]

VIEWS = ("rms", "hist", "jacobian")


def _on_off(text: str) -> bool:
    if text not in ("off", "on"):
        raise ValueError(f"use off, on or off,on, not {text!r}")
    return text == "on"


@click.command("vanish", context_settings=CONTEXT_SETTINGS)
@names_argument()
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Number of hidden layers.",
)
@click.option(
    "--width",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Units per layer (and input features).",
)
@click.option(
    "--batch",
    type=click.IntRange(min=1),
    default=256,
    show_default=True,
    help="Standard-normal input vectors.",
)
@click.option(
    "--init",
    "inits",
    default="standard",
    show_default=True,
    metavar="INIT[,INIT...]",
    callback=list_callback(lambda s: check_init(s).name),
    help="Weights: standard U[±1/√n], xavier U[±√6/√(n_in+n_out)], he N(0, 2/n), "
    "lecun N(0, 1/n), orthogonal; several compare in one figure.",
)
@click.option(
    "--gain",
    "gains",
    default="1",
    show_default=True,
    metavar="G[,G...]",
    callback=list_callback(check_gain),
    help="Multiply the initial weights (5/3 for tanh, √2 for ReLU); several compare.",
)
@click.option(
    "--batchnorm",
    "batchnorms",
    default="off",
    show_default=True,
    metavar="off|on|off,on",
    callback=list_callback(_on_off),
    help="Normalise each layer's pre-activations with the batch's mean and variance "
    "(γ = 1, β = 0, ε = 1e-5) before the activation; off,on compares both.",
)
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    default="rms",
    show_default=True,
    help="rms: RMS gradient, mean output, saturated and dead units per layer; hist: "
    "per-layer histograms of activations and gradients (Glorot & Bengio's Figs. 6-7); "
    "jacobian: mean singular value of each layer's Jacobian.",
)
@click.option(
    "--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Random seed."
)
@click.option(
    "--eps",
    type=float,
    default=DEFAULT_EPS,
    show_default=True,
    callback=eps_callback,
    help="A unit saturates on an input where |f'| < EPS.",
)
@param_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=True),
    help="Write to FILE (.png .svg .pdf, or .csv for the numbers) instead of a window.",
)
@click.option("--title", callback=mathtext_callback, help="Figure title.")
@size_option(None, "Figure size in inches [default: one that suits the view].")
@dpi_option()
@look_options
def vanish(
    names: tuple[str, ...],
    depth: int,
    width: int,
    batch: int,
    inits: tuple[str, ...],
    gains: tuple[float, ...],
    batchnorms: tuple[bool, ...],
    view: str,
    seed: int,
    eps: float,
    params: tuple[str, ...],
    output: str | None,
    title: str | None,
    size: tuple[float, float] | None,
    dpi: int,
    style: str | None,
    lang: str,
) -> None:
    """Show how the gradient shrinks (or not) through a deep network of each NAME.

    Simulates DEPTH fully-connected hidden layers of WIDTH units with zero
    biases: a forward pass of BATCH standard-normal inputs, then a
    standard-normal gradient back-propagated from the top layer. Prints the
    RMS gradient with respect to each layer's pre-activations (layer 1 is
    nearest the input) and the first/last-layer ratio; the figure adds the
    mean activation and the saturated fraction per layer, the CSV every
    number. Without -o, the figure opens in a window when there is a display,
    else it is saved as vanish.png.

    The remedies the lecture note names are options: --batchnorm (Batch
    Normalization), --init xavier and --init he (Xavier and MSRA
    initialisation), with --gain. Layer-wise pre-training (DBN) is out of
    scope. Lists in --init, --gain and --batchnorm combine with the NAMEs
    into labelled runs of one figure; the CSV has a row per run and layer
    (with --view hist, one per histogram bin too).

    \b
    Example:
        actplot vanish sigmoid tanh relu --depth 5 --width 1000 -o v.png
        actplot vanish sigmoid relu --depth 20 --init he --seed 1 -o v.csv
        actplot vanish elu -p alpha=0.5,1 relu --init he --style slides
        actplot vanish sigmoid tanh relu --depth 20 --batchnorm on -o bn.png
        actplot vanish sigmoid --depth 20 --batchnorm off,on -o cure.png
        actplot vanish tanh --depth 10 --gain 0.5,1,1.667,3 -o gain.svg
        actplot vanish tanh --init standard,xavier --view hist -o g_b_fig6.png
        actplot vanish tanh --init standard,xavier --view jacobian -o jac.png
        actplot vanish sigmoid tanh softsign relu --lang zh -o v_zh.png
    """
    from actplot.network.vanish import check_run_count, format_table, simulate
    from actplot.sweep import series_names

    acts = resolve(names, params)
    out, fmt = choose_output(output, "vanish.png")
    runs = len(acts) * len(inits) * len(gains) * len(batchnorms)
    if fmt != "csv":
        with bad_input():
            vary = len(inits) > 1 or len(gains) > 1 or len(batchnorms) > 1
            check_run_count(runs, view, settings_vary=vary)
    with bad_input(), Progress("vanish: simulating") as progress:
        result = simulate(
            acts,
            depth=depth,
            width=width,
            batch=batch,
            init=inits,
            gain=gains,
            batchnorm=batchnorms,
            seed=seed,
            eps=eps,
            names=series_names(acts),
            progress=progress,
            histograms=view == "hist",
            jacobian=view == "jacobian",
        )
    click.echo(format_table(result))
    if fmt == "csv":
        assert out is not None  # a format comes with a path
        result.write_csv(out)
        click.echo(out)
        return
    figure_kw: dict[str, Any] = {"title": title, "style": style, "lang": lang, "view": view}
    if out is None:
        from actplot.render.window import show_vanish

        if show_vanish(result, size=size, **figure_kw):
            return
        out, _ = no_window_after_all("vanish.png")
    from actplot.render.save import save
    from actplot.render.vanish import vanish_figure

    try:
        fig = vanish_figure(result, size=size, dpi=dpi, **figure_kw)
    except ValueError as error:  # pragma: no cover - the checks above come first
        raise fail(str(error), 2) from None
    save(fig, out, dpi=dpi)
    click.echo(out)
