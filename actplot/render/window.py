"""The interactive window: parameter sliders, a readout under the mouse, keys.

:class:`Explorer` builds the interactive figure on any
:class:`~matplotlib.figure.Figure`, so tests drive it on an Agg canvas with
synthetic events and ``Slider.set_val``; only :func:`show` imports pyplot to
put it in a window.

Keys: ``d`` toggles the derivatives, ``s`` the saturation shading, ``g`` the
grid; ``ctrl+s`` and the toolbar still save.
"""

from __future__ import annotations

import functools
import math
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.catalogue import Activation, Param
from actplot.render.looks import Look
from actplot.render.spec import FigureSpec

if TYPE_CHECKING:
    from matplotlib.figure import Figure, SubFigure
    from matplotlib.widgets import Slider

__all__ = [
    "Explorer",
    "display_available",
    "interactive_figure",
    "show",
    "show_train",
    "show_vanish",
    "slider_range",
]

# Backends that draw to files, never to a screen.
_FILE_BACKENDS = {"agg", "cairo", "pdf", "pgf", "ps", "svg", "template"}
# matplotlib's own bindings of our keys: "s" saves and "g" toggles the grid.
_WINDOW_KEYMAP: dict[Any, Any] = {
    "keymap.save": ["ctrl+s"],
    "keymap.grid": [],
    "keymap.grid_minor": [],
}
SLIDER_HEIGHT = 0.32  # inches per slider row
MAX_READOUT = 6  # functions listed in the readout


def display_available() -> bool:
    """Whether a matplotlib window could open here (decided without importing it)."""
    backend = os.environ.get("MPLBACKEND", "").strip().lower()
    if backend in _FILE_BACKENDS or backend.startswith("module://"):
        return False
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def slider_range(param: Param, value: float) -> tuple[float, float]:
    """The span a slider of ``param`` covers, inside its valid range.

    A finite bound is used as it is (nudged inwards when open); an unbounded
    side reaches twice the value's magnitude (at least 2) beyond the value.
    """
    reach = 2 * max(abs(value), 1.0)
    lo = param.low if math.isfinite(param.low) else min(value, 0.0) - reach
    hi = param.high if math.isfinite(param.high) else max(value, 0.0) + reach
    nudge = 1e-3 * (hi - lo)
    if param.low_open:
        lo += nudge
    if param.high_open:
        hi -= nudge
    return lo, hi


class Explorer:
    """The figure of ``acts`` with a slider per parameter, a readout and keys.

    Parameters
    ----------
    fig
        The figure to build in (a pyplot one for a window, a plain
        ``Figure`` with an Agg canvas in tests); it should be sized for
        :func:`controls_height` more inches below the plot.
    acts, x
        What to plot, as for :func:`actplot.render.figure.figure`.
    spec
        What the figure shows (title, ylim, formula, look, derivatives and
        shading at the start); its size and dpi are the window's business.

    A slider sets its parameter on every plotted function that has it. A
    value outside a function's valid range is refused in the readout line
    and the curves stay as they were.
    """

    def __init__(
        self,
        fig: Figure,
        acts: Sequence[Activation],
        x: np.ndarray,
        *,
        spec: FigureSpec | None = None,
    ) -> None:
        self.fig = fig
        self.acts = list(acts)
        self.x = x
        self.spec = spec or FigureSpec()
        self.look = Look(self.spec.style, self.spec.lang)
        self.derivative = self.spec.derivative
        self.grid = True
        self.saturation = self.spec.saturation is not None
        self.eps = self.spec.saturation
        self.params = _shared_params(self.acts)
        self.message = ""
        self._cursor: Any = None
        self._marks: list[Any] = []
        with self.look.context():
            areas: Any = fig.subfigures(
                2, 1, height_ratios=[self._plot_height(), controls_height(self.acts)]
            )
            self.plot_area, controls = areas
            self.readout = controls.text(
                0.01,
                0.98,
                "",
                va="top",
                ha="left",
                fontsize="small",
                transform=controls.transSubfigure,
            )
            self.sliders: dict[str, Slider] = self._make_sliders(controls)
            self._build()
        self.look.attach(fig)
        fig.canvas.mpl_connect("motion_notify_event", self.on_move)
        fig.canvas.mpl_connect("key_press_event", self.on_key)

    # ------------------------------------------------------------ building

    def _plot_height(self) -> float:
        return max(self.fig.get_figheight() - controls_height(self.acts), 1.0)

    def _make_sliders(self, controls: SubFigure) -> dict[str, Slider]:
        from matplotlib.widgets import Slider

        sliders: dict[str, Slider] = {}
        n = len(self.params)
        if not n:
            return sliders
        readout_inches = _readout_height(self.acts)
        total = controls_height(self.acts)
        for i, param in enumerate(self.params):
            value = next(a.values[param.name] for a in self.acts if param.name in a.values)
            lo, hi = slider_range(param, value)
            top = 1 - (readout_inches + i * SLIDER_HEIGHT) / total
            ax = controls.add_axes(
                (0.18, top - 0.7 * SLIDER_HEIGHT / total, 0.62, 0.5 * SLIDER_HEIGHT / total)
            )
            slider = Slider(ax, f"{param.symbol} ({param.name})", lo, hi, valinit=value)
            slider.on_changed(functools.partial(self.set_param, param.name))
            sliders[param.name] = slider
        return sliders

    def _build(self) -> None:
        """(Re)draw the plot area from the current functions and switches."""
        from actplot.render.figure import build_figure

        self.plot_area.clear()
        if self.saturation and self.eps is None:
            from actplot.analysis.saturation import DEFAULT_EPS

            self.eps = DEFAULT_EPS
        spec = self.spec.replace(
            derivative=self.derivative, saturation=self.eps if self.saturation else None
        )
        build_figure(self.acts, self.x, spec, fig=self.plot_area)
        self.ax.grid(self.grid)
        self._cursor = self.ax.axvline(np.nan, color="0.5", linewidth=0.8, visible=False)
        self._marks = []
        self._show_readout(None)
        self.fig.canvas.draw_idle()

    @property
    def ax(self) -> Any:
        """The axes the curves are drawn on."""
        return self.plot_area.axes[0]

    @property
    def lines(self) -> list[Any]:
        """The curves, per function f then (when shown) f'."""
        per_act = 2 if self.derivative else 1
        return self.ax.get_lines()[: per_act * len(self.acts)]

    # ------------------------------------------------------------ actions

    def set_param(self, name: str, value: float) -> None:
        """Set parameter ``name`` on every function that has it, and redraw.

        A slider's value is rounded to 3 significant digits, so that legends
        read "α=2.24", not "α=2.239562142787948".
        """
        value = float(f"{value:.3g}")
        try:
            acts = [a.with_params(**{name: value}) if name in a.values else a for a in self.acts]
        except ValueError as error:
            self.message = str(error)
            self._show_readout(None)
            self.fig.canvas.draw_idle()
            return
        self.acts = acts
        self.message = ""
        with self.look.context():
            self._build()

    def toggle(self, what: str) -> None:
        """Toggle ``"derivative"``, ``"saturation"`` or ``"grid"``."""
        if what == "grid":
            self.grid = not self.grid
            self.ax.grid(self.grid)
            self.fig.canvas.draw_idle()
            return
        from actplot.analysis.saturation import check_shadable

        try:
            if what == "saturation":
                check_shadable(len(self.acts))
        except ValueError as error:  # said in the readout line, the plot stays
            self.message = str(error)
            self._show_readout(None)
            self.fig.canvas.draw_idle()
            return
        setattr(self, what, not getattr(self, what))
        self.message = ""
        with self.look.context():
            self._build()

    # ------------------------------------------------------------ events

    def on_key(self, event: Any) -> None:
        action = {"d": "derivative", "s": "saturation", "g": "grid"}.get(event.key)
        if action:
            self.toggle(action)

    def on_move(self, event: Any) -> None:
        if event.inaxes is not self.ax or event.xdata is None:
            self._show_readout(None)
        else:
            self._show_readout(float(event.xdata))
        self.fig.canvas.draw_idle()

    def _show_readout(self, x: float | None) -> None:
        """Write x, f(x), f'(x) per function (or the hint) and move the cursor."""
        for mark in self._marks:
            mark.remove()
        self._marks = []
        if x is None:
            if self._cursor is not None:
                self._cursor.set_visible(False)
            hint = "keys: d derivative · s saturation · g grid · ctrl+s save"
            self.readout.set_text(self.message or hint)
            return
        self._cursor.set_xdata([x, x])
        self._cursor.set_visible(True)
        rows = [f"x = {x:.6g}"]
        for act, line in zip(self.acts, self.lines[:: 2 if self.derivative else 1], strict=False):
            fx = float(act(x))
            row = f"{act.title}:  f = {fx:.6g}"
            self._marks.append(self.ax.plot([x], [fx], "o", color=line.get_color(), ms=4)[0])
            if self.derivative:
                dfx = float(act.derivative(x))
                row += f",  f' = {dfx:.6g}"
                self._marks.append(
                    self.ax.plot([x], [dfx], "o", color=line.get_color(), ms=4, mfc="none")[0]
                )
            rows.append(row)
        if len(rows) > MAX_READOUT + 1:
            rows = [*rows[:MAX_READOUT], "…"]
        self.readout.set_text("\n".join(rows))


def _shared_params(acts: Sequence[Activation]) -> list[Param]:
    """Each parameter name of the functions once, in order of appearance.

    A parameter swept with -p (one function drawn at several values of it)
    gets no slider: moving one would set every curve of the sweep alike.
    """
    values: dict[tuple[str, str], set[float]] = {}
    for act in acts:
        for param in act.params:
            values.setdefault((act.name, param.name), set()).add(act.values[param.name])
    swept = {param for (_, param), seen in values.items() if len(seen) > 1}
    params: dict[str, Param] = {}
    for act in acts:
        for param in act.params:
            if param.name not in swept:
                params.setdefault(param.name, param)
    return list(params.values())


def controls_height(acts: Sequence[Activation]) -> float:
    """Inches below the plot for the readout and one slider per parameter."""
    return _readout_height(acts) + 0.15 + SLIDER_HEIGHT * len(_shared_params(acts))


def _readout_height(acts: Sequence[Activation]) -> float:
    """Inches for the readout: x, then a line per function (in the look's font size)."""
    from matplotlib.font_manager import FontProperties

    line = 1.3 * FontProperties(size="small").get_size_in_points() / 72
    return line * (min(len(acts), MAX_READOUT) + 1)


def interactive_figure(
    acts: Sequence[Activation],
    x: np.ndarray,
    *,
    fig: Figure | None = None,
    size: tuple[float, float] | None = None,
    style: str | None = None,
    lang: str = "en",
    **figure_kw: Any,
) -> Explorer:
    """An :class:`Explorer` on ``fig``, or on a new Figure with an Agg canvas.

    ``figure_kw`` are the other fields of :class:`FigureSpec` (title, ylim...).
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
    return Explorer(fig, acts, x, spec=spec)


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
    # window uses the screen's resolution, not spec.dpi.
    with look.context(), mpl.rc_context(_WINDOW_KEYMAP):
        w, h = spec.size or mpl.rcParams["figure.figsize"]
        fig = plt.figure(figsize=(w, h + controls_height(acts)), layout="constrained")
        if fig.canvas.manager is not None:  # the note's set(gcf, 'Name', title)
            fig.canvas.manager.set_window_title(_window_title(acts, look))
        explorer = Explorer(fig, acts, x, spec=spec)
        plt.show()
    del explorer
    return True


def _interactive_backend(plt: Any) -> bool:
    """Whether pyplot's backend opens windows (it falls back to Agg without a toolkit)."""
    return plt.get_backend().lower() not in _FILE_BACKENDS


def _window_title(acts: Sequence[Activation], look: Look) -> str:
    from actplot.render.curves import title_for

    return title_for(acts, lang=look.lang)


# ---------------------------------------------------------------- vanish (issue #4)


def show_vanish(result: Any, *, size: tuple[float, float] | None = None, **figure_kw: Any) -> bool:
    """Open the gradient-flow figure of a simulation in a window (see ``vanish_figure``).

    Returns False, having shown nothing, when there is no interactive backend.
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
