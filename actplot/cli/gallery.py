"""``actplot gallery``: every activation (or each NAME) in one grid of panels."""

from __future__ import annotations

import click

import actplot.catalogue as catalogue
from actplot.cli.errors import bad_input, fail
from actplot.cli.options import (
    CONTEXT_SETTINGS,
    check_output,
    dpi_option,
    each_outputs,
    look_options,
    make_grid,
    names_argument,
    range_option,
    report_each,
    resolve,
    size_option,
)
from actplot.render.defaults import GALLERY_DPI, GALLERY_PANEL_SIZE, GALLERY_POINTS, GALLERY_RANGE

__all__ = ["gallery"]

_PANEL = f"{GALLERY_PANEL_SIZE[0]:g} x {GALLERY_PANEL_SIZE[1]:g}"


@click.command("gallery", context_settings=CONTEXT_SETTINGS)
@names_argument(required=False)
@range_option(GALLERY_RANGE, "The x range of every panel.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=True),
    help="Write to FILE (.png .svg .pdf)  [default: gallery.png; {name}.png with --each]",
)
@click.option(
    "--each",
    is_flag=True,
    help="Each panel as a file of its own: -o names them with {name} or {label}; "
    "a missing directory is created if its parent exists.",
)
@click.option("--cols", type=click.IntRange(1, 50), help="Panels per row.")
@size_option(None, f"Figure size in inches (default: {_PANEL} per panel; with --each, per file).")
@click.option(
    "--points",
    type=click.IntRange(2, 100_001),
    default=GALLERY_POINTS,
    show_default=True,
    help="Sample points per panel.",
)
@dpi_option(GALLERY_DPI)
@look_options
def gallery(
    names: tuple[str, ...],
    x_range: tuple[float, float],
    output: str | None,
    each: bool,
    cols: int | None,
    size: tuple[float, float] | None,
    points: int,
    dpi: int,
    style: str | None,
    lang: str,
) -> None:
    """Draw every activation (or each NAME) in one grid of panels.

    Each panel shows f solid and f' dashed over the same x range, titled with
    the function's name; the default size fits the whole catalogue on one
    16:9 slide.

    \b
    Example:
        actplot gallery
        actplot gallery -o all.pdf --cols 6
        actplot gallery sigmoid tanh relu gelu -r -4 4 -o four.png
        actplot gallery --each -o 'images/{name}.svg'
    """
    acts = resolve(names or catalogue.names(), ())
    if each:
        if cols is not None:
            raise fail("--cols arranges the panels of one gallery; it does not apply to --each", 2)
        paths, _ = each_outputs(output or "{name}.png", acts, allowed=("png", "svg", "pdf"))
        x = make_grid(*x_range, points, None)
        from actplot.batch import panels_each

        with bad_input():
            written = panels_each(acts, x, paths, size=size, dpi=dpi, style=style, lang=lang)
        report_each(written, len(paths))
        return
    out, _ = check_output(output or "gallery.png", allowed=("png", "svg", "pdf"))
    x = make_grid(*x_range, points, None)
    from actplot.render.gallery import gallery_figure
    from actplot.render.save import save

    with bad_input():
        fig = gallery_figure(acts, x, cols=cols, size=size, dpi=dpi, style=style, lang=lang)
    save(fig, out, dpi=dpi)
    click.echo(out)
