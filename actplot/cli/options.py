"""Options and arguments shared by the commands, and the checks behind them.

Each option is declared once here as a decorator (the pip-tools way) and
validated once, by the library function that owns the rule; a callback only
turns that function's ValueError into Click's bad-parameter error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

import actplot
import actplot.catalogue as catalogue
from actplot.cli.errors import bad_input, fail
from actplot.render import defaults

__all__ = [
    "CONTEXT_SETTINGS",
    "check_output",
    "choose_output",
    "complete_names",
    "complete_params",
    "complete_styles",
    "convention_option",
    "dpi_option",
    "dtype_option",
    "each_outputs",
    "eps_callback",
    "lang_option",
    "list_callback",
    "look_options",
    "make_grid",
    "mathtext_callback",
    "names_argument",
    "no_window_after_all",
    "param_option",
    "range_callback",
    "range_option",
    "report_each",
    "resolve",
    "ylim_callback",
    "size_option",
    "style_option",
]

CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

F = TypeVar("F", bound=Callable[..., Any])


# ---------------------------------------------------------------- names and parameters


def complete_names(ctx: Any, param: Any, incomplete: str) -> list[Any]:
    """Shell completion of catalogue names and aliases."""
    from click.shell_completion import CompletionItem

    key = catalogue.normalize(incomplete)
    return [
        CompletionItem(name)
        for name in catalogue.names(aliases=True)
        if catalogue.normalize(name).startswith(key)
    ]


def names_argument(*, required: bool = True) -> Callable[[F], F]:
    """``NAME...``: catalogue names or formulas, completed by the shell."""
    return click.argument(
        "names",
        nargs=-1,
        required=required,
        metavar="NAME..." if required else "[NAME]...",
        shell_complete=complete_names,
    )


def resolve(
    names: Sequence[str],
    params: Sequence[str],
    display_names: Sequence[str] = (),
    convention: str | None = None,
) -> list[actplot.Activation]:
    """The activations to draw (see :func:`actplot.sweep.expand`); bad input exits 2."""
    from actplot.sweep import expand, parse_params

    with bad_input():
        return expand(names, parse_params(params), display_names, convention)


def _convention_callback(ctx: Any, param: Any, value: str | None) -> str | None:
    if value is not None:
        from actplot.catalogue.conventions import check_convention

        try:
            return check_convention(value.lower())
        except ValueError as error:
            raise click.BadParameter(str(error)) from None
    return value


def convention_option(help: str) -> Any:
    """``--convention actplot|torch|jax|keras|tensorflow`` (passed as ``convention``)."""
    from actplot.catalogue.conventions import CONVENTIONS

    return click.option(
        "--convention",
        metavar="|".join(CONVENTIONS),
        callback=_convention_callback,
        help=help,
    )


def _dtype_callback(ctx: Any, param: Any, value: str | None) -> str | None:
    if value is not None:
        from actplot.analysis.precision import format_of

        try:
            return format_of(value.lower()).name
        except ValueError as error:
            raise click.BadParameter(str(error)) from None
    return value


def dtype_option(help: str) -> Any:
    """``--dtype float64|float32|float16|bfloat16`` (passed as ``dtype``)."""
    return click.option(
        "--dtype",
        metavar="float64|float32|float16|bfloat16",
        callback=_dtype_callback,
        help=help,
    )


def complete_params(ctx: Any, param: Any, incomplete: str) -> list[Any]:
    """Shell completion of ``-p NAME=``: the parameters of the functions named so far.

    With no function named yet, every parameter of the catalogue.
    """
    from click.shell_completion import CompletionItem

    if "=" in incomplete:  # a value is being typed: nothing to offer
        return []
    # While completing, click may leave the names unparsed in ctx.args.
    given = [*(ctx.params.get("names") or ()), ctx.params.get("name") or "", *ctx.args]
    names = [n for n in given if catalogue.lookup(n) is not None]
    acts = [catalogue.get(n) for n in names] or list(catalogue.CATALOGUE)
    found: dict[str, str] = {}
    for act in acts:
        for p in act.params:
            found.setdefault(p.name, f"{p.symbol}, default {p.default:g}, {p.describe_range()}")
    return [
        CompletionItem(f"{name}=", help=text)
        for name, text in found.items()
        if name.startswith(incomplete)
    ]


param_option = click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=V[,V...]",
    shell_complete=complete_params,
    help="Set a parameter (repeatable); several values draw one curve pair each. "
    "A value START:STOP:COUNT is COUNT values from START to STOP, both included.",
)


# ---------------------------------------------------------------- lists


def list_callback(convert: Callable[[Any], Any]) -> Callable[[Any, Any, Any], Any]:
    """A callback turning ``A,B,C`` into a tuple, each item through ``convert``.

    ``convert`` is the library's check (a ValueError becomes Click's one-line
    bad-parameter error); an item listed twice is refused.
    """

    def callback(ctx: Any, param: Any, value: Any) -> Any:
        if value is None:
            return None
        text = value if isinstance(value, str) else ",".join(value)
        items = [item.strip() for item in text.split(",")]
        if any(not item for item in items):
            raise click.BadParameter(f"an empty item in {text!r}")
        try:
            values = tuple(convert(item) for item in items)
        except ValueError as error:
            raise click.BadParameter(str(error)) from None
        if len(set(values)) != len(values):
            raise click.BadParameter(f"a value is listed twice in {text!r}")
        return values

    return callback


# ---------------------------------------------------------------- ranges and grids


def range_callback(ctx: Any, param: Any, value: tuple[float, float] | None) -> Any:
    """An x range: checked by :func:`actplot.analysis.sampling.check_range`."""
    if value is not None:
        from actplot.analysis.sampling import check_range

        try:
            return check_range(*value)
        except ValueError as error:
            raise click.BadParameter(str(error)) from None
    return value


def ylim_callback(ctx: Any, param: Any, value: tuple[float, float] | None) -> Any:
    """Y limits: the same check, within the ±AXIS_LIMIT a figure can show."""
    if value is not None:
        from actplot.analysis.sampling import AXIS_LIMIT, check_range

        try:
            return check_range(*value, limit=AXIS_LIMIT)
        except ValueError as error:
            raise click.BadParameter(str(error)) from None
    return value


def range_option(default: tuple[float, float] = (-10.0, 10.0), help: str = "The x range.") -> Any:
    """``-r/--range LO HI``."""
    return click.option(
        "-r",
        "--range",
        "x_range",
        type=float,
        nargs=2,
        default=default,
        show_default=True,
        metavar="LO HI",
        callback=range_callback,
        help=help,
    )


def make_grid(lo: float, hi: float, points: int | None, step: float | None) -> Any:
    """The sample grid (see :func:`actplot.analysis.sampling.grid`); bad input exits 2."""
    from actplot.analysis.sampling import grid

    with bad_input():
        return grid(lo, hi, points=points, step=step)


# ---------------------------------------------------------------- output


def check_output(path: str, allowed: Sequence[str] | None = None) -> tuple[Path, str]:
    """Validate ``-o`` before any work: its format (exit 2) and its directory (exit 1)."""
    from actplot.output import OutputPathError, UnsupportedFormatError, check_output_path

    try:
        return check_output_path(path, allowed)
    except UnsupportedFormatError as error:
        raise fail(str(error), 2) from None
    except OutputPathError as error:
        raise fail(str(error), 1) from None


def choose_output(
    output: str | None, default_name: str, allowed: Sequence[str] | None = None
) -> tuple[Path | None, str]:
    """A figure command's output: ``-o`` (one of ``allowed``), else a window, else ``default_name``.

    Returns ``(None, "window")`` when a window can open.
    """
    if output is not None:
        return check_output(output, allowed)
    from actplot.render.window import display_available

    if display_available():
        return None, "window"
    return check_output(default_name)


def each_outputs(
    template: str, acts: Sequence[actplot.Activation], allowed: Sequence[str] | None = None
) -> tuple[list[Path], str]:
    """``--each``: every file's path from ``template`` and their one format, checked
    before any work (bad template or format: exit 2), and their directories made
    (a missing parent, a directory that cannot be written: exit 1)."""
    from actplot.batch import each_paths, prepare_directories
    from actplot.output import FORMATS, OutputPathError, UnsupportedFormatError

    try:
        paths = each_paths(template, acts, FORMATS if allowed is None else allowed)
    except (UnsupportedFormatError, ValueError) as error:
        raise fail(str(error), 2) from None
    formats = {path.suffix.lower().lstrip(".") for path in paths}
    if len(formats) > 1:
        raise fail(f"-o {template!r}: give every file the same extension", 2)
    try:
        prepare_directories(paths)
    except OutputPathError as error:
        raise fail(str(error), 1) from None
    return paths, formats.pop()


def report_each(written: Iterable[Any], total: int) -> None:
    """Echo each file written (stdout) and each failure (one line on stderr, as it
    happens); exit 1 after the last if any failed."""
    failed = 0
    for done in written:
        if done.error is None:
            click.echo(done.path)
        else:
            failed += 1
            click.echo(f"Error: {done.path}: {_reason(done.error)}", err=True)
    if failed:
        kept = total - failed
        raise fail(f"{failed} of {total} files failed ({kept} written)", 1)


def _reason(error: BaseException) -> str:
    """One line for a failed file: an OSError's reason, else the error's message."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    text = str(error).strip().splitlines()
    return text[-1] if text else type(error).__name__


def no_window_after_all(default_name: str) -> tuple[Path, str]:
    """A display is set but matplotlib has no GUI toolkit: save ``default_name``, say so."""
    click.echo(
        "note: no interactive matplotlib backend (is tkinter installed?); saving a file",
        err=True,
    )
    return check_output(default_name)


# ---------------------------------------------------------------- text and looks


def mathtext_callback(ctx: Any, param: Any, value: Any) -> Any:
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


def _positive_pair(ctx: Any, param: Any, value: tuple[float, float] | None) -> Any:
    if value is not None:
        w, h = value
        if not (0 < w <= 100 and 0 < h <= 100):
            raise click.BadParameter(
                f"width and height must be in (0, 100] inches, got {w:g} {h:g}"
            )
    return value


def eps_callback(ctx: Any, param: Any, value: float | None) -> float | None:
    """A saturation threshold: checked by :func:`actplot.analysis.saturation.check_eps`."""
    if value is None:
        return None
    from actplot.analysis.saturation import check_eps

    try:
        return check_eps(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


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


def dpi_option(default: int = defaults.DEFAULT_DPI) -> Any:
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


def complete_styles(ctx: Any, param: Any, incomplete: str) -> list[Any]:
    """Shell completion of ``--style``: the built-in styles, matplotlib's, or a file."""
    from click.shell_completion import CompletionItem

    if "/" in incomplete or incomplete.startswith((".", "~")):
        return [CompletionItem(incomplete, type="file")]
    import matplotlib.style

    from actplot.render.looks import BUILTIN_STYLES

    names = [*BUILTIN_STYLES, *sorted(matplotlib.style.available)]
    return [CompletionItem(n) for n in dict.fromkeys(names) if n.startswith(incomplete)]


def style_option(command: F) -> F:
    """Add ``--style`` to a figure command (passed as ``style``)."""
    return click.option(
        "--style",
        metavar="NAME|PATH",
        callback=_style_callback,
        shell_complete=complete_styles,
        help="Look: seed (the note's MATLAB look), slides, paper, dark, any matplotlib "
        "style name (ggplot...) or a .mplstyle file.",
    )(command)


def lang_option(command: F) -> F:
    """Add ``--lang`` (en or zh) to a command (passed as ``lang``)."""
    return click.option(
        "--lang",
        type=click.Choice(["en", "zh"]),
        default="en",
        show_default=True,
        help="Language of titles, legends, axis labels and headings (zh: the lecture "
        "note's Chinese).",
    )(command)


def look_options(command: F) -> F:
    """Add ``--style`` and ``--lang`` to a figure command (passed as ``style``, ``lang``).

    Build the figure under ``actplot.render.looks.Look(style, lang)`` (as
    ``actplot.render.figure.figure(..., style=, lang=)`` does) and save it with
    ``actplot.render.save.save``; a missing Chinese font is reported by the group.
    """
    return style_option(lang_option(command))
