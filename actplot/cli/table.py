"""``actplot table``: the comparison table of every activation (or each NAME), measured."""

from __future__ import annotations

import click

import actplot.catalogue as catalogue
from actplot.cli.errors import bad_input
from actplot.cli.options import (
    CONTEXT_SETTINGS,
    check_output,
    dpi_option,
    look_options,
    make_grid,
    mathtext_callback,
    names_argument,
    param_option,
    range_option,
)
from actplot.output import TABLE_FORMATS
from actplot.render.defaults import GALLERY_RANGE, TABLE_DPI

__all__ = ["table"]

_THUMBNAIL_POINTS = 401


@click.command("table", context_settings=CONTEXT_SETTINGS)
@names_argument(required=False)
@param_option
@click.option(
    "-o",
    "--output",
    default="table.png",
    show_default=True,
    type=click.Path(dir_okay=True),
    help="Write to FILE: .png .svg .pdf (with thumbnails), .md, .tex (booktabs), "
    ".html (one offline page with thumbnails) or .csv.",
)
@range_option(GALLERY_RANGE, "The x range of the thumbnails.")
@click.option("--title", callback=mathtext_callback, help="Title of the image or page.")
@dpi_option(TABLE_DPI)
@look_options
def table(
    names: tuple[str, ...],
    params: tuple[str, ...],
    output: str,
    x_range: tuple[float, float],
    title: str | None,
    dpi: int,
    style: str | None,
    lang: str,
) -> None:
    """Compare activations in one table, every cell measured.

    One row per function (all, or each NAME, once per -p value): f(x),
    f'(x), range, order of continuity, monotonic, monotonic derivative,
    identity near the origin, left and right saturation, and the mean output
    for a standard normal input, as 'actplot info' measures them at the
    row's parameter values (shown in its name). Images, PDF and HTML add a
    thumbnail (f solid, f' dashed). At most 100 rows.

    \b
    Example:
        actplot table -o table.png
        actplot table sigmoid tanh relu gelu -o t.pdf
        actplot table --lang zh -o t.md
        actplot table -o t.tex
        actplot table -o t.html
        actplot table elu -p alpha=0.5,1,2 -o elu.md
    """
    from actplot.sweep import expand, parse_params
    from actplot.text.table import check_rows

    out, fmt = check_output(output, TABLE_FORMATS)
    with bad_input():
        acts = expand(list(names) or catalogue.names(), parse_params(params))
        check_rows(len(acts))
    x = make_grid(*x_range, _THUMBNAIL_POINTS, None)
    import actplot.text.table as text_table

    rows = text_table.measure(acts)
    if fmt == "md":
        text_table.write_text(out, text_table.markdown(rows, lang) + "\n")
    elif fmt == "tex":
        text_table.write_text(out, text_table.latex(rows, lang))
    elif fmt == "csv":
        text_table.write_csv(out, rows)
    elif fmt == "html":
        from actplot.render.table import thumbnail_uris

        with bad_input():
            uris = thumbnail_uris(rows, x, style=style, lang=lang)
        page_title = title or "Activation functions compared"
        text_table.write_text(out, text_table.html_page(rows, lang, uris, page_title))
    else:
        from actplot.render.save import save
        from actplot.render.table import table_figure

        with bad_input():
            fig = table_figure(rows, x, dpi=dpi, title=title, style=style, lang=lang)
        save(fig, out, dpi=dpi)
    click.echo(out)
