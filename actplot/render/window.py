"""The window: the interactive figure of :mod:`actplot.render.explorer` on screen.

The only module that imports pyplot. :func:`show` opens the figure of some
activations (sliders, readout, keys: see :class:`Explorer`), titled in plain
text like the figure; :func:`show_vanish` the gradient-flow figure, titled
likewise. Both return False, having shown nothing, when matplotlib has no
interactive backend here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.catalogue import Activation
from actplot.render.command import equivalent_command
from actplot.render.explorer import (
    Explorer,
    _plain_text,
    controls_height,
    slider_range,
    window_title,
)
from actplot.render.looks import Look
from actplot.render.spec import FigureSpec

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "Explorer",
    "controls_height",
    "display_available",
    "equivalent_command",
    "interactive_figure",
    "show",
    "show_train",
    "show_vanish",
    "slider_range",
    "window_title",
]

# Backends that draw to files, never to a screen.
_FILE_BACKENDS = {"agg", "cairo", "pdf", "pgf", "ps", "svg", "template"}
# matplotlib's own bindings of our keys: "s" saves and "g" toggles the grid,
# left/right step back and forward through the view history; ctrl+s is ours.
# The toolbar's save dialog opens in the working directory.
_WINDOW_RC: dict[Any, Any] = {
    "keymap.save": [],
    "keymap.grid": [],
    "keymap.grid_minor": [],
    "keymap.back": ["c", "backspace"],
    "keymap.forward": ["v"],
    "savefig.directory": "",
}


def display_available() -> bool:
    """Whether a matplotlib window could open here (decided without importing it)."""
    backend = os.environ.get("MPLBACKEND", "").strip().lower()
    if backend in _FILE_BACKENDS or backend.startswith("module://"):
        return False
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def interactive_figure(
    acts: Sequence[Activation],
    x: np.ndarray,
    *,
    fig: Figure | None = None,
    size: tuple[float, float] | None = None,
    style: str | None = None,
    lang: str = "en",
    report: Callable[[str], None] | None = None,
    **figure_kw: Any,
) -> Explorer:
    """An :class:`Explorer` on ``fig``, or on a new Figure with an Agg canvas.

    ``figure_kw`` are the other fields of :class:`FigureSpec` (title, ylim, dpi...).
    """
    spec = FigureSpec(style=style, lang=lang, size=size, **figure_kw)
    look = Look(style, lang)
    if fig is None:
        import matplotlib as mpl
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        with look.context():
            w, h = size or mpl.rcParams["figure.figsize"]
            fig = Figure(figsize=(w, h + controls_height(acts)), layout="constrained")
        FigureCanvasAgg(fig)
    return Explorer(fig, acts, x, spec=spec, report=report)


def show(acts: Sequence[Activation], x: np.ndarray, spec: FigureSpec) -> bool:
    """Open the interactive figure of ``acts`` in a window and wait until it closes.

    Returns False, having shown nothing, when matplotlib has no interactive
    backend here (a display but no GUI toolkit): the caller saves a file instead.
    """
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    if not _interactive_backend(plt):
        return False
    look = Look(spec.style, spec.lang)
    # The look stays in force while the window draws and handles keys; the
    # window uses the screen's resolution, a saved file spec.dpi.
    with look.context(), mpl.rc_context(_WINDOW_RC):
        w, h = spec.size or mpl.rcParams["figure.figsize"]
        fig = plt.figure(figsize=(w, h + controls_height(acts)), layout="constrained")
        explorer = Explorer(
            fig, acts, x, spec=spec
        )  # titles the window (the note's set(gcf, 'Name'))
        plt.show()
    del explorer
    return True


def _interactive_backend(plt: Any) -> bool:
    """Whether pyplot's backend opens windows (it falls back to Agg without a toolkit)."""
    return plt.get_backend().lower() not in _FILE_BACKENDS


def show_vanish(result: Any, *, size: tuple[float, float] | None = None, **figure_kw: Any) -> bool:
    """Open the gradient-flow figure of a simulation in a window (see ``vanish_figure``).

    The window is titled with the figure's title. Returns False, having shown
    nothing, when there is no interactive backend.
    """
    import matplotlib.pyplot as plt

    from actplot.render.vanish import default_size, vanish_figure

    if not _interactive_backend(plt):
        return False
    figure_kw.pop("dpi", None)  # a window uses the screen's resolution
    if size is None:
        size = default_size(result, figure_kw.get("view", "rms"))
    fig = plt.figure(figsize=size, layout="constrained")
    vanish_figure(result, fig=fig, **figure_kw)
    if fig.canvas.manager is not None:
        title = _plain_text(fig.get_suptitle()) or "actplot vanish"
        fig.canvas.manager.set_window_title(title)
    plt.show()
    return True


# ---------------------------------------------------------------- train (issue 15)


def show_train(result: Any, *, size: tuple[float, float] | None = None, **figure_kw: Any) -> bool:
    """Open a training's figure in a window (see ``train_figure``).

    Returns False, having shown nothing, when there is no interactive backend.
    """
    import matplotlib.pyplot as plt

    from actplot.render.train import default_size, train_figure

    if not _interactive_backend(plt):
        return False
    figure_kw.pop("dpi", None)  # a window uses the screen's resolution
    size = size or default_size(result, figure_kw.get("view", "stats"))
    fig = plt.figure(figsize=size, layout="constrained")
    train_figure(result, fig=fig, **figure_kw)
    plt.show()
    return True
