"""``actplot NAME...``: draw functions (solid) and derivatives (dashed), or write their CSV."""

from __future__ import annotations

import click

from actplot.analysis.saturation import DEFAULT_EPS
from actplot.cli.errors import bad_input, fail
from actplot.cli.options import (
    CONTEXT_SETTINGS,
    choose_output,
    dpi_option,
    eps_callback,
    look_options,
    make_grid,
    mathtext_callback,
    names_argument,
    no_window_after_all,
    param_option,
    range_option,
    resolve,
    size_option,
    ylim_callback,
)

__all__ = ["plot"]


class _PlotCommand(click.Command):
    """Fills in the formula language's primitives when the help is shown (not at import)."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.help and "{primitives}" in self.help:
            self.help = self.help.replace("{primitives}", _primitives_text())
        super().format_help_text(ctx, formatter)


def _primitives_text() -> str:
    return "exp expm1 log log1p sqrt abs sin cos tan sinh cosh tanh arcsin arccos arctan erf erfc min max"


@click.command(
    "plot",
    cls=_PlotCommand,
    hidden=True,
    context_settings=CONTEXT_SETTINGS,
    epilog="Run 'actplot list' for every function name.",
)
@names_argument()
@range_option()
@click.option("--points", type=int, help="Number of sample points (both ends included).")
@click.option("--step", type=float, help="Sample spacing  [default: 0.001, at most 100001 points]")
@param_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=True),
    help="Write to FILE (.png .svg .pdf .csv) instead of opening a window.",
)
@click.option("--title", callback=mathtext_callback, help="Figure title.")
@click.option(
    "--name",
    "display_names",
    multiple=True,
    metavar="TEXT",
    callback=mathtext_callback,
    help="Display name of a formula NAME (repeatable: the first --name names "
    "the first formula, and so on).",
)
@click.option(
    "--ylim",
    type=float,
    nargs=2,
    metavar="LO HI",
    callback=ylim_callback,
    help="Y limits (default: fitted to the curves).",
)
@size_option(None, "Figure size in inches  [default: 6.4 4.8, or the style's]")
@dpi_option()
@click.option("--no-derivative", is_flag=True, help="Draw f only.")
@click.option("--formula", is_flag=True, help="Show the formulas of f and f' in the legend.")
@click.option("--transparent", is_flag=True, help="Transparent background.")
@look_options
@click.option(
    "--saturation",
    type=float,
    is_flag=False,
    flag_value=DEFAULT_EPS,
    metavar="[EPS]",
    callback=eps_callback,
    help="Shade where f saturates: hard where f' = 0, soft where 0 < |f'| < EPS "
    f"(default {DEFAULT_EPS:g}). Give it after the names or with a value.",
)
def plot(
    names: tuple[str, ...],
    x_range: tuple[float, float],
    points: int | None,
    step: float | None,
    params: tuple[str, ...],
    output: str | None,
    title: str | None,
    display_names: tuple[str, ...],
    ylim: tuple[float, float] | None,
    size: tuple[float, float] | None,
    dpi: int,
    no_derivative: bool,
    formula: bool,
    transparent: bool,
    style: str | None,
    lang: str,
    saturation: float | None,
) -> None:
    """Draw each NAME (solid) and its derivative (dashed) in one figure.

    NAME is a function of the catalogue (see 'actplot list'); case, '-' and
    '_' are ignored, so LeakyReLU and leaky-relu both work. NAME may also be
    a formula in x, drawn with its exact derivative: numbers, x, pi, e,
    + - * / **, {primitives}, and every catalogue function.
    Its other names are parameters, set with -p. Without -o, the figure
    opens in a window when there is a display, else it is saved as NAME.png
    (formula.png for a formula) in the current directory.

    \b
    Example:
        actplot sigmoid --range -10 10
        actplot sigmoid tanh relu -r -5 5 -o cmp.svg
        actplot leaky_relu -p alpha=0.01,0.1,0.3 -o leaky.pdf
        actplot sigmoid --points 2001 -o s.csv
        actplot gelu --style slides -o gelu.png
        actplot sigmoid --lang zh -o sigmoid_zh.png
        actplot sigmoid relu --saturation -o sat.png
        actplot "x*sigmoid(1.702*x)" gelu -o cmp.png
        actplot "log1p(exp(beta*x))/beta" -p beta=1,2,5 --name softplus -o sp.pdf
    """
    from actplot.sweep import file_stem, undefined_notes

    acts = resolve(names, params, display_names)
    default_name = f"{file_stem(acts[0])}.png"
    out, fmt = choose_output(output, default_name)
    x = make_grid(*x_range, points, step)
    for note in undefined_notes(acts, x):
        click.echo(f"note: {note}", err=True)
    derivative = not no_derivative
    if saturation is not None:
        if fmt == "csv":
            raise fail("--saturation shades a figure; it does not apply to .csv output", 2)
        from actplot.analysis.saturation import check_shadable

        try:
            check_shadable(len(acts))  # before any work, not half-way through the figure
        except ValueError as error:
            raise fail(f"--saturation: {error}", 2) from None

    if fmt == "csv":
        from actplot.output import write_csv
        from actplot.sweep import csv_columns

        assert out is not None  # a format comes with a path
        write_csv(out, csv_columns(acts, x, derivative=derivative))
        click.echo(out)
        return

    from actplot.render.spec import FigureSpec

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
        transparent=transparent,
    )
    if x.size > 1_000_000:
        click.echo(f"Rendering {x.size:,} points per curve...", err=True)
    if out is None:
        from actplot.render.window import show

        with bad_input():
            if show(acts, x, spec):
                return
        out, _ = no_window_after_all(default_name)
    from actplot.render.figure import build_figure, figure_notes
    from actplot.render.save import save

    with bad_input():
        fig = build_figure(acts, x, spec)
    for note in figure_notes(fig):
        click.echo(f"note: {note}", err=True)
    save(fig, out, dpi=spec.dpi, transparent=spec.transparent)
    click.echo(out)
