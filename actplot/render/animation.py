"""Animated parameter sweeps: one frame per value, written as GIF, MP4 or an offline HTML page.

:func:`animate` builds one figure (by :func:`actplot.render.figure.build_figure`,
so it looks like the static one) and redraws only its curves and title per
frame. Every frame has the same axes: the y-limits are fitted to the curves of
all frames, the layout is computed once, and the legend is placed once where
it covers no curve of any frame (outside the axes if no corner is free). The
legend names the functions without the swept value; the title shows it.

GIF and MP4 frames are drawn by blitting (:meth:`SweepAnimation.rgba_frames`):
only the curves, title, spines and legend are drawn per frame, three times
faster than matplotlib's writers, which redraw the whole figure for each. GIF
is encoded by Pillow (which comes with matplotlib) with one palette shared by
all frames; MP4 by ffmpeg (H.264) when it is on PATH. HTML is matplotlib's
JavaScript export (``to_jshtml``: a slider and play buttons), made
self-contained: its one external reference, a stylesheet of button icons, is
replaced by inline SVG icons. Every file is written through
:func:`actplot.output.atomic_write`.
"""

from __future__ import annotations

import contextlib
import html
import math
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import matplotlib as mpl
import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from actplot.catalogue import Activation
from actplot.output import ANIMATION_FORMATS, UnsupportedFormatError, atomic_write
from actplot.render.curves import curve, title_for
from actplot.render.defaults import ANIMATION_FPS
from actplot.render.figure import build_figure, fitted_ylim
from actplot.render.legend import axes_fraction_points, renderer_of
from actplot.render.looks import look_of
from actplot.render.spec import FigureSpec
from actplot.sweep import Frames

__all__ = [
    "MAX_HTML_MB",
    "MAX_SAMPLES",
    "AnimationError",
    "SweepAnimation",
    "animate",
    "check_budget",
    "check_writer",
]

# Curve samples over all frames (frames x curves x points): the curves of
# every frame are computed once and kept, at 16 bytes a sample (~100 MB).
MAX_SAMPLES = 6_000_000
MAX_HTML_MB = 50  # an HTML page embeds every frame as a PNG

_LEGEND_SPOTS: tuple[Any, ...] = (
    "upper left",
    "upper right",
    "lower right",
    "lower left",
    "center left",
    "center right",
    "upper center",
    "lower center",
)


class AnimationError(RuntimeError):
    """An animation could not be written: no ffmpeg, ffmpeg failed, or a page too large."""


def check_writer(fmt: str) -> None:
    """Raise :class:`AnimationError` now if ``fmt`` cannot be written on this machine."""
    if fmt not in ANIMATION_FORMATS:
        raise UnsupportedFormatError(
            f"not an animated format: .{fmt} (use {', '.join('.' + f for f in ANIMATION_FORMATS)})"
        )
    if fmt == "mp4" and shutil.which("ffmpeg") is None:
        raise AnimationError("cannot write .mp4: ffmpeg is not on PATH (install it, or use .gif)")


def check_budget(frames: Frames, points: int, *, derivative: bool = True) -> None:
    """Raise ValueError if the animation would compute more than :data:`MAX_SAMPLES` samples."""
    curves = sum(len(frame) for frame in frames.frames) * (2 if derivative else 1)
    if curves * points > MAX_SAMPLES:
        raise ValueError(
            f"an animation of {len(frames)} frames with {len(frames.frames[0])} "
            f"function(s) at {points:,} points is {curves * points:,} samples; "
            f"the limit is {MAX_SAMPLES:,} (use fewer frames or --points)"
        )


class SweepAnimation:
    """A figure whose curves and title change per frame; :meth:`save` writes it.

    ``figure`` shows frame 0 after construction; :meth:`show_frame` switches it
    to another frame (the tests read the line data of each frame this way).
    """

    def __init__(self, frames: Frames, x: np.ndarray, spec: FigureSpec, fps: float):
        if spec.saturation is not None:
            raise ValueError("--saturation shades a static figure; it does not animate")
        if not 1 <= fps <= 60:
            raise ValueError(f"frames per second must be in [1, 60], got {fps:g}")
        check_budget(frames, x.size, derivative=spec.derivative)
        self.frames = frames
        self.fps = float(fps)
        self._spec = spec
        # The curves of every frame, once: for the limits, the legend and the frames.
        self._data = [self._curves(acts, x, spec.derivative) for acts in frames.frames]
        ylim = spec.ylim if spec.ylim is not None else _fitted_ylim(self._data)
        fig: Figure = build_figure(
            frames.frames[0], x, spec.replace(ylim=ylim, title=self.title(0))
        )
        self.figure = fig
        self.ax = fig.axes[0]
        self.lines: list[Line2D] = list(self.ax.get_lines())
        if len(self.lines) != len(self._data[0]):
            raise RuntimeError("the figure has other lines than the curves it animates")
        with look_of(fig).context():
            self._label_without_sweep(frames.frames[0])
            self._place_legend()
            self.show_frame(0)
            fig.canvas.draw()  # the layout, computed once for every frame ...
        fig.set_layout_engine(None)  # ... and kept: the axes never move

    def __len__(self) -> int:
        return len(self.frames)

    @staticmethod
    def _curves(
        acts: Sequence[Activation], x: np.ndarray, derivative: bool
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        out = []
        for act in acts:
            out.append(curve(act, x))
            if derivative:
                out.append(curve(act, x, derivative=True))
        return out

    def title(self, i: int) -> str:
        """Frame i's title: the default one names the value (``ELU (α=0.5) ...``)."""
        if self._spec.title is None:
            return title_for(self.frames.frames[i], derivative=self._spec.derivative,
                             lang=self._spec.lang)  # fmt: skip
        return f"{self._spec.title} ({self.frames.symbol} = {self.frames.values[i]:.6g})"

    def show_frame(self, i: int) -> None:
        """Draw frame i's curves and title on the figure (nothing else changes)."""
        for line, (xs, ys) in zip(self.lines, self._data[i], strict=True):
            line.set_data(xs, ys)
        self.ax.title.set_text(self.title(i))

    def _label_without_sweep(self, acts: Sequence[Activation]) -> None:
        """Legend entries name each function without the swept value (the title has it)."""
        k = 0
        for act in acts:
            name = _name_without(act, self.frames.param)
            for line in self.lines[k : k + (2 if self._spec.derivative else 1)]:
                line.set_label(str(line.get_label()).replace(act.title, name, 1))
            k += 2 if self._spec.derivative else 1

    def _place_legend(self) -> None:
        """The first corner whose legend box no curve of any frame enters, else outside right."""
        ax = self.ax
        renderer = renderer_of(ax)
        boxes = []
        for loc in _LEGEND_SPOTS:
            legend = ax.legend(handles=self.lines, loc=loc)
            box = legend.get_window_extent(renderer).transformed(ax.transAxes.inverted())
            boxes.append((loc, box))
        free = list(boxes)
        pad = 0.01
        for i in range(len(self)):
            if not free:
                break
            for line, (xs, ys) in zip(self.lines, self._data[i], strict=True):
                line.set_data(xs, ys)
            u, v = axes_fraction_points(ax, self.lines)
            free = [
                (loc, b)
                for loc, b in free
                if not np.any(
                    (u > b.x0 - pad) & (u < b.x1 + pad) & (v > b.y0 - pad) & (v < b.y1 + pad)
                )
            ]
        if free:
            ax.legend(handles=self.lines, loc=free[0][0])
        else:
            ax.legend(handles=self.lines, loc="center left", bbox_to_anchor=(1.02, 0.5))

    # ------------------------------------------------------------ writing

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the animation atomically; the format (gif, mp4, html) is the extension's.

        Raises
        ------
        AnimationError
            When ffmpeg is missing or fails, or the HTML page would pass
            :data:`MAX_HTML_MB`; no file is left behind.
        """
        path = Path(path)
        fmt = path.suffix.lower().lstrip(".")
        check_writer(fmt)
        with look_of(self.figure).context():
            if fmt == "html":
                page = self.to_html().encode("utf-8")

                def write(fileobj: IO[bytes]) -> None:
                    fileobj.write(page)

                atomic_write(path, write)
            else:
                self._save_movie(path, fmt)
        return path

    @contextlib.contextmanager
    def _blitter(self) -> Iterator[Callable[[int], np.ndarray]]:
        """A function giving frame i's pixels (height x width x 4, uint8), drawn by blitting.

        Everything that does not change (axes, ticks, grid, legend) is rendered
        once; per frame only the curves, the title, and then the spines over
        them are drawn on a copy of it: a fifth of the time of a full redraw,
        and the same picture (the tests compare the two). The legend can stay
        in the background because no curve of any frame crosses it.
        """
        fig = self.figure
        canvas: Any = fig.canvas
        changing = [*self.lines, self.ax.title, *self.ax.spines.values()]
        for artist in changing:
            artist.set_animated(True)
        try:
            with look_of(fig).context():
                canvas.draw()
                background = canvas.copy_from_bbox(fig.bbox)

                def frame(i: int) -> np.ndarray:
                    canvas.restore_region(background)
                    self.show_frame(i)
                    for artist in changing:
                        fig.draw_artist(artist)
                    return np.array(canvas.buffer_rgba())

                yield frame
        finally:
            for artist in changing:
                artist.set_animated(False)
            self.show_frame(0)

    def rgba_frames(self) -> Iterator[np.ndarray]:
        """Every frame's pixels in order (see :meth:`_blitter`)."""
        with self._blitter() as frame:
            for i in range(len(self)):
                yield frame(i)

    def _save_movie(self, path: Path, fmt: str) -> None:
        if fmt == "gif":
            atomic_write(path, self._write_gif)
            return
        with tempfile.TemporaryDirectory(prefix="actplot-") as tmp:
            movie = Path(tmp) / "movie.mp4"
            self._write_mp4(movie)

            def copy(fileobj: IO[bytes]) -> None:
                with movie.open("rb") as src:
                    shutil.copyfileobj(src, fileobj)

            atomic_write(path, copy)

    def _write_gif(self, fileobj: IO[bytes]) -> None:
        """All frames mapped to one palette: the 256 commonest colours of the first,
        middle and last frames.

        Pillow would compute a palette per frame (median cut, most of a GIF's
        time, and it shifts the white background to grey); one palette of the
        colours actually drawn keeps the background, lines and text exact, with
        only rare antialiasing shades mapped to their nearest colour (no dither).
        """
        from PIL import Image  # Pillow comes with matplotlib

        frames = [rgba[..., :3] for rgba in self.rgba_frames()]
        height, width = frames[0].shape[:2]
        picks = sorted({0, len(frames) // 2, len(frames) - 1})
        keys, counts = np.unique(np.concatenate([_rgb_keys(frames[i]) for i in picks]),
                                 return_counts=True)  # fmt: skip
        palette = keys[np.argsort(-counts, kind="stable")[:256]]
        palette_rgb = _key_rgb(palette).astype(np.int32)
        # Each colour's nearest palette entry (itself, for the common ones),
        # looked up in a table of every 24-bit colour, filled as colours appear.
        lut = np.zeros(1 << 24, dtype=np.uint8)
        known = np.zeros(1 << 24, dtype=bool)
        images = []
        for rgb in frames:
            keys = _rgb_keys(rgb)
            new = np.unique(keys[~known[keys]])
            if new.size:
                dist = ((_key_rgb(new)[:, None, :] - palette_rgb) ** 2).sum(-1)
                lut[new] = np.argmin(dist, axis=1)
                known[new] = True
            index = lut[keys].reshape(height, width)
            image = Image.frombytes("P", (width, height), index.tobytes())
            image.putpalette(palette_rgb.astype(np.uint8).tobytes())
            images.append(image)
        images[0].save(
            fileobj,
            format="GIF",
            save_all=True,
            append_images=images[1:],
            duration=max(1, math.floor(1000 / self.fps)),
            loop=0,
            optimize=False,
        )

    def _write_mp4(self, movie: Path) -> None:
        """H.264 through ffmpeg, the raw frames piped in (as matplotlib's FFMpegWriter does)."""
        width, height = (int(v) for v in self.figure.canvas.get_width_height())
        command = [
            str(shutil.which("ffmpeg") or "ffmpeg"),
            "-loglevel", "error", "-f", "rawvideo", "-vcodec", "rawvideo",
            "-s", f"{width}x{height}", "-pix_fmt", "rgba", "-framerate", f"{self.fps:g}",
            "-i", "pipe:",
            # yuv420p, what players expect, needs even pixel sizes.
            "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-vcodec", "h264", "-pix_fmt", "yuv420p",
            "-y", str(movie),
        ]  # fmt: skip
        with tempfile.TemporaryFile() as errors:
            proc = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=errors)
            assert proc.stdin is not None
            try:
                for rgba in self.rgba_frames():
                    proc.stdin.write(rgba.tobytes())
            except BrokenPipeError:
                pass  # ffmpeg stopped: its message follows
            finally:
                proc.stdin.close()
                code = proc.wait()
            if code != 0:
                errors.seek(0)
                lines = errors.read().decode(errors="replace").strip().splitlines()
                raise AnimationError(
                    f"ffmpeg failed: {lines[-1] if lines else f'exit status {code}'}"
                )

    def to_html(self) -> str:
        """One self-contained HTML page: every frame embedded, a slider and play buttons.

        The frames are the blitted ones, shown through matplotlib's own export
        by a figure that holds only the frame's image (so each costs a PNG
        encoding, not a redraw of the figure).
        """
        width, height = self.figure.canvas.get_width_height()
        dpi = self.figure.dpi
        with self._blitter() as frame:
            screen = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
            FigureCanvasAgg(screen)
            image = screen.figimage(frame(0), origin="upper")
            animation = FuncAnimation(
                screen,
                lambda i: image.set_data(frame(i)),
                frames=len(self),
                init_func=lambda: None,
                interval=1000 / self.fps,
                repeat=True,
                cache_frame_data=False,
            )
            rc: dict[Any, Any] = {"animation.embed_limit": MAX_HTML_MB, "savefig.dpi": "figure"}
            with mpl.rc_context(rc):
                snippet = animation.to_jshtml(fps=round(self.fps), default_mode="loop")
        embedded = len(re.findall(r'frames\[\d+\] = "data:image/', snippet))
        if embedded != len(self):
            raise AnimationError(
                f"the HTML page would pass {MAX_HTML_MB} MB after {embedded} of {len(self)} "
                "frames; use fewer frames, --points, --size or --dpi"
            )
        snippet = offline(snippet)
        title = html.escape(_plain(self.title(0)))
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{self._spec.lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n</head>\n<body>\n{snippet}\n</body>\n</html>\n"
        )


def animate(
    frames: Frames, x: np.ndarray, spec: FigureSpec, *, fps: float = ANIMATION_FPS
) -> SweepAnimation:
    """The animation of ``frames`` over the sorted grid ``x``, drawn as ``spec`` says.

    Raises
    ------
    ValueError
        For saturation shading (static figures only), a bad ``fps`` or more
        than :data:`MAX_SAMPLES` samples.
    """
    return SweepAnimation(frames, x, spec, fps)


def _fitted_ylim(data: Sequence[Sequence[tuple[np.ndarray, np.ndarray]]]) -> tuple[float, float]:
    """:func:`fitted_ylim` of the curves of every frame (each frame's extremes stand for it)."""
    proxies = []
    for frame in data:
        ys = np.concatenate([y for _, y in frame])
        ys = ys[np.isfinite(ys)]
        if ys.size:
            proxies.append(Line2D([0.0, 1.0], [float(ys.min()), float(ys.max())]))
    return fitted_ylim(proxies)


def _rgb_keys(rgb: np.ndarray) -> np.ndarray:
    """One integer per pixel of an (h, w, 3) uint8 image: 0xRRGGBB."""
    rgb = rgb.astype(np.int32)
    return ((rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]).ravel()


def _key_rgb(keys: np.ndarray) -> np.ndarray:
    """The (n, 3) colours of keys made by :func:`_rgb_keys`."""
    return np.stack([(keys >> 16) & 255, (keys >> 8) & 255, keys & 255], axis=-1)


def _name_without(act: Activation, param: str) -> str:
    """``act``'s title without the parameter ``param`` (the swept one)."""
    shown = [p for p in act.params if p.name != param]
    if len(shown) == len(act.params):
        return act.title
    if not shown:
        return act.label
    values = ", ".join(f"{p.symbol}={act.values[p.name]:.6g}" for p in shown)
    return f"{act.label} ({values})"


def _plain(text: str) -> str:
    return text.replace("$", "")


# ---------------------------------------------------------------- offline HTML

# matplotlib's page takes its button icons from a Font Awesome stylesheet on
# a CDN; these inline SVGs (16 x 16, no namespace needed inside HTML) replace them.
_ICON_PATHS = {
    "minus": "M3 7h10v2H3z",
    "plus": "M7 3h2v4h4v2H9v4H7V9H3V7h4z",
    "fast-backward": "M2 3h2v10H2zM9 3v10L4 8zM14 3v10L9 8z",
    "step-backward": "M3 3h2v10H3zM13 3v10L5 8z",
    "play fa-flip-horizontal": "M12 3v10L4 8z",
    "pause": "M4 3h3v10H4zM9 3h3v10H9z",
    "play": "M4 3v10l8-5z",
    "step-forward": "M3 3v10l8-5zM11 3h2v10h-2z",
    "fast-forward": "M2 3v10l5-5zM7 3v10l5-5zM12 3h2v10h-2z",
}


def _icon(match: re.Match[str]) -> str:
    path = _ICON_PATHS.get(match.group(1))
    if path is None:
        raise AnimationError(f"matplotlib's page has an icon actplot does not know: {match[0]}")
    return (
        '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" '
        f'style="vertical-align:middle"><path fill="currentColor" d="{path}"/></svg>'
    )


def offline(snippet: str) -> str:
    """matplotlib's ``to_jshtml`` page without external references (icons inline).

    Raises :class:`AnimationError` if any ``http://`` or ``https://`` remains.
    """
    snippet = re.sub(r"<link[^>]*font-awesome[^>]*>", "", snippet, flags=re.S)
    snippet = re.sub(r'<i class="fa fa-([a-z -]+)"></i>', _icon, snippet)
    if re.search(r"https?://", snippet):
        where = re.search(r"https?://\S{0,40}", snippet)
        raise AnimationError(
            f"matplotlib's page refers to {where[0] if where else 'the web'}; "
            "actplot cannot make it offline"
        )
    return snippet
