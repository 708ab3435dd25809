"""``actplot vanish``: how the gradient shrinks (or not) through a deep network."""

from __future__ import annotations

import sys
from typing import Any

import click

from actplot.analysis.saturation import DEFAULT_EPS
from actplot.cli.errors import bad_input
from actplot.cli.options import (
    CONTEXT_SETTINGS,
    choose_output,
    dpi_option,
    eps_callback,
    mathtext_callback,
    names_argument,
    no_window_after_all,
    param_option,
    resolve,
    size_option,
    style_option,
)
from actplot.network.vanish import INITS
from actplot.render.defaults import VANISH_SIZE

__all__ = ["vanish"]


class _Progress:
    """Progress of a long simulation on stderr, shown once it has run about a second."""

    def __init__(self, delay: float = 1.0, clock: Any = None) -> None:
        import time

        self.clock = clock or time.monotonic
        self.start = self.clock()
        self.delay = delay
        self.shown = 0  # last percentage printed
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if self.clock() - self.start < self.delay:
            return
        # A terminal line is rewritten every percent; a log gets a line a quarter.
        step = 1 if self.tty else 25
        reached = 100 * done // total // step * step
        if reached == self.shown:
            return
        self.shown = reached
        message = f"vanish: simulating... {reached}%"
        if self.tty:
            click.echo("\r" + message, err=True, nl=done == total)
        else:
            click.echo(message, err=True)


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
    type=click.Choice(list(INITS)),
    default="standard",
    show_default=True,
    help="Weights: standard U[±1/√n], xavier U[±√6/√(n_in+n_out)], he N(0, 2/n).",
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
@size_option(VANISH_SIZE, "Figure size in inches.")
@dpi_option()
@style_option
def vanish(
    names: tuple[str, ...],
    depth: int,
    width: int,
    batch: int,
    init: str,
    seed: int,
    eps: float,
    params: tuple[str, ...],
    output: str | None,
    title: str | None,
    size: tuple[float, float],
    dpi: int,
    style: str | None,
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

    \b
    Example:
        actplot vanish sigmoid tanh relu --depth 5 --width 1000 -o v.png
        actplot vanish sigmoid relu --depth 20 --init he --seed 1 -o v.csv
        actplot vanish elu -p alpha=0.5,1 relu --init he --style slides
    """
    from actplot.network.vanish import format_table, simulate
    from actplot.sweep import series_names

    acts = resolve(names, params)
    out, fmt = choose_output(output, "vanish.png")
    with bad_input():
        result = simulate(
            acts,
            depth=depth,
            width=width,
            batch=batch,
            init=init,
            seed=seed,
            eps=eps,
            names=series_names(acts),
            progress=_Progress(),
        )
    click.echo(format_table(result))
    if fmt == "csv":
        assert out is not None  # a format comes with a path
        result.write_csv(out)
        click.echo(out)
        return
    if out is None:
        from actplot.render.window import show_vanish

        if show_vanish(result, title=title, size=size, style=style):
            return
        out, _ = no_window_after_all("vanish.png")
    from actplot.render.save import save
    from actplot.render.vanish import vanish_figure

    fig = vanish_figure(result, title=title, size=size, dpi=dpi, style=style)
    save(fig, out, dpi=dpi)
    click.echo(out)
