"""``actplot gallery`` and ``gallery_figure``."""

from __future__ import annotations

import numpy as np
import pytest

import actplot
from actplot.catalogue import CATALOGUE
from actplot.render.gallery import gallery_figure


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_gallery_of_everything_is_written(magic, run, tmp_path, fmt: str) -> None:
    out = tmp_path / f"gallery.{fmt}"
    result = run(["gallery", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(magic[fmt])
    assert result.stdout.strip() == str(out)


def test_gallery_subset_with_options(magic, run, tmp_path) -> None:
    out = tmp_path / "four.svg"
    args = ["gallery", "sigmoid", "TanH", "relu", "gelu", "-r", "-4", "4", "--cols", "2"]
    result = run([*args, "--size", "6", "5", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(magic["svg"])


def test_gallery_default_output_in_cwd(magic, run, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(["gallery", "relu"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "gallery.png").read_bytes().startswith(magic["png"])


@pytest.mark.parametrize(
    "args",
    [
        ["gallery", "sigmod"],
        ["gallery", "-o", "g.csv"],
        ["gallery", "-r", "5", "-5"],
        ["gallery", "--cols", "0"],
    ],
)
def test_gallery_bad_input_exits_2(run, tmp_path, monkeypatch, args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error:")
    assert list(tmp_path.iterdir()) == []


def test_unknown_name_suggests(run) -> None:
    result = run(["gallery", "relu", "sigmod"])
    assert result.exit_code == 2
    assert "did you mean sigmoid" in result.stderr


def test_every_panel_has_f_solid_and_derivative_dashed() -> None:
    acts = [actplot.get(e.name) for e in CATALOGUE]
    x = np.linspace(-5, 5, 2001)
    fig = gallery_figure(acts, x)
    assert len(fig.axes) == len(acts)
    for ax, act in zip(fig.axes, acts, strict=True):
        assert ax.get_title().replace("\n", " ") == act.label
        lines = ax.get_lines()
        assert [ln.get_linestyle() for ln in lines] == ["-", "--"], act.name
        f_line, d_line = lines
        xs = np.asarray(f_line.get_xdata(), float)
        finite = np.isfinite(xs)
        assert xs[finite].min() == -5 and xs[finite].max() == 5
        assert ax.get_xlim() == (-5.0, 5.0)
        # The dashed line is f' (NaN breaks at jumps aside).
        dx = np.asarray(d_line.get_xdata(), float)
        dy = np.asarray(d_line.get_ydata(), float)
        ok = np.isfinite(dx) & np.isfinite(dy)
        np.testing.assert_array_equal(dy[ok], act.derivative(dx[ok]))


def test_gallery_layout_options() -> None:
    acts = [actplot.get(n) for n in ("sigmoid", "tanh", "relu", "elu", "gelu")]
    fig = gallery_figure(acts, np.linspace(-3, 3, 101), cols=2, size=(5, 6))
    assert len(fig.axes) == 5
    assert tuple(fig.get_size_inches()) == (5.0, 6.0)
    assert fig.axes[0].get_subplotspec().get_gridspec().get_geometry() == (3, 2)


def test_non_default_parameters_show_in_the_title() -> None:
    fig = gallery_figure([actplot.get("elu", alpha=0.5)], np.linspace(-1, 1, 11))
    assert fig.axes[0].get_title() == "ELU (α=0.5)"


def test_gallery_needs_an_activation() -> None:
    with pytest.raises(ValueError, match="at least one"):
        gallery_figure([], np.linspace(-1, 1, 3))


def test_gallery_of_formula_activations(magic, run, tmp_path) -> None:
    out = tmp_path / "formulas.png"
    result = run(["gallery", "relu", "x*sigmoid(1.702*x)+0.1*sin(x)", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(magic["png"])


def _grid_shape(fig) -> tuple[int, int]:
    """(rows, columns) the panels are laid out in."""
    boxes = [ax.get_position() for ax in fig.axes]
    return len({round(b.y0, 6) for b in boxes}), len({round(b.x0, 6) for b in boxes})


@pytest.mark.parametrize(
    ("count", "shape"),
    [(1, (1, 1)), (2, (1, 2)), (3, (2, 2)), (4, (2, 2)), (5, (2, 3)), (6, (2, 3)),
     (9, (3, 3)), (10, (3, 4)), (16, (4, 4)), (47, (6, 9))],
)  # fmt: skip
def test_subsets_lay_out_near_square_and_the_catalogue_fills_a_slide(count, shape) -> None:
    acts = [actplot.get(n) for n in actplot.names()[:count]]
    fig = gallery_figure(acts, np.linspace(-3, 3, 31))
    assert _grid_shape(fig) == shape
    if count == 47:
        w, h = fig.get_size_inches()
        assert 1.5 < w / h < 1.9  # about 16:9


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_narrow_gallery_wraps_its_title_inside_the_figure(lang) -> None:
    acts = [actplot.get(n) for n in ("relu", "gelu", "silu", "mish")]
    fig = gallery_figure(acts, np.linspace(-3, 3, 31), lang=lang)
    fig.canvas.draw()
    title = fig._suptitle.get_window_extent(fig.canvas.get_renderer())
    assert fig.bbox.x0 <= title.x0 and title.x1 <= fig.bbox.x1
    top = max(ax.title.get_window_extent().y1 for ax in fig.axes)
    assert title.y0 >= top  # the panels' titles stay below it
