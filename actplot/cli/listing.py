"""``actplot list`` and ``actplot info``: the catalogue, and one function's measured facts."""

from __future__ import annotations

import json
from typing import Any

import click

from actplot.cli.errors import bad_input, fail
from actplot.cli.options import CONTEXT_SETTINGS, complete_names, complete_params, lang_option

__all__ = ["info", "list_command"]


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False))


@click.command("list", context_settings=CONTEXT_SETTINGS)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--markdown", is_flag=True, help="Print a Markdown table (as in the README).")
@lang_option
def list_command(as_json: bool, markdown: bool, lang: str) -> None:
    """List every activation: name, aliases, parameters (defaults) and formula.

    \b
    Example:
        actplot list
        actplot list --json
        actplot list --markdown
    """
    import actplot.text.describe as describe

    if as_json and markdown:
        raise fail("give --json or --markdown, not both", 2)
    if as_json:
        _echo_json(describe.list_records())
    elif markdown:
        click.echo(describe.list_markdown())
    else:
        click.echo(describe.list_text(lang))


@click.command("info", context_settings=CONTEXT_SETTINGS)
@click.argument("name", shell_complete=complete_names)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    shell_complete=complete_params,
    help="Set a parameter (repeatable).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@lang_option
def info(name: str, params: tuple[str, ...], as_json: bool, lang: str) -> None:
    """Show NAME's formulas, parameters, kinks and measured properties.

    The properties (output range, monotonicity, continuity, saturation,
    f(0), f'(0), max |f'|, and mean, variance and E|f'| for a standard normal
    input) are measured numerically at the given parameter values.

    \b
    Example:
        actplot info elu
        actplot info elu -p alpha=0.5
        actplot info LeakyReLU --json
    """
    from actplot.sweep import expand, parse_params

    with bad_input():
        parsed = parse_params(params)
        for key, values in parsed.items():
            if len(values) > 1:
                raise ValueError(f"-p {key}: info takes one value per parameter")
        (act,) = expand([name], parsed)
    import actplot.analysis.properties as properties
    import actplot.text.describe as describe

    measured = properties.compute(act)
    if as_json:
        _echo_json(describe.info_record(act, measured))
    else:
        click.echo(describe.info_text(act, measured, lang))
