"""The ``actplot`` command line: parse, validate, call the library, report.

``actplot NAME...`` plots (through the hidden ``plot`` command); other verbs
are subcommands. Nothing here computes: the catalogue evaluates, ``plotting``
draws, ``output`` writes. matplotlib is imported only once a figure is made,
so ``--help``, ``--version`` and ``list`` stay fast.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

import actplot
import actplot.catalogue as catalogue

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# ---------------------------------------------------------------- errors


def _fail(message: str, exit_code: int = 1) -> click.ClickException:
    """A one-line error; exit code 2 for bad input, 1 for a failed run."""
    error = click.UsageError(message) if exit_code == 2 else click.ClickException(message)
    return error


class ActplotGroup(click.Group):
    """A group whose first word, when not a subcommand, names functions to plot.

    Every error is shown as one line on stderr ("Error: ..."), never a
    traceback or a usage block.
    """

    default_command = "plot"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if (
            args
            and args[0] not in self.commands
            and args[0]
            not in (
                *ctx.help_option_names,
                "--version",
            )
        ):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as error:  # plain `actplot`
            click.echo(error.ctx.get_help())
            sys.exit(0)
        except click.ClickException as error:
            hint = ""
            if type(error) in _CLICK_PARSE_ERRORS:
                ctx = getattr(error, "ctx", None)
                path = ctx.command_path if ctx is not None else "actplot"
                hint = f" (see '{path.replace(' plot', '')} --help')"
            click.echo(f"Error: {error.format_message()}{hint}", err=True)
            sys.exit(error.exit_code)
        except click.exceptions.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except _font_not_found_error() as error:  # --lang zh without a CJK font
            click.echo(f"Error: {error}", err=True)
            sys.exit(1)
        except OSError as error:  # disk full, permission denied while writing...
            click.echo(
                f"Error: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
                err=True,
            )
            sys.exit(1)
        except Exception as error:  # a bug: still one line (ACTPLOT_DEBUG=1 shows the traceback)
            if os.environ.get("ACTPLOT_DEBUG"):
                raise
            click.echo(f"Error: internal error ({type(error).__name__}: {error})", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("actplot", "[OPTIONS] NAME...\n       actplot COMMAND [ARGS]...")

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        plot_command = self.commands[self.default_command]
        plot_command.format_help_text(self._plot_context(), formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The plot command's options are the ones people need first.
        plot_command = self.commands[self.default_command]
        plot_command.format_options(self._plot_context(), formatter)
        self.format_commands(ctx, formatter)

    def _plot_context(self) -> click.Context:
        plot_command = self.commands[self.default_command]
        return click.Context(plot_command, info_name="actplot", **CONTEXT_SETTINGS)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[Any]:
        return [
            *super().shell_complete(ctx, incomplete),
            *_complete_names(ctx, None, incomplete),
        ]


def _font_not_found_error() -> type[Exception]:
    from actplot.render.fonts import FontNotFoundError  # no matplotlib import

    return FontNotFoundError


_CLICK_PARSE_ERRORS = (
    click.exceptions.NoSuchOption,
    click.exceptions.BadOptionUsage,
    click.exceptions.MissingParameter,
    click.exceptions.BadArgumentUsage,
)


# ---------------------------------------------------------------- shared parsing


def _complete_names(ctx: Any, param: Any, incomplete: str) -> list[Any]:
    from click.shell_completion import CompletionItem

    key = catalogue.normalize(incomplete)
    return [
        CompletionItem(name)
        for name in catalogue.names(aliases=True)
        if catalogue.normalize(name).startswith(key)
    ]


def parse_param_option(values: Sequence[str]) -> dict[str, list[float]]:
    """``("alpha=0.1,0.2", "beta=2")`` -> ``{"alpha": [0.1, 0.2], "beta": [2.0]}``."""
    parsed: dict[str, list[float]] = {}
    for text in values:
        name, sep, rest = text.partition("=")
        name = name.strip()
        if not sep or not name or not rest.strip():
            raise _fail(f"-p/--param expects NAME=VALUE[,VALUE...], got {text!r}", 2)
        numbers = []
        for item in rest.split(","):
            try:
                number = float(item)
            except ValueError:
                raise _fail(f"-p {name}: {item.strip()!r} is not a number", 2) from None
            if not math.isfinite(number):
                raise _fail(f"-p {name}: value must be finite, got {item.strip()}", 2)
            numbers.append(number)
        if name in parsed:
            raise _fail(f"-p {name} is given twice; list its values as {name}=A,B,C", 2)
        parsed[name] = numbers
    return parsed


def resolve(
    names: Sequence[str],
    params: dict[str, list[float]],
    display_names: Sequence[str] = (),
) -> list[actplot.Activation]:
    """The activations to draw: each name, once per combination of its swept parameters.

    A NAME may be a formula in x (``actplot.get`` reads both); ``display_names``
    name the formulas in order. A parameter applies to every chosen function
    that has it; one that no chosen function has is an error listing the
    valid ones.
    """
    bases = []
    for name in names:
        try:
            bases.append(actplot.get(name))
        except LookupError as error:
            raise _fail(str(error), 2) from None
        except ValueError as error:
            raise _fail(str(error), 2) from None
    formulas = [i for i, act in enumerate(bases) if _is_formula(act)]
    if len(display_names) > len(formulas):
        raise _fail(
            f"--name names a formula, and there {'is' if len(formulas) == 1 else 'are'} "
            f"{len(formulas)} formula{'' if len(formulas) == 1 else 's'} for "
            f"{len(display_names)} --name",
            2,
        )
    for i, display in zip(formulas, display_names, strict=False):
        from actplot.formula import named  # loaded already: bases[i] is a formula

        bases[i] = named(bases[i], display)
    known = {p.name for act in bases for p in act.params}
    for name in params:
        if name not in known:
            if not known:
                chosen = " and ".join(a.name for a in bases)
                verb = "takes" if len(bases) == 1 else "take"
                raise _fail(f"-p {name}: {chosen} {verb} no parameters", 2)
            raise _fail(
                f"-p {name}: no chosen function has this parameter "
                f"(valid: {', '.join(sorted(known))})",
                2,
            )
    acts = []
    for base in bases:
        own = [p.name for p in base.params if p.name in params]
        for combo in itertools.product(*(params[n] for n in own)):
            try:
                act = base.with_params(**dict(zip(own, combo, strict=True)))
            except ValueError as error:
                raise _fail(str(error), 2) from None
            unset = [p.name for p in act.params if not math.isfinite(act.values[p.name])]
            if unset:
                raise _fail(
                    f"{act.name}: parameter {unset[0]} has no value; "
                    f"set it with -p {unset[0]}=VALUE",
                    2,
                )
            acts.append(act)
    return acts


def _is_formula(act: actplot.Activation) -> bool:
    """Whether ``act`` came from a formula (without importing the parser if none did)."""
    formula = sys.modules.get("actplot.formula")
    return formula is not None and formula.is_formula_activation(act)


def make_grid(lo: float, hi: float, points: int | None, step: float | None) -> Any:
    from actplot.analysis.sampling import grid

    try:
        return grid(lo, hi, points=points, step=step)
    except ValueError as error:
        raise _fail(str(error), 2) from None


def check_output(path: str, allowed: Sequence[str] | None = None) -> tuple[Path, str]:
    """Validate ``-o`` before any work: its format (exit 2) and its directory (exit 1)."""
    from actplot.output import (
        OutputPathError,
        UnsupportedFormatError,
        check_output_path,
    )

    try:
        out, fmt = check_output_path(path, allowed)
    except UnsupportedFormatError as error:
        raise _fail(str(error), 2) from None
    except OutputPathError as error:
        raise _fail(str(error), 1) from None
    return out, fmt


def _range_callback(ctx: Any, param: Any, value: tuple[float, float] | None) -> Any:
    if value is not None:
        lo, hi = value
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise click.BadParameter(f"must be finite numbers, got {lo:g} {hi:g}")
        if not lo < hi:
            raise click.BadParameter(f"needs LO < HI, got {lo:g} {hi:g}")
        from actplot.analysis.sampling import AXIS_LIMIT

        if max(abs(lo), abs(hi)) > AXIS_LIMIT:
            raise click.BadParameter(f"must lie within ±{AXIS_LIMIT:g}, got {lo:g} {hi:g}")
    return value


def _mathtext_callback(ctx: Any, param: Any, value: Any) -> Any:
    """Refuse text whose $...$ parts matplotlib cannot typeset, before any work."""
    texts = value if isinstance(value, tuple) else (value,)
    for text in texts:
        if text and text.count("$") >= 2:
            from matplotlib.mathtext import MathTextParser

            try:
                MathTextParser("path").parse(text)
            except ValueError as error:
                first = str(error).strip().splitlines()[-1]
                raise click.BadParameter(f"cannot typeset {text!r}: {first}") from None
    return value


@contextlib.contextmanager
def _library_errors_are_bad_input() -> Any:
    """A ValueError from the library while drawing is bad input: exit 2, one line."""
    try:
        yield
    except ValueError as error:
        raise _fail(str(error), 2) from None


def _positive_pair(ctx: Any, param: Any, value: tuple[float, float] | None) -> Any:
    if value is not None:
        w, h = value
        if not (0 < w <= 100 and 0 < h <= 100):
            raise click.BadParameter(
                f"width and height must be in (0, 100] inches, got {w:g} {h:g}"
            )
    return value


def _positive_eps(ctx: Any, param: Any, value: float | None) -> float | None:
    if value is None:
        return None
    from actplot.analysis.saturation import check_eps

    try:
        return check_eps(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


range_option = click.option(
    "-r",
    "--range",
    "x_range",
    type=float,
    nargs=2,
    default=(-10.0, 10.0),
    show_default=True,
    metavar="LO HI",
    help="The x range.",
)
param_option = click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=V[,V...]",
    help="Set a parameter (repeatable); several values draw one curve pair each.",
)


def size_option(default: tuple[float, float] | None, help: str) -> Any:
    """``--size W H`` in inches, each in (0, 100]."""
    return click.option(
        "--size",
        type=float,
        nargs=2,
        default=default,
        show_default=default is not None,
        metavar="W H",
        callback=_positive_pair,
        help=help,
    )


def dpi_option(default: int = 200) -> Any:
    """``--dpi``: the resolution of PNG output."""
    return click.option(
        "--dpi",
        type=click.IntRange(20, 1200),
        default=default,
        show_default=True,
        help="Resolution of PNG output.",
    )


def _style_callback(ctx: Any, param: Any, value: str | None) -> str | None:
    if value is not None:
        from actplot.render.looks import UnknownStyleError, resolve_style

        try:
            resolve_style(value)
        except UnknownStyleError as error:
            raise click.BadParameter(str(error)) from None
    return value


def style_option(command: Any) -> Any:
    """Add ``--style`` to a figure command (passed as ``style``)."""
    return click.option(
        "--style",
        metavar="NAME|PATH",
        callback=_style_callback,
        help="Look: seed (the note's MATLAB look), slides, paper, dark, any matplotlib "
        "style name (ggplot...) or a .mplstyle file.",
    )(command)


def look_options(command: Any) -> Any:
    """Add ``--style`` and ``--lang`` to a figure command (passed as ``style``, ``lang``).

    Build the figure under ``actplot.render.looks.Look(style, lang)`` (as
    ``plotting.figure(..., style=, lang=)`` does) and save it with
    ``plotting.save``; a missing Chinese font is reported by the group.
    """
    return style_option(lang_option(command))


def lang_option(command: Any) -> Any:
    """Add ``--lang`` (en or zh) to a command (passed as ``lang``)."""
    return click.option(
        "--lang",
        type=click.Choice(["en", "zh"]),
        default="en",
        show_default=True,
        help="Language of titles, legends, axis labels and headings (zh: the lecture "
        "note's Chinese).",
    )(command)


# ---------------------------------------------------------------- commands


@click.group(cls=ActplotGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(actplot.__version__, "--version", prog_name="actplot")
def main() -> None:
    """Plot activation functions (solid) with their derivatives (dashed)."""


@main.command(
    "plot",
    hidden=True,
    context_settings=CONTEXT_SETTINGS,
    epilog="Run 'actplot list' for every function name.",
)
@click.argument("names", nargs=-1, required=True, metavar="NAME...", shell_complete=_complete_names)
@range_option
@click.option("--points", type=int, help="Number of sample points (both ends included).")
@click.option("--step", type=float, help="Sample spacing  [default: 0.001, at most 100001 points]")
@param_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=True),
    help="Write to FILE (.png .svg .pdf .csv) instead of opening a window.",
)
@click.option("--title", callback=_mathtext_callback, help="Figure title.")
@click.option(
    "--name",
    "display_names",
    multiple=True,
    metavar="TEXT",
    callback=_mathtext_callback,
    help="Display name of a formula NAME (repeatable: the first --name names "
    "the first formula, and so on).",
)
@click.option(
    "--ylim",
    type=float,
    nargs=2,
    metavar="LO HI",
    callback=_range_callback,
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
    flag_value=0.05,
    metavar="[EPS]",
    callback=_positive_eps,
    help="Shade where f saturates: hard where f' = 0, soft where 0 < |f'| < EPS "
    "(default 0.05). Give it after the names or with a value.",
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
    + - * / **, exp expm1 log log1p sqrt abs sin cos tan sinh cosh tanh
    arcsin arccos arctan erf erfc min max, and every catalogue function.
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
    acts = resolve(names, parse_param_option(params), display_names)
    default_name = f"{_file_stem(acts[0])}.png"
    out, fmt = choose_output(output, default_name)
    x = make_grid(*x_range, points, step)
    _note_undefined(acts, x)
    derivative = not no_derivative
    if saturation is not None:
        _check_saturation(acts, fmt)

    if fmt == "csv":
        from actplot.output import write_csv

        write_csv(out, table_columns(acts, x, derivative=derivative))
        click.echo(out)
        return

    if x.size > 1_000_000:
        click.echo(f"Rendering {x.size:,} points per curve...", err=True)
    figure_kw = dict(
        title=title,
        derivative=derivative,
        ylim=ylim,
        size=size,
        dpi=dpi,
        formula=formula,
        style=style,
        lang=lang,
        saturation=saturation,
    )
    if out is None:
        from actplot.render.window import show

        with _library_errors_are_bad_input():
            if show(acts, x, **figure_kw):
                return
        out, _ = _no_window_after_all(default_name)
    import actplot.render.figure as plotting

    with _library_errors_are_bad_input():
        fig = plotting.figure(acts, x, **figure_kw)
    plotting.save(fig, out, dpi=dpi, transparent=transparent)
    click.echo(out)


def table_columns(
    acts: Sequence[actplot.Activation], x: Any, *, derivative: bool = True
) -> list[tuple[str, Any]]:
    """CSV columns: x, then per function its values and (optionally) derivative."""
    columns: list[tuple[str, Any]] = [("x", x)]
    for act, name in zip(acts, series_names(acts), strict=True):
        columns.append((name, act(x)))
        if derivative:
            columns.append((f"d_{name}", act.derivative(x)))
    return columns


def _file_stem(act: actplot.Activation) -> str:
    """A file name for ``act``: its name, or ``formula`` for an unnamed formula."""
    import re

    if _is_formula(act) and act.label.startswith("$"):
        return "formula"
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", act.name).strip("_.") or "formula"


def _note_undefined(acts: Sequence[actplot.Activation], x: Any) -> None:
    """Say once on stderr where a formula is undefined (its curve has a gap)."""
    for act, name in zip(acts, series_names(acts), strict=True):
        if _is_formula(act):
            from actplot.formula import undefined_where

            where = undefined_where(act, x)
            if where:
                click.echo(f"note: {name} is undefined for {where} (a gap)", err=True)


# ---------------------------------------------------------------- list, info, gallery


def _echo_json(data: Any) -> None:
    import json

    click.echo(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False))


@main.command("list", context_settings=CONTEXT_SETTINGS)
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
        raise _fail("give --json or --markdown, not both", 2)
    if as_json:
        _echo_json(describe.list_records())
    elif markdown:
        click.echo(describe.list_markdown())
    else:
        click.echo(describe.list_text(lang))


@main.command("info", context_settings=CONTEXT_SETTINGS)
@click.argument("name", shell_complete=_complete_names)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
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
    parsed = parse_param_option(params)
    for key, values in parsed.items():
        if len(values) > 1:
            raise _fail(f"-p {key}: info takes one value per parameter", 2)
    (act,) = resolve([name], parsed)
    import actplot.analysis.properties as properties
    import actplot.text.describe as describe

    measured = properties.compute(act)
    if as_json:
        _echo_json(describe.info_record(act, measured))
    else:
        click.echo(describe.info_text(act, measured, lang))


@main.command("gallery", context_settings=CONTEXT_SETTINGS)
@click.argument("names", nargs=-1, metavar="[NAME]...", shell_complete=_complete_names)
@click.option(
    "-r",
    "--range",
    "x_range",
    type=float,
    nargs=2,
    default=(-5.0, 5.0),
    show_default=True,
    metavar="LO HI",
    help="The x range of every panel.",
)
@click.option(
    "-o",
    "--output",
    default="gallery.png",
    show_default=True,
    type=click.Path(dir_okay=True),
    help="Write to FILE (.png .svg .pdf).",
)
@click.option("--cols", type=click.IntRange(1, 50), help="Panels per row.")
@size_option(None, "Figure size in inches (default: 1.8 x 1.5 per panel).")
@click.option(
    "--points",
    type=click.IntRange(2, 100_001),
    default=2001,
    show_default=True,
    help="Sample points per panel.",
)
@dpi_option(150)
@look_options
def gallery(
    names: tuple[str, ...],
    x_range: tuple[float, float],
    output: str,
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
    """
    acts = resolve(names or catalogue.names(), {})
    out, _ = check_output(output, allowed=("png", "svg", "pdf"))
    x = make_grid(*x_range, points, None)
    import actplot.render.figure as plotting

    with _library_errors_are_bad_input():
        fig = plotting.gallery_figure(
            acts, x, cols=cols, size=size, dpi=dpi, style=style, lang=lang
        )
    plotting.save(fig, out, dpi=dpi)
    click.echo(out)


# ---------------------------------------------------------------- saturation, vanish
# ``--saturation`` on the plot command and the ``vanish`` command (issue #4).


def choose_output(output: str | None, default_name: str) -> tuple[Path | None, str]:
    """The output of a figure command: ``-o``, else a window, else ``default_name``.

    Returns ``(None, "window")`` when a window can open.
    """
    if output is not None:
        return check_output(output)
    from actplot.render.window import display_available

    if display_available():
        return None, "window"
    return check_output(default_name)


def _no_window_after_all(default_name: str) -> tuple[Path, str]:
    """A display is set but matplotlib has no GUI toolkit: save ``default_name``, say so."""
    click.echo(
        "note: no interactive matplotlib backend (is tkinter installed?); saving a file",
        err=True,
    )
    return check_output(default_name)


def series_names(acts: Sequence[actplot.Activation]) -> list[str]:
    """Unique names for columns and series: ``elu[alpha=0.5]``, ``sigmoid#2``."""
    names = []
    seen: dict[str, int] = {}
    for act in acts:
        name = act.name
        if act.params and (len(acts) > 1 or not act.is_default):
            name += "[" + ";".join(f"{k}={v:g}" for k, v in act.values.items()) + "]"
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name += f"#{seen[name]}"
        names.append(name)
    return names


def _check_saturation(acts: Sequence[actplot.Activation], fmt: str) -> None:
    """--saturation shades a figure of at most a few functions (exit 2 otherwise)."""
    if fmt == "csv":
        raise _fail("--saturation shades a figure; it does not apply to .csv output", 2)
    from actplot.analysis.saturation import check_shadable

    try:
        check_shadable(len(acts))  # before any work, not half-way through the figure
    except ValueError as error:
        raise _fail(f"--saturation: {error}", 2) from None


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


@main.command("vanish", context_settings=CONTEXT_SETTINGS)
@click.argument("names", nargs=-1, required=True, metavar="NAME...", shell_complete=_complete_names)
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
    type=click.Choice(["standard", "xavier", "he"]),
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
    default=0.05,
    show_default=True,
    callback=_positive_eps,
    help="A unit saturates on an input where |f'| < EPS.",
)
@param_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=True),
    help="Write to FILE (.png .svg .pdf, or .csv for the numbers) instead of a window.",
)
@click.option("--title", callback=_mathtext_callback, help="Figure title.")
@size_option((12.0, 5.4), "Figure size in inches.")
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
    from actplot.network.vanish import simulate

    acts = resolve(names, parse_param_option(params))
    out, fmt = choose_output(output, "vanish.png")
    try:
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
    except ValueError as error:
        raise _fail(str(error), 2) from None
    from actplot.network.vanish import format_table

    click.echo(format_table(result))
    if fmt == "csv":
        result.write_csv(out)
        click.echo(out)
        return
    import actplot.render.figure as plotting

    if out is None:
        from actplot.render.window import show_vanish

        if show_vanish(result, title=title, size=size, style=style):
            return
        out, _ = _no_window_after_all("vanish.png")
    from actplot.render.vanish import vanish_figure

    fig = vanish_figure(result, title=title, size=size, dpi=dpi, style=style)
    plotting.save(fig, out, dpi=dpi)
    click.echo(out)
