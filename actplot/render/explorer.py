"""The interactive figure: parameter sliders, a readout under the mouse, keys.

:class:`Explorer` builds the interactive figure on any
:class:`~matplotlib.figure.Figure`, so tests drive it on an Agg canvas with
synthetic events and ``Slider.set_val``; :mod:`actplot.render.window` puts it
in a window (the only pyplot user).

A slider step updates the curves in place and blits them over a saved
background (no new layout, no legend placement); when the drag ends (or
shortly after the last key step) the plot is rebuilt once, which refits the
y-limits and places the legend again.

Keys: ``d`` toggles the derivatives, ``s`` the saturation shading, ``g`` the
grid; ``left``/``right`` move the selected slider (with ``shift`` ten times
as far), ``up``/``down`` select another; ``ctrl+s`` saves the figure without
the controls as ``NAME.png`` in the working directory, at the resolution of
``-o``, and prints the command line that makes the same file.
"""

from __future__ import annotations

import functools
import math
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.catalogue import Activation, Param
from actplot.render.command import equivalent_command
from actplot.render.looks import Look
from actplot.render.spec import FigureSpec

if TYPE_CHECKING:
    from matplotlib.figure import Figure, SubFigure
    from matplotlib.widgets import Slider

__all__ = ["Explorer", "controls_height", "slider_range", "window_title"]

SLIDER_HEIGHT = 0.32  # inches per slider row
MAX_READOUT = 6  # functions listed in the readout
STEPS_PER_RANGE = 100  # a key press moves a slider by this fraction of its range
SETTLE_MS = 400  # after the last key step, the plot is rebuilt


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
        shading at the start, and the dpi a saved file gets).
    report
        Called with a line of text when the figure has been saved (default:
        printed on stdout).

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
        report: Callable[[str], None] | None = None,
    ) -> None:
        self.fig = fig
        self.acts = list(acts)
        self.x = x
        self.spec = spec or FigureSpec()
        self.look = Look(self.spec.style, self.spec.lang)
        self.report = report or (lambda text: print(text, flush=True))
        self.derivative = self.spec.derivative
        self.grid = True
        self.saturation = self.spec.saturation is not None
        self.eps = self.spec.saturation
        self.params = _shared_params(self.acts)
        self.selected = 0  # the slider the arrow keys move
        self.message = ""
        self._cursor: Any = None
        self._marks: list[Any] = []
        self._groups: dict[str, list[Any]] = {"curves": [], "knobs": [], "readout": []}
        self._boxes: dict[str, Any] = {}
        self._background: dict[str, Any] | None = None
        self._ready = False  # built: draws may keep a background
        self._stale = False  # moved since the last full build
        self._layout = fig.get_layout_engine()
        self._timer: Any = None
        self.sliders: dict[str, Slider] = {}
        canvas = fig.canvas
        canvas.mpl_connect("motion_notify_event", self.on_move)
        canvas.mpl_connect("key_press_event", self.on_key)
        canvas.mpl_connect("button_release_event", self.on_release)
        canvas.mpl_connect("draw_event", self._on_draw)
        canvas.mpl_connect("resize_event", self._on_resize)
        # The toolbar's save button saves the clean figure too, as NAME.png here.
        fig.savefig = self._toolbar_save  # type: ignore[method-assign]
        canvas.get_default_filename = self.default_filename  # type: ignore[method-assign]
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
            self.sliders = self._make_sliders(controls)
            self._mark_selected()
            self._ready = True
            self._build()
        self.look.attach(fig)
        self.update_window_title()

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
            # Plain text "%.3g" (the value set_param rounds to), not mathtext: cheap to draw.
            slider = Slider(
                ax, f"{param.symbol} ({param.name})", lo, hi, valinit=value, valfmt="%.3g"
            )
            slider.drawon = False  # drawn by the explorer's blit, not a full redraw
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
        build_figure(self.acts, self.x, self._spec(), fig=self.plot_area)
        self.ax.grid(self.grid)
        self._cursor = self.ax.axvline(np.nan, color="0.5", linewidth=0.8, visible=False)
        self._marks = []
        self._stale = False
        self._show_readout(None)
        self._collect_animated()
        self._relayout()

    def _spec(self) -> FigureSpec:
        """The spec of what is shown now (toggles included)."""
        return self.spec.replace(
            derivative=self.derivative, saturation=self.eps if self.saturation else None
        )

    def _collect_animated(self) -> None:
        """The artists a step or a mouse move changes: drawn over the background.

        Steps change the curves (and their jump dots) and the slider's bar,
        knob and value; mouse moves the readout, cursor and marks. The legend,
        the title and the slider labels stay in the background (updated in
        place, shown at the next full draw), since text is what costs.
        """
        from actplot.render.curves import jump_dots

        curves: list[Any] = []
        for line in self.lines:
            curves.append(line)
            dots = jump_dots(line)
            if dots is not None:
                curves.append(dots)
        knobs: list[Any] = []
        for slider in self.sliders.values():
            knobs += [slider.poly, slider.valtext]
            handle = getattr(slider, "_handle", None)  # the knob (matplotlib ≥ 3.5)
            if handle is not None:
                knobs.append(handle)
        self._groups = {"curves": curves, "knobs": knobs, "readout": [self.readout]}
        for artist in [*curves, *knobs, self.readout, self._cursor]:
            artist.set_animated(True)

    def _zones(self) -> dict[str, Any]:
        """The parts of the canvas a blit repaints, in display pixels."""
        from matplotlib.transforms import Bbox

        fig_box = self.fig.bbox
        zones = {"curves": self.ax.bbox.padded(2)}
        tops = []
        for name, slider in self.sliders.items():
            box = slider.ax.bbox
            pad = 0.35 * box.height
            zones[f"slider {name}"] = Bbox([[box.x0 - 2, box.y0 - pad], [fig_box.x1, box.y1 + pad]])
            tops.append(box.y1 + pad)
        controls = self.readout.get_figure(root=False).bbox  # the controls' subfigure
        bottom = max(tops, default=controls.y0)
        zones["readout"] = Bbox([[fig_box.x0, bottom], [fig_box.x1, controls.y1]])
        return {k: Bbox.intersection(v, fig_box) or v for k, v in zones.items()}

    def _relayout(self) -> None:
        """Let the layout engine run at the next draw, and redraw."""
        if self._layout is not None and self.fig.get_layout_engine() is not self._layout:
            self.fig.set_layout_engine(self._layout)
        self._background = None
        self.fig.canvas.draw_idle()

    def _on_draw(self, event: Any) -> None:
        """After a full draw: freeze the layout, keep the background, draw the rest."""
        if not self._ready:
            return
        if self._layout is not None and self.fig.get_layout_engine() is self._layout:
            self.fig.set_layout_engine("none")  # steps then move artists, not axes
        canvas: Any = self.fig.canvas
        self._boxes = self._zones()
        self._background = {k: canvas.copy_from_bbox(box) for k, box in self._boxes.items()}
        self._draw(["curves", "knobs", "readout"])

    def _on_resize(self, event: Any) -> None:
        self._relayout()

    def _draw(self, groups: Sequence[str]) -> None:
        canvas: Any = self.fig.canvas
        renderer = canvas.get_renderer()
        artists = [a for g in groups for a in self._groups[g]]
        if "curves" in groups or "readout" in groups:  # both repaint the plot
            artists += [self._cursor, *self._marks]
        for artist in sorted(dict.fromkeys(artists), key=lambda a: a.get_zorder()):
            if artist.get_visible():
                artist.draw(renderer)

    def _blit(self, what: str = "all") -> None:
        """Repaint what changed over the saved background, or draw everything.

        ``what``: ``"step"`` (curves and sliders), ``"mouse"`` (curves,
        cursor and readout) or ``"all"`` (a full draw, no new layout).
        """
        canvas: Any = self.fig.canvas
        if self._background is None or what == "all":
            self._background = None
            canvas.draw_idle()
            return
        zones = ["curves", *(k for k in self._boxes if k.startswith("slider"))]
        groups = ["curves", "knobs"]
        if what == "mouse":
            zones, groups = ["curves", "readout"], ["curves", "readout"]
        for zone in zones:
            canvas.restore_region(self._background[zone])
        self._draw(groups)
        for zone in zones:
            canvas.blit(self._boxes[zone])

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
        """Set parameter ``name`` on every function that has it, and redraw the curves.

        A slider's value is rounded to 3 significant digits, so that legends
        read "α=2.24", not "α=2.239562142787948". The curves, legend and
        title change in place; the y-limits grow if the curves need it.
        """
        from actplot.render.figure import refresh_figure

        value = float(f"{value:.3g}")
        try:
            acts = [a.with_params(**{name: value}) if name in a.values else a for a in self.acts]
        except ValueError as error:
            self.message = str(error)
            self._show_readout(None)
            self._blit("mouse")
            return
        self.acts = acts
        self._stale = True
        grew = refresh_figure(self.ax, self.acts, self.x, self._spec())
        self._collect_animated()  # a jump may have appeared: its dots are new
        self.update_window_title()
        if self.message:  # an earlier refusal: the readout shows the hint again
            self.message = ""
            self._show_readout(None)
            self._blit("mouse")
        # New limits mean new ticks: a full draw (without a new layout).
        self._blit("all" if grew else "step")

    def settle(self) -> None:
        """After a drag or key steps: rebuild once (limits refitted, legend placed anew)."""
        if self._stale:
            with self.look.context():
                self._build()

    def step(self, steps: float) -> None:
        """Move the selected slider by ``steps`` hundredths of its range."""
        if not self.sliders:
            return
        slider = list(self.sliders.values())[self.selected]
        value = slider.val + steps * (slider.valmax - slider.valmin) / STEPS_PER_RANGE
        slider.set_val(min(max(value, slider.valmin), slider.valmax))
        self._settle_later()

    def select(self, offset: int) -> None:
        """Select the next (+1) or previous (-1) slider for the arrow keys."""
        if self.sliders:
            self.selected = (self.selected + offset) % len(self.sliders)
            self._mark_selected()
            self._blit("all")

    def _mark_selected(self) -> None:
        """The slider the arrow keys move has a label in full colour, the others grey."""
        for i, slider in enumerate(self.sliders.values()):
            chosen = i == self.selected or len(self.sliders) == 1
            slider.label.set_alpha(1.0 if chosen else 0.45)

    def _settle_later(self) -> None:
        if self._timer is None:
            self._timer = self.fig.canvas.new_timer(interval=SETTLE_MS)
            self._timer.single_shot = True
            self._timer.add_callback(self.settle)
        self._timer.stop()
        self._timer.start()

    def toggle(self, what: str) -> None:
        """Toggle ``"derivative"``, ``"saturation"`` or ``"grid"``."""
        if what == "grid":
            self.grid = not self.grid
            self.ax.grid(self.grid)
            self._background = None
            self.fig.canvas.draw_idle()
            return
        from actplot.analysis.saturation import check_shadable

        try:
            if what == "saturation":
                check_shadable(len(self.acts))
        except ValueError as error:  # said in the readout line, the plot stays
            self.message = str(error)
            self._show_readout(None)
            self._blit("mouse")
            return
        setattr(self, what, not getattr(self, what))
        self.message = ""
        with self.look.context():
            self._build()

    # ------------------------------------------------------------ saving

    def default_filename(self) -> str:
        """``elu.png``: the name ``actplot NAME`` saves under without ``-o``."""
        from actplot.sweep import file_stem

        return f"{file_stem(self.acts[0])}.png"

    def clean_figure(self) -> Figure:
        """The figure as shown, without sliders, readout or cursor, at the spec's size and dpi."""
        from actplot.render.figure import build_figure

        fig = build_figure(self.acts, self.x, self._spec())
        if not self.grid:
            fig.axes[0].grid(False)
        return fig

    def save(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Save :meth:`clean_figure` (default: :meth:`default_filename` here) and report it.

        The report names the file and the command line that makes it again.
        """
        from actplot.output import FIGURE_FORMATS, atomic_write
        from actplot.render.looks import look_of

        path = Path(path if path is not None else self.default_filename())
        fig = self.clean_figure()
        fmt = path.suffix.lower().lstrip(".") or "png"
        spec = self._spec()

        def write(fileobj: Any) -> None:
            with look_of(fig).context():
                fig.savefig(fileobj, format=fmt, dpi=spec.dpi, transparent=spec.transparent)

        atomic_write(path, write)
        target = path if fmt in FIGURE_FORMATS else path.with_suffix(".png")
        command = equivalent_command(self.acts, self.x, spec, target)
        if command is None:
            line = f"saved {path} (no single actplot command makes this figure)"
        else:
            line = f"saved {path}; the same figure: {command}"
            if not self.grid:
                line += " (the window's grid was off)"
        self.report(line)
        return path

    def _toolbar_save(self, fname: Any, *args: Any, **kwargs: Any) -> None:
        """What the toolbar's save dialog calls as ``figure.savefig``: a clean save."""
        self.save(os.fspath(fname))

    # ------------------------------------------------------------ events

    def on_key(self, event: Any) -> None:
        key = event.key or ""
        action = {"d": "derivative", "s": "saturation", "g": "grid"}.get(key)
        if action:
            self.toggle(action)
        elif key == "ctrl+s":
            self.save()
        elif key in ("left", "right", "shift+left", "shift+right"):
            size = 10 if key.startswith("shift") else 1
            self.step(size if key.endswith("right") else -size)
        elif key in ("up", "down"):
            self.select(-1 if key == "up" else 1)

    def on_release(self, event: Any) -> None:
        """A drag of a slider ended: rebuild once."""
        if self._stale and any(event.inaxes is s.ax for s in self.sliders.values()):
            self.settle()

    def on_move(self, event: Any) -> None:
        if event.inaxes is not self.ax or event.xdata is None:
            self._show_readout(None)
        else:
            self._show_readout(float(event.xdata))
        self._blit("mouse")

    def _show_readout(self, x: float | None) -> None:
        """Write x, f(x), f'(x) per function (or the hint) and move the cursor."""
        for mark in self._marks:
            mark.remove()
        self._marks = []
        if x is None:
            if self._cursor is not None:
                self._cursor.set_visible(False)
            hint = "keys: d derivative · s saturation · g grid · ctrl+s save"
            if len(self.sliders) > 1:
                hint += " · ←/→ move the dark slider, ↑/↓ choose it"
            elif self.sliders:
                hint += " · ←/→ move the slider"
            self.readout.set_text(self.message or hint)
            return
        self._cursor.set_xdata([x, x])
        self._cursor.set_visible(True)
        rows = [f"x = {x:.6g}"]
        for act, line in zip(self.acts, self.lines[:: 2 if self.derivative else 1], strict=False):
            fx = float(act(x))
            row = f"{act.title}:  f = {fx:.6g}"
            self._marks.append(self._mark(x, fx, line.get_color(), filled=True))
            if self.derivative:
                dfx = float(act.derivative(x))
                row += f",  f' = {dfx:.6g}"
                self._marks.append(self._mark(x, dfx, line.get_color(), filled=False))
            rows.append(row)
        if len(rows) > MAX_READOUT + 1:
            rows = [*rows[:MAX_READOUT], "…"]
        self.readout.set_text("\n".join(rows))

    def _mark(self, x: float, y: float, color: Any, *, filled: bool) -> Any:
        (mark,) = self.ax.plot(
            [x], [y], "o", color=color, ms=4, mfc=color if filled else "none", animated=True
        )
        return mark

    # ------------------------------------------------------------ title

    def update_window_title(self) -> None:
        """The window's title: the figure's title in plain text, for the current values."""
        manager = getattr(self.fig.canvas, "manager", None)
        if manager is not None:
            manager.set_window_title(self.window_title)

    @property
    def window_title(self) -> str:
        return window_title(self.acts, self.look, derivative=self.derivative)


def window_title(acts: Sequence[Activation], look: Look, *, derivative: bool = True) -> str:
    """The figure title as plain text (no mathtext): ``x σ(1.702x) (solid) and ...``."""
    from actplot.render.curves import title_for

    return _plain_text(title_for(acts, derivative=derivative, lang=look.lang))


def _plain_text(text: str) -> str:
    from actplot.text.describe import plain

    return re.sub(r"\$([^$]*)\$", lambda m: plain(m.group(1)), text)


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
