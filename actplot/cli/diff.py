"""``actplot diff A B``: the exact difference of two activations and of their derivatives."""

from __future__ import annotations

import click

from actplot.cli.errors import bad_input, fail
from actplot.cli.options import (
    CONTEXT_SETTINGS,
    check_output,
    convention_option,
    dpi_option,
    make_grid,
    mathtext_callback,
    names_argument,
    param_option,
    range_option,
    resolve,
    size_option,
    style_option,
    ylim_callback,
)

__all__ = ["diff"]


@click.command("diff", context_settings=CONTEXT_SETTINGS)
@names_argument()
@range_option()
@click.option("--points", type=int, help="Number of sample points (both ends included).")
@click.option("--step", type=float, help="Sample spacing  [default: 0.001, at most 100001 points]")
@param_option
@click.option(
    "--relative",
    is_flag=True,
    help="Divide by |B| (and A' - B' by |B'|): the relative difference.",
)
@click.option(
    "-o",
    "--output",
    default="diff.png",
    show_default=True,
    type=click.Path(dir_okay=True),
    help="Write to FILE (.png .svg .pdf, or .csv for the numbers).",
)
@click.option("--title", callback=mathtext_callback, help="Figure title.")
@click.option(
    "--ylim",
    type=float,
    nargs=2,
    metavar="LO HI",
    callback=ylim_callback,
    help="Y limits of the upper panel (default: fitted).",
)
@size_option(None, "Figure size in inches  [default: 6.4 x 7]")
@dpi_option()
@style_option
@convention_option("Both names as this framework means them (see 'actplot plot --help').")
def diff(
    names: tuple[str, ...],
    x_range: tuple[float, float],
    points: int | None,
    step: float | None,
    params: tuple[str, ...],
    relative: bool,
    output: str,
    title: str | None,
    ylim: tuple[float, float] | None,
    size: tuple[float, float] | None,
    dpi: int,
    style: str | None,
    convention: str | None,
) -> None:
    """Show A - B and A' - B' for two functions A and B, exactly.

    A and B are catalogue names or formulas, as for 'actplot NAME'. Two
    panels: A - B (solid) and A' - B' (dashed), then their sizes on a log
    axis with the resolution of the float64 values, shaded where the
    difference is below it. The largest differences, and where they are, are
    printed and marked. Where both functions have a linear odd part (GELU,
    SiLU, softplus, ReLU...), the difference far out on one side is taken
    from the other, where both are tiny, so it is not lost to rounding.

    \b
    Example:
        actplot diff gelu gelu_tanh -r -6 6 -o d.png
        actplot diff gelu "x*sigmoid(1.702*x)" --relative -o d.csv
        actplot diff relu softplus -r -10 10 -o d.pdf
    """
    if len(names) != 2:
        raise fail(f"diff compares two functions, A and B; got {len(names)}", 2)
    out, fmt = check_output(output)
    acts = resolve(names, params, (), convention)
    if len(acts) != 2:
        raise fail(f"diff compares two functions; -p makes {len(acts)} of them (give one value)", 2)
    x = make_grid(*x_range, points, step)
    from actplot.analysis.difference import difference, unresolved_intervals
    from actplot.sweep import series_names

    with bad_input():
        result = difference(acts[0], acts[1], x, relative=relative)
    a, b = series_names(acts)
    f_label, d_label = f"{a} − {b}", f"{a}′ − {b}′"
    if relative:
        f_label, d_label = f"({f_label}) / |{b}|", f"({d_label}) / |{b}′|"
    for label, extreme in ((f_label, result.maximum), (d_label, result.d_maximum)):
        click.echo(
            f"max |{label}| = {abs(extreme.value):.6g} at x = {extreme.x:.6g} "
            f"({label} = {extreme.value:.6g})"
        )
    spans = unresolved_intervals(x, result.unresolved)
    if spans:
        where = ", ".join(f"[{a:.6g}, {b:.6g}]" if a != b else f"{a:.6g}" for a, b in spans[:6])
        more = f" and {len(spans) - 6} more" if len(spans) > 6 else ""
        click.echo(f"below float64 resolution: {where}{more}")
    if fmt == "csv":
        from actplot.output import write_csv

        name = "relative_delta" if relative else "delta"
        write_csv(
            out,
            [
                ("x", x),
                (a, acts[0](x)),
                (b, acts[1](x)),
                (name, result.delta),
                (f"{name}_resolution", result.resolution),
                (f"d_{name}", result.d_delta),
                (f"d_{name}_resolution", result.d_resolution),
            ],
        )
        click.echo(out)
        return
    from actplot.render.diff import diff_figure
    from actplot.render.save import save
    from actplot.render.spec import FigureSpec

    spec = FigureSpec(title=title, ylim=ylim, size=size, dpi=dpi, style=style)
    with bad_input():
        fig = diff_figure(result, spec)
    save(fig, out, dpi=dpi)
    click.echo(out)
