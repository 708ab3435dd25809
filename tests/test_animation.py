"""Animated sweeps: frames drawn as figures, GIF/MP4/HTML written from them, limits, bad input."""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageSequence

from actplot.analysis.sampling import grid
from actplot.render.animation import MAX_SAMPLES, animate, offline
from actplot.render.legend import axes_fraction_points
from actplot.render.spec import FigureSpec
from actplot.sweep import MAX_FRAMES, frames, parse_params

X = grid(-5, 5, points=401)


def _animation(names=("elu",), params=("alpha=0.1:3:6",), x=X, **spec):
    return animate(frames(list(names), parse_params(list(params))), x, FigureSpec(dpi=60, **spec))


# ---------------------------------------------------------------- the frames as figures


def test_each_frame_draws_one_value_on_the_same_axes():
    anim = _animation()
    ax = anim.ax
    limits = []
    for i, value in enumerate(anim.frames.values):
        anim.show_frame(i)
        (act,) = anim.frames.frames[i]
        assert act.values["alpha"] == value
        f_line, d_line = ax.get_lines()
        xs, ys = (np.asarray(v, float) for v in f_line.get_data())
        ok = np.isfinite(ys)
        assert np.array_equal(ys[ok], act(xs[ok]))
        xs, ys = (np.asarray(v, float) for v in d_line.get_data())
        ok = np.isfinite(ys)
        assert np.array_equal(ys[ok], act.derivative(xs[ok]))
        assert d_line.get_linestyle() == "--" and f_line.get_linestyle() == "-"
        assert f"α = {value:.6g}" in ax.get_title()
        limits.append((ax.get_xlim(), ax.get_ylim()))
    assert len(set(limits)) == 1  # the same limits in every frame ...
    lo, hi = limits[0][1]
    for i in range(len(anim)):  # ... fitted to all of them
        anim.show_frame(i)
        for line in ax.get_lines():
            y = np.asarray(line.get_ydata(), float)
            assert np.all(y[np.isfinite(y)] >= lo) and np.all(y[np.isfinite(y)] <= hi)
    # the lowest point of all frames (the last, alpha = 3, at x = -5) sets the margin
    lowest = 3 * np.expm1(-5.0)
    assert lo == pytest.approx(lowest - 0.05 * (5 - lowest), rel=1e-12)


def test_the_legend_names_the_functions_once_without_the_swept_value():
    anim = _animation(names=("elu", "sigmoid"))
    texts = [t.get_text() for t in anim.ax.get_legend().get_texts()]
    assert texts == ["ELU", "ELU derivative", "Sigmoid", "Sigmoid derivative"]
    legend = anim.ax.get_legend()
    renderer = anim.figure.canvas.get_renderer()
    box = legend.get_window_extent(renderer).transformed(anim.ax.transAxes.inverted())
    for i in range(len(anim)):  # placed once, clear of every frame's curves
        anim.show_frame(i)
        u, v = axes_fraction_points(anim.ax, anim.lines)
        assert not np.any((u > box.x0) & (u < box.x1) & (v > box.y0) & (v < box.y1))


def test_other_parameters_stay_in_the_legend():
    anim = _animation(names=("srelu",), params=("t_left=-2:-0.5:3",))
    texts = [t.get_text() for t in anim.ax.get_legend().get_texts()]
    assert texts[0] == "SReLU (aₗ=0.1, tᵣ=1, aᵣ=0.1)"
    assert "tₗ = -2" in anim.ax.get_title()


def test_a_given_title_gets_the_value():
    anim = _animation(title="Exponential linear unit")
    anim.show_frame(len(anim) - 1)
    assert anim.ax.get_title() == "Exponential linear unit (α = 3)"


def test_blitted_frames_are_the_full_redraws():
    anim = _animation(names=("elu", "relu"))
    blitted = list(anim.rgba_frames())
    assert len(blitted) == len(anim)
    for i in (0, len(anim) - 1):
        anim.show_frame(i)
        anim.figure.canvas.draw()
        full = np.asarray(anim.figure.canvas.buffer_rgba())
        assert full.shape == blitted[i].shape
        differ = np.any(full != blitted[i], axis=-1)
        assert differ.mean() < 1e-3, differ.mean()


# ---------------------------------------------------------------- files


def _gif_frames(path: Path) -> list[np.ndarray]:
    with Image.open(path) as im:
        assert im.info["loop"] == 0
        return [np.asarray(f.convert("RGB")) for f in ImageSequence.Iterator(im)]


def test_gif_has_one_frame_per_value(run, tmp_path):
    out = tmp_path / "elu.gif"
    result = run(["elu", "-p", "alpha=0.5:2:4", "--points", "501", "--fps", "5", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    assert out.read_bytes().startswith(b"GIF89a")
    gif = _gif_frames(out)
    assert len(gif) == 4
    assert gif[0].shape == (480, 640, 3)  # the default size at the animation dpi (100)
    with Image.open(out) as im:
        assert im.info["duration"] == 200
    assert not np.array_equal(gif[0], gif[-1])
    assert np.all(gif[0][2, 2] == 255)  # white stays white (one palette of the drawn colours)


def test_gif_frames_are_the_figure_frames():
    anim = _animation()
    buffer = io.BytesIO()
    anim._write_gif(buffer)
    buffer.seek(0)
    gif = [np.asarray(f.convert("RGB")) for f in ImageSequence.Iterator(Image.open(buffer))]
    for mine, theirs in zip(anim.rgba_frames(), gif, strict=True):
        same = np.all(mine[..., :3] == theirs, axis=-1)
        assert same.mean() > 0.98  # only rare antialiasing shades are mapped to neighbours
        assert np.abs(mine[..., :3].astype(int) - theirs).mean() < 1


def test_thirty_frame_gif_size_budget(tmp_path):
    # The size budget: at the default size, 30 frames under 2 MB. Its time
    # budget (30 frames in at most 10 s) is measured by tests/benchmark.py, not
    # asserted here: the machine is shared.
    anim = animate(
        frames(["elu"], parse_params(["alpha=0.1:3:30"])), grid(-10, 10), FigureSpec(dpi=100)
    )
    out = anim.save(tmp_path / "elu.gif")
    assert len(_gif_frames(out)) == 30
    assert out.stat().st_size < 2_000_000


def test_html_is_one_offline_page_with_a_slider(run, tmp_path):
    out = tmp_path / "leaky.html"
    result = run(["leaky_relu", "-p", "alpha=0:1:5", "--points", "201", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not re.search(r"https?://", page)
    assert "<link" not in page and "font-awesome" not in page and 'class="fa' not in page
    assert 'type="range"' in page
    for label in ("Play", "Pause", "Next frame", "Previous frame"):
        assert f'aria-label="{label}"' in page
    assert page.count("<svg") == 9  # every button has its icon inline
    frames_ = re.findall(r'frames\[(\d+)\] = "data:image/png;base64,([^"]+)"', page)
    assert [int(i) for i, _ in frames_] == list(range(5))
    images = [
        Image.open(io.BytesIO(base64.b64decode(data.replace("\\n", "")))) for _, data in frames_
    ]
    assert {im.size for im in images} == {(640, 480)}
    assert "<title>Leaky ReLU with α = 0 (solid) and its derivative (dashed)</title>" in page


def test_html_frames_are_the_figure_frames():
    anim = _animation(params=("alpha=0.1:3:3",))
    page = anim.to_html()
    data = re.findall(r'"data:image/png;base64,([^"]+)"', page)
    for mine, encoded in zip(anim.rgba_frames(), data, strict=True):
        png = np.asarray(Image.open(io.BytesIO(base64.b64decode(encoded.replace("\\n", "")))))
        assert np.array_equal(png[..., :3], mine[..., :3])


def test_offline_refuses_a_page_that_still_refers_to_the_web():
    from actplot.render.animation import AnimationError

    with pytest.raises(AnimationError, match="https://example.org"):
        offline('<script src="https://example.org/x.js"></script>')


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
def test_mp4_through_ffmpeg(run, tmp_path):
    out = tmp_path / "swish.mp4"
    result = run(["swish", "-p", "beta=0.1:10:6", "--points", "301", "-o", str(out)])
    assert result.exit_code == 0, result.output
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-show_entries",
         "stream=nb_read_frames,width,height,codec_name", "-of", "csv=p=0", str(out)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert probe.stdout.strip() == "h264,640,480,6"


def test_mp4_without_ffmpeg_is_one_line_exit_1_and_no_file(files_in, run, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    result = run(
        ["elu", "-p", "alpha=1:2:3", "-o", "e.mp4"], cwd=tmp_path, env={"PATH": str(empty)}
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: cannot write .mp4: ffmpeg is not on PATH (install it, or use .gif)"
    )
    assert files_in(tmp_path) == {"bin"}


def test_a_failing_ffmpeg_leaves_no_file(files_in, run, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "ffmpeg"
    fake.write_text("#!/bin/sh\ncat > /dev/null\necho 'Unknown encoder h264' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = run(["elu", "-p", "alpha=1:2:3", "--points", "101", "-o", "e.mp4"], cwd=tmp_path,
                 env=env)  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: ffmpeg failed: Unknown encoder h264"
    assert files_in(tmp_path) == {"bin"}


def test_a_failed_write_keeps_the_existing_file(run, tmp_path, monkeypatch):
    out = tmp_path / "e.gif"
    out.write_bytes(b"old")

    def broken(self, fileobj):
        fileobj.write(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("actplot.render.animation.SweepAnimation._write_gif", broken)
    result = run(["elu", "-p", "alpha=1:2:3", "--points", "101", "-o", str(out)])
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.gif"]


# ---------------------------------------------------------------- bad input and limits

BAD = [
    (["elu"], 2, "an animation sweeps a parameter: add -p alpha=START:STOP:COUNT"),
    (["elu", "-p", "alpha=1"], 2, "add -p alpha=START:STOP:COUNT"),
    (["sigmoid"], 2, "sigmoid takes none"),
    (["smht", "-p", "a=1:2:3", "-p", "b=1:2:3"], 2, "a and b each have several values"),
    (["elu", "-p", f"alpha=0:1:{MAX_FRAMES + 1}"], 2, f"at most {MAX_FRAMES}"),
    (["elu", "-p", "alpha=0:1:30", "--points", "200001"], 2, f"the limit is {MAX_SAMPLES:,}"),
    (["elu", "-p", "alpha=0:1:3", "--transparent"], 2, "opaque background"),
    (["elu", "-p", "alpha=0:1:3", "--saturation"], 2, "does not apply to ."),
    (["elu", "-p", "alpha=0:1:3", "--fps", "0"], 2, "--fps"),
]


@pytest.mark.parametrize(("args", "code", "message"), BAD, ids=lambda v: str(v))
@pytest.mark.parametrize("fmt", ["gif", "html"])
def test_bad_animation_input_is_one_line_and_no_file(
    files_in, run, tmp_path, args, code, message, fmt
):
    result = run([*args, "-o", f"out.{fmt}"], cwd=tmp_path)
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], lines
    assert files_in(tmp_path) == set()
