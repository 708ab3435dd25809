"""What a figure of activations shows: one typed, immutable record (no matplotlib).

The command line builds a :class:`FigureSpec` from its options and hands it to
:func:`actplot.render.figure.build_figure` or the window; no options dict is
passed down and picked apart on the way.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from actplot.render.defaults import DEFAULT_DPI

__all__ = ["FigureSpec"]


@dataclass(frozen=True)
class FigureSpec:
    """How to draw a figure of one or more activations.

    Attributes
    ----------
    title
        Figure title; None for "Sigmoid (solid) and its derivative (dashed)".
    derivative
        Draw f' (dashed) beside f.
    ylim
        Y limits; None to fit them to the curves.
    size
        Figure size in inches; None for the style's (6.4 x 4.8 without one).
    dpi
        Resolution of raster output.
    formula
        Append the formulas of f and f' to the legend entries.
    style, lang
        The look (see :class:`actplot.render.looks.Look`).
    saturation
        Shade where f saturates, soft where 0 < |f'| < this threshold, hard
        where f' = 0; None for no shading.
    transparent
        Transparent background when saved.
    """

    title: str | None = None
    derivative: bool = True
    ylim: tuple[float, float] | None = None
    size: tuple[float, float] | None = None
    dpi: float = DEFAULT_DPI
    formula: bool = False
    style: str | None = None
    lang: str = "en"
    saturation: float | None = None
    transparent: bool = False

    def replace(self, **changes: object) -> FigureSpec:
        """This spec with some fields changed."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]
