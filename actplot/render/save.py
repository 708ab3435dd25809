"""Saving a figure: atomically, drawn under the look it was built with."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from actplot.output import FIGURE_FORMATS, UnsupportedFormatError, atomic_write
from actplot.render.layout import drawn_once
from actplot.render.looks import look_of

__all__ = ["save"]


def save(
    fig: Figure,
    path: str | os.PathLike[str],
    *,
    dpi: float | None = None,
    transparent: bool = False,
) -> Path:
    """Save ``fig`` atomically; the format comes from the extension (png, svg, pdf).

    The figure is drawn under the look it was built with (see
    :func:`actplot.render.looks.look_of`), once: a figure laid out by
    :func:`actplot.render.layout.fit_axes` is not laid out again in an extra
    pass (see :func:`actplot.render.layout.drawn_once`). A failure leaves no
    partial file and an existing file of that name untouched.
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FIGURE_FORMATS:
        raise UnsupportedFormatError(
            f"cannot save a figure as {path.name}: use {', '.join('.' + f for f in FIGURE_FORMATS)}"
        )
    if fig.canvas is None or not hasattr(fig.canvas, "print_figure"):
        FigureCanvasAgg(fig)

    def write(fileobj: Any) -> None:
        with look_of(fig).context(), drawn_once(fig):
            fig.savefig(fileobj, format=fmt, dpi=dpi or fig.dpi, transparent=transparent)

    atomic_write(path, write)
    return path
