"""``actplot NAME...``: draw functions (solid) and derivatives (dashed), or write their CSV."""

from __future__ import annotations

from typing import Any

import click

from actplot.analysis.saturation import DEFAULT_EPS
from actplot.cli.errors import bad_input, fail
from actplot.cli.options import (
    CONTEXT_SETTINGS,
    choose_output,
    convention_option,
    dpi_option,
    dtype_option,
    each_outputs,
    eps_callback,
    look_options,
    make_grid,
    mathtext_callback,
    names_argument,
    no_window_after_all,
    param_option,
    range_option,
    report_each,
    resolve,
    size_option,
    ylim_callback,
)
from actplot.output import ANIMATION_FORMATS, PLOT_FORMATS
from actplot.render.defaults import ANIMATION_DPI, ANIMATION_FPS, PGFPLOTS_MAX_POINTS
from actplot.sweep import MAX_FRAMES

__all__ = ["plot"]


class _PlotCommand(click.Command):
    """Fills in the formula language's constants and primitives when the help is shown.

    Not at import: the formula package costs ~35 ms to load, which ``--help``
    alone should not pay for every other command.
    """

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.help and "{primitives}" in self.help:
            from actplot.formula.primitives import CONSTANTS, help_text

            constants = ", ".join(c.name for c in CONSTANTS)
            self.help = self.help.replace("{constants}", constants)
            self.help = self.help.replace("{primitives}", help_text())
        super().format_help_text(ctx, formatter)


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
    help="Write to FILE (.png .svg .pdf .csv; .tex for LaTeX; .gif .mp4 .html animate a "
    "sweep) instead of opening a window.",
)
@click.option(
    "--each",
    is_flag=True,
    help="One file per function: -o names them with {name} or {label} "
    "(default {name}.png); a missing directory is created if its parent exists.",
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
@click.option(
    "--fps",
    type=click.IntRange(1, 60),
    default=ANIMATION_FPS,
    show_default=True,
    help="Frames per second of an animation (.gif .mp4 .html).",
)
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
@dtype_option(
    "Evaluate in this format (default float64). In float32, float16 or bfloat16, "
    "f' is drawn correctly rounded and as frameworks compute it, with |f'| on a log "
    "axis; the CSV gets both (d_NAME_rounded, d_NAME_framework)."
)
@convention_option(
    "Each NAME as this framework means it: its default parameters (-p overrides), "
    "its variant (jax: gelu is the tanh approximation) and its autograd's f' at "
    "kinks (torch: relu'(0) = 0). See 'actplot list --convention jax'."
)
def plot(
    names: tuple[str, ...],
    x_range: tuple[float, float],
    points: int | None,
    step: float | None,
    params: tuple[str, ...],
    output: str | None,
    each: bool,
    title: str | None,
    display_names: tuple[str, ...],
    ylim: tuple[float, float] | None,
    size: tuple[float, float] | None,
    dpi: int,
    no_derivative: bool,
    formula: bool,
    transparent: bool,
    fps: int,
    style: str | None,
    lang: str,
    saturation: float | None,
    dtype: str | None,
    convention: str | None,
) -> None:
    """Draw each NAME (solid) and its derivative (dashed) in one figure.

    NAME is a function of the catalogue (see 'actplot list'); case, '-' and
    '_' are ignored, so LeakyReLU and leaky-relu both work. NAME may also be
    a formula in x, drawn with its exact derivative: numbers, x, {constants},
    + - * / **, {primitives}, and every catalogue function.
    Its other names are parameters, set with -p. Without -o, the figure
    opens in a window when there is a display, else it is saved as NAME.png
    (formula.png for a formula) in the current directory.

    -o FILE.gif, .mp4 (needs ffmpeg) or .html (one offline page with a slider)
    animates the parameter swept by -p NAME=START:STOP:COUNT, one frame per
    value (at most {max_frames}), on the same axes. -o FILE.tex writes a pgfplots
    figure for LaTeX (each curve at most {max_points} points, within a stated error).

    \b
    Example:
        actplot sigmoid --range -10 10
        actplot sigmoid tanh relu -r -5 5 -o cmp.svg
        actplot leaky_relu -p alpha=0.01,0.1,0.3 -o leaky.pdf
        actplot sigmoid --points 2001 -o s.csv
        actplot gelu --style slides -o gelu.png
        actplot sigmoid --lang zh -o sigmoid_zh.png
        actplot sigmoid relu --saturation -o sat.png
        actplot sigmoid --dtype bfloat16 -r 0 100 -o s.png
        actplot sigmoid tanh --dtype float16 -r -20 20 -o f16.csv
        actplot gelu leaky_relu hardsigmoid --convention jax -o jax.png
        actplot "x*sigmoid(1.702*x)" gelu -o cmp.png
        actplot "log1p(exp(beta*x))/beta" -p beta=1,2,5 --name softplus -o sp.pdf
        actplot sigmoid tanh relu --each -o 'out/{name}.png'
        actplot elu -p alpha=0.1:3:30 -o elu.gif
        actplot leaky_relu -p alpha=0:1:21 -o leaky.html
        actplot sigmoid relu -o fig.tex
    """
    from actplot.sweep import file_stem, undefined_notes

    acts = resolve(names, params, display_names, convention)
    dtype = dtype or "float64"
    low = dtype != "float64"
    if each and low:
        raise fail("--each does not apply to a --dtype figure (draw one per command)", 2)
    default_name = f"{file_stem(acts[0])}{'_' + dtype if low else ''}.png"
    if each:  # never a window: every file is checked and its directory made now
        paths, fmt = each_outputs(output or "{name}.png", acts)
        out = None
    else:
        paths = []
        if low and output is None:  # the window draws float64 curves only
            click.echo(
                f"note: a --dtype figure is not interactive; saving {default_name}", err=True
            )
            output = default_name
        out, fmt = choose_output(output, default_name, PLOT_FORMATS)
    if low and fmt in ("tex", *ANIMATION_FORMATS):
        raise fail(f"--dtype draws a .png .svg .pdf figure or a .csv, not .{fmt}", 2)
    if fmt in ANIMATION_FORMATS:
        assert out is not None  # a format comes with a path
        if transparent:
            raise fail(f"--transparent: .{fmt} frames have an opaque background", 2)
        dpi = dpi if _given("dpi") else ANIMATION_DPI
        _check_animation(fmt, names, params, display_names)
    x = make_grid(*x_range, points, step)
    for note in undefined_notes(acts, x):
        click.echo(f"note: {note}", err=True)
    derivative = not no_derivative
    if low and fmt != "csv":
        given = {
            "--saturation": saturation is not None,
            "--no-derivative": no_derivative,
            "--formula": formula,
            "--lang": lang != "en",
        }
        for option in (option for option, used in given.items() if used):
            raise fail(f"{option} does not apply to a --dtype figure", 2)
    if saturation is not None:
        if fmt in ("csv", "tex", *ANIMATION_FORMATS):
            raise fail(f"--saturation shades a figure; it does not apply to .{fmt} output", 2)
        from actplot.analysis.saturation import check_shadable

        try:  # before any work, not half-way through the figure
            check_shadable(1 if each else len(acts))
        except ValueError as error:
            raise fail(f"--saturation: {error}", 2) from None

    if each and fmt == "csv":
        from actplot.batch import tables_each

        report_each(tables_each(acts, x, paths, derivative=derivative), len(paths))
        return
    if fmt == "csv":
        from actplot.output import write_csv
        from actplot.sweep import csv_columns

        assert out is not None  # a format comes with a path
        if low:
            from actplot.analysis.precision import csv_columns as precision_columns
            from actplot.sweep import series_names

            columns = precision_columns(acts, series_names(acts), x, dtype, derivative=derivative)
        else:
            columns = csv_columns(acts, x, derivative=derivative)
        write_csv(out, columns)
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
    if fmt in ANIMATION_FORMATS or fmt == "tex":
        assert out is not None
        _write_teaching(out, fmt, acts, x, spec, names, params, display_names, fps)
        click.echo(out)
        return
    if x.size > 1_000_000:
        click.echo(f"Rendering {x.size:,} points per curve...", err=True)
    if each:
        from actplot.batch import figures_each

        with bad_input():
            written = figures_each(acts, x, spec, paths)
        report_each(written, len(paths))
        return
    if out is None:
        from actplot.render.window import show

        with bad_input():
            if show(acts, x, spec):
                return
        out, _ = no_window_after_all(default_name)
    from actplot.render.figure import build_figure, figure_notes
    from actplot.render.save import save

    with bad_input():
        if low:
            from actplot.render.precision import precision_figure

            fig = precision_figure(acts, x, spec, dtype)
        else:
            fig = build_figure(acts, x, spec)
    for note in figure_notes(fig):
        click.echo(f"note: {note}", err=True)
    save(fig, out, dpi=spec.dpi, transparent=spec.transparent)
    click.echo(out)


# ---------------------------------------------------------------- animations and pgfplots

assert plot.help is not None
plot.help = plot.help.replace("{max_frames}", str(MAX_FRAMES)).replace(
    "{max_points}", str(PGFPLOTS_MAX_POINTS)
)


def _given(name: str) -> bool:
    """Whether option ``name`` was given on the command line (not its default)."""
    source = click.get_current_context().get_parameter_source(name)
    return source not in (None, click.core.ParameterSource.DEFAULT)


def _check_animation(
    fmt: str, names: tuple[str, ...], params: tuple[str, ...], display_names: tuple[str, ...]
) -> None:
    """Before any work: one swept parameter, frames within the limit, a writer for ``fmt``."""
    from actplot.render.animation import AnimationError, check_writer
    from actplot.sweep import frames, parse_params

    with bad_input():
        frames(names, parse_params(params), display_names)
    try:
        check_writer(fmt)
    except AnimationError as error:
        raise fail(str(error), 1) from None


def _write_teaching(
    out: Any,
    fmt: str,
    acts: Any,
    x: Any,
    spec: Any,
    names: tuple[str, ...],
    params: tuple[str, ...],
    display_names: tuple[str, ...],
    fps: int,
) -> None:
    """Write an animation (.gif .mp4 .html) or a pgfplots figure (.tex)."""
    if fmt == "tex":
        from actplot.render.pgfplots import write_pgfplots

        with bad_input():
            report = write_pgfplots(out, acts, x, spec)
        for note in report:
            click.echo(f"note: {note}", err=True)
        return
    from actplot.render.animation import AnimationError, animate
    from actplot.sweep import frames, parse_params

    with bad_input():
        animation = animate(frames(names, parse_params(params), display_names), x, spec, fps=fps)
    try:
        animation.save(out)
    except AnimationError as error:
        raise fail(str(error), 1) from None
