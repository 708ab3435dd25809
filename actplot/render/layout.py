"""Laying out a one-axes figure once, before it is drawn, instead of at every draw.

matplotlib's constrained layout is a layout engine: ``savefig`` runs it in a
whole extra draw pass (with rendering switched off, but every line, tick and
text still processed), and it measures the decorations twice. A figure of
activations has one axes, so the same result needs one measurement:
:func:`fit_axes` measures the axes' tight box (tick labels, axis labels,
title, a legend outside) with the canvas's renderer, and moves the axes so
that box fills the figure, inside the pads constrained layout would leave
(``figure.constrained_layout.w_pad``/``h_pad`` of the look in force).

The figure keeps a :class:`FittedLayout` engine, so that it is laid out
again if it changes later (a y label added by a library user, a plain
``savefig``). :func:`mark_laid_out` records that the layout is current
(matplotlib marks the figure stale at any later change), and
:func:`drawn_once` saves with the engine switched off, fitting again first
only if the figure changed: one draw.

Decorations whose size depends on the axes' size (the number of ticks, a
title wrapped to the axes' position) are measured again until they stop
changing, as constrained layout does with its second pass.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator
from typing import Any

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.layout_engine import LayoutEngine

__all__ = ["FittedLayout", "drawn_once", "fit_axes", "mark_laid_out", "refit"]

# Axes laid out by fit_axes, with the pads they were fitted with: a legend
# placed outside them later (see actplot.render.legend) fits them again.
_FITTED: weakref.WeakKeyDictionary[Axes, tuple[float, float]] = weakref.WeakKeyDictionary()
_MAX_PASSES = 3


def fit_axes(ax: Axes, *, pads: tuple[float, float] | None = None) -> bool:
    """Move ``ax`` so that it and its decorations fill its figure; True if it moved.

    ``pads`` are the (horizontal, vertical) margins in inches between the
    decorations and the figure's edges; by default the look's constrained
    layout pads. The axes keep their position if the decorations leave no
    room for them (as constrained layout does then). Call once the limits,
    labels and title are set; a legend inside the axes may come after.
    """
    if pads is None:
        pads = (
            float(mpl.rcParams["figure.constrained_layout.w_pad"]),
            float(mpl.rcParams["figure.constrained_layout.h_pad"]),
        )
    _FITTED[ax] = pads
    fig: Any = ax.get_figure(root=True)
    if fig.get_layout_engine() is None:  # a figure made elsewhere
        fig.set_layout_engine(FittedLayout())
    renderer = fig._get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    w_pad, h_pad = pads[0] * fig.dpi, pads[1] * fig.dpi
    moved = False
    state = _size_dependent_state(ax, renderer)
    for _ in range(_MAX_PASSES):
        tight = ax.get_tightbbox(renderer, for_layout_only=True)
        if tight is None:
            return moved
        box = ax.bbox
        left = w_pad + (box.x0 - tight.x0)
        right = width - w_pad - (tight.x1 - box.x1)
        bottom = h_pad + (box.y0 - tight.y0)
        top = height - h_pad - (tight.y1 - box.y1)
        if right - left < 1 or top - bottom < 1:  # decorations wider than the figure
            return moved
        ax.set_position(
            (left / width, bottom / height, (right - left) / width, (top - bottom) / height)
        )
        moved = True
        new_state = _size_dependent_state(ax, renderer)
        if new_state == state:
            break
        state = new_state
    return moved


def refit(ax: Axes) -> bool:
    """Fit ``ax`` again if :func:`fit_axes` laid it out (after a legend moved outside it)."""
    pads = _FITTED.get(ax)
    if pads is None:
        return False
    return fit_axes(ax, pads=pads)


def _size_dependent_state(ax: Axes, renderer: Any) -> tuple[Any, ...]:
    """What may change when the axes change size: the ticks and the (wrapped) title's size."""
    title = ax.title.get_window_extent(renderer) if ax.title.get_text() else None
    return (
        tuple(ax.xaxis.get_majorticklocs()),
        tuple(ax.yaxis.get_majorticklocs()),
        None if title is None else (round(title.width, 3), round(title.height, 3)),
    )


class FittedLayout(LayoutEngine):
    """The layout engine of a figure laid out by :func:`fit_axes`: it fits its axes again.

    Runs when the figure is drawn with a layout (a window, ``fig.canvas.draw()``,
    a plain ``savefig``). :func:`actplot.render.save.save` calls :meth:`execute`
    itself and draws with the engine off.
    """

    _adjust_compatible = False
    _colorbar_gridspec = False

    def set(self, **kwargs: Any) -> None:
        """No parameters: the pads come from the look the axes were fitted under."""
        if kwargs:
            raise TypeError(f"FittedLayout takes no parameters, got {', '.join(kwargs)}")

    def execute(self, fig: Any) -> None:
        """Fit every axes of ``fig`` that :func:`fit_axes` laid out."""
        for ax in fig.axes:
            refit(ax)


def mark_laid_out(fig: Any) -> None:
    """Record that ``fig``'s layout is current (call when it is built).

    Any later change to the figure marks it stale again (matplotlib
    propagates every artist's change up to its figure), and a stale figure
    is fitted again before it is saved.
    """
    fig.stale = False


@contextlib.contextmanager
def drawn_once(fig: Any) -> Iterator[None]:
    """Inside, ``fig`` is laid out and has no layout engine: ``savefig`` draws it once.

    Figures without a :class:`FittedLayout` are left as they are (matplotlib
    runs their engine in its own pass).
    """
    engine = fig.get_layout_engine()
    if not isinstance(engine, FittedLayout):
        yield
        return
    if fig.stale:  # changed since it was laid out
        engine.execute(fig)
    # None, not "none": savefig runs a layout pass for any engine, even the
    # placeholder "none" leaves. None is None whatever the look's rcParams say.
    with mpl.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)
    try:
        yield
    finally:
        fig.set_layout_engine(engine)
        fig.stale = False  # the same layout as before: still current
