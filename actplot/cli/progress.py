"""Progress of long work on stderr: Click's progress bar, with the time left.

The library calls ``progress(done, total)``; :class:`Progress` shows nothing
for the first second (most runs are over by then), then a
:func:`click.progressbar` with the percentage and an estimate of the time
left. On a terminal the bar is redrawn in place; elsewhere (a log, a pipe)
Click prints its label once.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, TextIO

import click

__all__ = ["Progress"]


class Progress:
    """A ``progress(done, total)`` callback drawing a Click progress bar after ``delay`` s."""

    def __init__(
        self,
        label: str,
        *,
        delay: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        file: TextIO | None = None,
    ) -> None:
        self.label = label
        self.delay = delay
        self.clock = clock
        self.start = clock()
        self.file = file
        self.bar: Any = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total <= 0 or self.clock() - self.start < self.delay:
                return
            self.bar = click.progressbar(
                length=total,
                label=self.label,
                file=self.file or sys.stderr,
                show_eta=True,
                show_percent=True,
            )
            self.bar.__enter__()
            # Time the estimate from the start of the work, not from the bar's.
            self.bar.start = time.time() - (self.clock() - self.start)
        self.bar.update(done - self.done)
        self.done = done
        if done >= total:
            self.close()

    def close(self) -> None:
        """Finish the bar (a newline on a terminal); safe to call twice."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
