"""Figures that show themselves in notebooks: the last expression of a Jupyter cell.

IPython displays an object through its ``_repr_png_``; a plain matplotlib
``Figure`` has none (without ``%matplotlib inline`` a notebook shows only
``<Figure size 1280x960 with 1 Axes>``). Every figure actplot builds is a
:class:`NotebookFigure`, drawn for the notebook under the look it was built
with (see :func:`actplot.render.looks.look_of`), at its own resolution and
displayed at 100 pixels per inch, so it is sharp on high-density screens.
Where an inline backend has registered its own formatter for figures, IPython
uses that one (looked up by type first) and nothing is shown twice.
"""

from __future__ import annotations

import io
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["NotebookFigure"]

_DISPLAY_DPI = 100


class NotebookFigure(Figure):
    """A matplotlib Figure with a PNG representation for IPython's display."""

    def _repr_png_(self) -> tuple[bytes, dict[str, Any]]:
        from actplot.render.looks import look_of

        if self.canvas is None or not hasattr(self.canvas, "print_figure"):
            FigureCanvasAgg(self)
        buffer = io.BytesIO()
        with look_of(self).context():
            self.savefig(buffer, format="png", dpi=self.dpi)
        width, height = self.get_size_inches()
        size = {"width": round(width * _DISPLAY_DPI), "height": round(height * _DISPLAY_DPI)}
        return buffer.getvalue(), size
