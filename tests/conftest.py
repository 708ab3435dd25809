"""Shared fixtures: the CLI runner without a display, and the environment for subprocesses."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from actplot.cli import main

# Without a display a figure command saves a file instead of opening a window.
NO_DISPLAY: dict[str, str | None] = {"DISPLAY": None, "WAYLAND_DISPLAY": None, "MPLBACKEND": None}

Run = Callable[..., Result]


def _invoke(args: list[str], cwd: Path | None = None, env: dict | None = None) -> Result:
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


@pytest.fixture
def run() -> Run:
    """Run ``actplot ARGS`` in-process: ``run(["sigmoid", "-o", p], cwd=..., env=...)``."""
    return _invoke


@pytest.fixture
def no_display() -> dict[str, str | None]:
    """Environment overrides that hide any display (a figure command saves a file)."""
    return dict(NO_DISPLAY)


@pytest.fixture
def subprocess_env() -> dict[str, str]:
    """This process's environment without a display, for the installed console script."""
    return {k: v for k, v in os.environ.items() if k not in NO_DISPLAY}


@pytest.fixture
def magic() -> dict[str, bytes]:
    """The first bytes of each figure format, to check what a file really is."""
    return {"png": b"\x89PNG", "pdf": b"%PDF", "svg": b"<?xml"}


@pytest.fixture
def files_in() -> Callable[[Path], set[str]]:
    """The names of the files in a directory (to check that nothing was left behind)."""
    return lambda directory: {p.name for p in directory.iterdir()}
