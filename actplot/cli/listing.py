"""``actplot list`` and ``actplot info``: the catalogue, and one function's measured facts."""

from __future__ import annotations

import json
from typing import Any

import click

from actplot.cli.errors import bad_input, fail
from actplot.cli.options import (
    CONTEXT_SETTINGS,
    complete_names,
    complete_params,
    convention_option,
    dtype_option,
    lang_option,
)

__all__ = ["info", "list_command"]


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False))


@click.command("list", context_settings=CONTEXT_SETTINGS)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--markdown", is_flag=True, help="Print a Markdown table (as in the README).")
@convention_option(
    "Show what each name means in this framework: its spelling, the function it "
    "computes, its default parameters and its autograd's f' at kinks."
)
@lang_option
def list_command(as_json: bool, markdown: bool, convention: str | None, lang: str) -> None:
    """List every activation: name, aliases, parameters (defaults) and formula.

    The JSON has each function's slope range [min f', max f'] and Lipschitz
    constant at its defaults.

    \b
    Example:
        actplot list
        actplot list --json
        actplot list --markdown
        actplot list --convention jax
    """
    import actplot.text.describe as describe

    if as_json and markdown:
        raise fail("give --json or --markdown, not both", 2)
    if convention is not None and markdown:
        raise fail("--convention lists a table or JSON, not --markdown", 2)
    if convention is not None:
        from actplot.text.conventions import convention_records, convention_text

        if as_json:
            records = describe.list_records()
            meaning = convention_records(convention)
            for record in records:
                record["convention"] = meaning[record["name"]]
            _echo_json(records)
        else:
            click.echo(convention_text(convention))
    elif as_json:
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
@dtype_option(
    "Add, for this format, where f' becomes exactly 0 on each side (correctly "
    "rounded, and as frameworks compute it), where f or f' overflows, and the "
    "largest relative errors on [-10, 10]."
)
@convention_option("NAME as this framework means it (see 'actplot list --convention').")
@lang_option
def info(
    name: str,
    params: tuple[str, ...],
    as_json: bool,
    dtype: str | None,
    convention: str | None,
    lang: str,
) -> None:
    """Show NAME's formulas, parameters, kinks and measured properties.

    The properties (output range, monotonicity, continuity, saturation,
    f(0), f'(0), the slope range [min f', max f'] and Lipschitz constant, and
    mean, variance and E|f'| for a standard normal input) are measured
    numerically at the given parameter values.

    \b
    Example:
        actplot info elu
        actplot info elu -p alpha=0.5
        actplot info LeakyReLU --json
        actplot info sigmoid --dtype bfloat16
        actplot info leaky_relu --convention keras
    """
    from actplot.sweep import expand, parse_params

    with bad_input():
        parsed = parse_params(params)
        for key, values in parsed.items():
            if len(values) > 1:
                raise ValueError(f"-p {key}: info takes one value per parameter")
        (act,) = expand([name], parsed, (), convention)
    import actplot.analysis.properties as properties
    import actplot.text.describe as describe

    measured = properties.compute(act)
    report = None
    if dtype is not None:
        from actplot.analysis.precision import analyse

        report = analyse(act, dtype)
    if as_json:
        record = describe.info_record(act, measured)
        if convention is not None:
            from actplot.text.conventions import convention_record

            record["convention"] = convention_record(act)
        if report is not None:
            from actplot.text.precision import precision_record

            record["precision"] = precision_record(report)
        _echo_json(record)
        return
    click.echo(describe.info_text(act, measured, lang))
    if convention is not None:
        from actplot.text.conventions import convention_line

        click.echo(convention_line(act))
    if report is not None:
        from actplot.text.precision import precision_text

        click.echo("")
        click.echo(precision_text(report))
