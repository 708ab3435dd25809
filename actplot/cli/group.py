"""The ``actplot`` group: ``actplot NAME...`` plots, other first words are subcommands.

Every error is reported here as one line on stderr, never a traceback.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

import actplot
from actplot.cli.options import CONTEXT_SETTINGS, complete_names

__all__ = ["ActplotGroup", "main"]


# Every subcommand: its name, and the module and object that define it.
COMMANDS: dict[str, tuple[str, str]] = {
    "plot": ("actplot.cli.plot", "plot"),
    "list": ("actplot.cli.listing", "list_command"),
    "info": ("actplot.cli.listing", "info"),
    "gallery": ("actplot.cli.gallery", "gallery"),
    "vanish": ("actplot.cli.vanish", "vanish"),
    "train": ("actplot.cli.train", "train"),
    "diff": ("actplot.cli.diff", "diff"),
    "table": ("actplot.cli.table", "table"),
}


class LazyCommands(dict):
    """A group's commands by name, each imported from its module when first looked up.

    Every name is there from the start (``in``, iteration and ``len`` need no
    import); ``[]``, ``get``, ``values`` and ``items`` import what they return.
    So ``actplot sigmoid`` loads the plot command alone, and ``--help`` all.
    """

    def __init__(self, where: dict[str, tuple[str, str]]) -> None:
        super().__init__(dict.fromkeys(where))
        self._where = dict(where)

    def __getitem__(self, name: str) -> Any:
        command = super().__getitem__(name)
        if command is None and name in self._where:
            module, attribute = self._where.pop(name)
            command = getattr(importlib.import_module(module), attribute)
            super().__setitem__(name, command)
        return command

    def __setitem__(self, name: str, command: Any) -> None:
        self._where.pop(name, None)
        super().__setitem__(name, command)

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self else default  # noqa: SIM401 (this *is* get)

    def values(self) -> list[Any]:  # type: ignore[override]
        return [self[name] for name in self]

    def items(self) -> list[tuple[str, Any]]:  # type: ignore[override]
        return [(name, self[name]) for name in self]


class ActplotGroup(click.Group):
    """A group whose first word, when not a subcommand, names functions to plot.

    Every error is shown as one line on stderr ("Error: ..."), never a
    traceback or a usage block. Subcommands load lazily (see :class:`LazyCommands`).
    """

    default_command = "plot"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(COMMANDS)

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
        run: Any = super().main  # click's overloads cannot see through *args
        if not standalone_mode:
            return run(*args, standalone_mode=False, **kwargs)
        try:
            result = run(*args, standalone_mode=False, **kwargs)
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
            *complete_names(ctx, None, incomplete),
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


@click.group(cls=ActplotGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(actplot.__version__, "--version", prog_name="actplot")
def main() -> None:
    """Plot activation functions (solid) with their derivatives (dashed)."""
