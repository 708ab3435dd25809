"""How the command line reports errors: one line, exit 2 for bad input, 1 for a failed run."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import click

__all__ = ["bad_input", "fail"]


def fail(message: str, exit_code: int = 1) -> click.ClickException:
    """A one-line error; exit code 2 for bad input, 1 for a failed run."""
    return click.UsageError(message) if exit_code == 2 else click.ClickException(message)


@contextlib.contextmanager
def bad_input() -> Iterator[None]:
    """A ValueError or LookupError from the library is bad input: exit 2, one line."""
    try:
        yield
    except (ValueError, LookupError) as error:
        raise fail(str(error), 2) from None
