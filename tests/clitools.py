"""Running the CLI in tests: CliRunner, no display, optionally in a directory."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner, Result

from actplot.cli import main

# Without a display a figure command saves a file instead of opening a window.
NO_DISPLAY = {"DISPLAY": None, "WAYLAND_DISPLAY": None, "MPLBACKEND": None}


def run(args: list[str], cwd: Path | None = None, env: dict | None = None) -> Result:
    """``actplot ARGS`` through CliRunner (stderr kept apart), in ``cwd`` if given."""
    runner = CliRunner()
    env = {**NO_DISPLAY, **(env or {})}
    if cwd is None:
        return runner.invoke(main, args, env=env)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, args, env=env)
    finally:
        os.chdir(old)
