"""The interactive window: whether one can open, and showing a figure in it.

This is the only module that imports pyplot, and only inside :func:`show`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np

from .catalogue import Activation

__all__ = ["display_available", "show"]

# Backends that draw to files, never to a screen.
_FILE_BACKENDS = {"agg", "cairo", "pdf", "pgf", "ps", "svg", "template"}


def display_available() -> bool:
    """Whether a matplotlib window could open here (decided without importing it)."""
    backend = os.environ.get("MPLBACKEND", "").strip().lower()
    if backend in _FILE_BACKENDS or backend.startswith("module://"):
        return False
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def show(acts: Sequence[Activation], x: np.ndarray, **figure_kw: Any) -> None:
    """Open the figure of ``acts`` in a matplotlib window and wait until it closes."""
    import matplotlib.pyplot as plt

    from .plotting import figure

    fig = plt.figure(figsize=figure_kw.pop("size", None), layout="constrained")
    figure_kw.pop("dpi", None)  # a window uses the screen's resolution
    figure(acts, x, fig=fig, **figure_kw)
    plt.show()
