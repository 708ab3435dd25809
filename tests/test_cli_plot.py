"""The plot command end to end: outputs, defaults, bad input, atomic writes."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pytest

import actplot


def test_headline_without_display_saves_png_in_cwd(magic, run, tmp_path):
    result = run(["sigmoid", "--range", "-10", "10"], cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sigmoid.png").read_bytes().startswith(magic["png"])
    assert result.stdout.strip() == "sigmoid.png"


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_figure_formats_from_extension(magic, run, tmp_path, fmt):
    out = tmp_path / f"tanh.{fmt.upper() if fmt == 'pdf' else fmt}"
    result = run(["tanh", "--range", "-10", "10", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic[fmt])
    assert result.stdout.strip() == str(out)


def test_several_functions_in_one_pdf(magic, run, tmp_path):
    out = tmp_path / "both.pdf"
    result = run(["relu", "softsign", "-r", "-5", "5", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic["pdf"])


def test_csv_has_header_and_repr_exact_values(run, tmp_path):
    out = tmp_path / "s.csv"
    result = run(["sigmoid", "relu", "--points", "2001", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with out.open() as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["x", "sigmoid", "d_sigmoid", "relu", "d_relu"]
    data = np.array([[float(v) for v in row] for row in rows[1:]])
    assert data.shape == (2001, 5)
    x = data[:, 0]
    assert x[0] == -10.0 and x[-1] == 10.0
    assert np.array_equal(x, np.linspace(-10, 10, 2001))
    for column, name in zip((1, 3), ("sigmoid", "relu"), strict=True):
        act = actplot.get(name)
        assert np.array_equal(data[:, column], act(x))  # bit-exact round trip
        assert np.array_equal(data[:, column + 1], act.derivative(x))


def test_csv_no_derivative_and_parameter_sweep_columns(run, tmp_path):
    out = tmp_path / "p.csv"
    result = run(["sigmoid", "--points", "3", "--no-derivative", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().splitlines()[0] == "x,sigmoid"


def test_step_grid_includes_both_ends(run, tmp_path):
    out = tmp_path / "s.csv"
    result = run(["relu", "-r", "-1", "1", "--step", "0.3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    x = np.loadtxt(out, delimiter=",", skiprows=1)[:, 0]
    assert x[0] == -1.0 and x[-1] == 1.0
    assert np.allclose(np.diff(x)[:-1], 0.3)


def test_default_grid_is_the_notes_step(run, tmp_path):
    out = tmp_path / "s.csv"
    assert run(["relu", "-o", str(out)]).exit_code == 0
    x = np.loadtxt(out, delimiter=",", skiprows=1)[:, 0]
    assert x.size == 20001 and x[0] == -10 and x[-1] == 10


def test_options_for_slides(run, tmp_path):
    out = tmp_path / "s.png"
    args = ["sigmoid", "-o", str(out), "--title", "Mine", "--dpi", "100", "--size", "4", "3"]
    result = run([*args, "--transparent", "--no-derivative", "--ylim", "-1", "1"])
    assert result.exit_code == 0, result.output
    from PIL import Image

    with Image.open(out) as image:
        assert image.size == (400, 300)
        assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0


def test_pytorch_spellings_resolve(run, tmp_path):
    out = tmp_path / "c.csv"
    result = run(["ReLU", "Sigmoid", "--points", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("x,relu,d_relu,sigmoid,d_sigmoid")


# ---------------------------------------------------------------- bad input

BAD_INPUT = [
    (["sigmod"], 2, "did you mean sigmoid"),
    (["sigmoid", "-r", "5", "-5"], 2, "LO < HI"),
    (["sigmoid", "-r", "1", "1"], 2, "LO < HI"),
    (["sigmoid", "-r", "nan", "5"], 2, "finite"),
    (["sigmoid", "-r", "-inf", "5"], 2, "finite"),
    (["sigmoid", "-r", "-1e308", "1e308"], 2, "wider than float64"),
    (["sigmoid", "--points", "1"], 2, "at least 2"),
    (["sigmoid", "--points", "20000000"], 2, "10,000,000"),
    (["sigmoid", "--step", "0"], 2, "positive"),
    (["sigmoid", "--step", "-0.1"], 2, "positive"),
    (["sigmoid", "--step", "1e-9"], 2, "limit is 10,000,000"),
    (["sigmoid", "--points", "5", "--step", "0.1"], 2, "not both"),
    (["sigmoid", "-p", "alpha=1"], 2, "no parameters"),
    (["sigmoid", "-p", "alpha"], 2, "NAME=VALUE"),
    (["sigmoid", "--dpi", "5"], 2, "--dpi"),
    (["sigmoid", "--size", "0", "3"], 2, "--size"),
    (["sigmoid", "--ylim", "1", "0"], 2, "LO < HI"),
    (["sigmoid", "--no-such-option"], 2, "No such option"),
    (["sigmoid", "-r", "1"], 2, "--range"),
]


@pytest.mark.parametrize(("args", "code", "message"), BAD_INPUT, ids=lambda v: str(v))
def test_bad_input_is_one_line_and_leaves_no_file(files_in, run, tmp_path, args, code, message):
    result = run([*args, "-o", "out.png"], cwd=tmp_path)
    assert result.exit_code == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and message in lines[0]
    assert result.stdout == ""
    assert files_in(tmp_path) == set()


def test_unknown_extension_lists_supported(files_in, run, tmp_path):
    result = run(["sigmoid", "-o", str(tmp_path / "s.bmp")])
    assert result.exit_code == 2
    assert ".png, .svg, .pdf, .csv" in result.stderr
    assert files_in(tmp_path) == set()


@pytest.mark.parametrize(
    ("target", "message"),
    [("missing/s.png", "does not exist"), (".", "is a directory")],
)
def test_bad_output_location_exits_1(files_in, run, tmp_path, target, message):
    result = run(["sigmoid", "-o", str(tmp_path / target)])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
    assert files_in(tmp_path) == set()


def _unwritable_directory(tmp_path: Path) -> Path | None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if not os.access(locked, os.W_OK):
        return locked
    for candidate in (Path("/sys"), Path("/proc")):  # root writes anywhere else
        if candidate.is_dir():
            return candidate
    return None


def test_unwritable_directory_exits_1(run, tmp_path):
    directory = _unwritable_directory(tmp_path)
    if directory is None:
        pytest.skip("no unwritable directory available")
    result = run(["sigmoid", "-o", str(directory / "s.png")])
    assert result.exit_code == 1
    assert "not writable" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_failed_render_keeps_existing_file_and_leaves_no_partial(
    files_in, run, tmp_path, monkeypatch
):
    out = tmp_path / "s.png"
    out.write_bytes(b"precious")

    def broken_savefig(self, fileobj, **kwargs):
        fileobj.write(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("matplotlib.figure.Figure.savefig", broken_savefig)
    result = run(["sigmoid", "-o", str(out)])
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert out.read_bytes() == b"precious"
    assert files_in(tmp_path) == {"s.png"}


def test_successful_write_replaces_existing_file(files_in, run, tmp_path):
    out = tmp_path / "s.csv"
    out.write_text("old")
    assert run(["relu", "--points", "2", "-o", str(out)]).exit_code == 0
    assert out.read_text().startswith("x,relu")
    assert files_in(tmp_path) == {"s.csv"}


def test_written_file_has_normal_permissions(run, tmp_path):
    out = tmp_path / "s.csv"
    assert run(["relu", "--points", "2", "-o", str(out)]).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


# ---------------------------------------------------------------- processes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sigmoid", "--title", "$\\foo$"], "--title"),
        (["sigmoid", "--ylim", "-1.7e308", "1.7e308"], "within ±1e+300"),
        (["sigmoid", "-r", "-8e307", "8e307"], "within ±1e+300"),
        (["gallery", "relu", "-r", "-8e307", "8e307"], "within ±1e+300"),
    ],
)
def test_undrawable_input_is_refused_in_one_line(files_in, run, tmp_path, args, message):
    result = run([*args, "-o", "out.png"], cwd=tmp_path)
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert message in line
    assert files_in(tmp_path) == set()


def test_huge_values_still_draw(magic, run, tmp_path):
    out = tmp_path / "e.png"
    result = run(["exponential", "-r", "-1000", "1000", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic["png"])


def test_csv_takes_any_finite_range(run, tmp_path):
    out = tmp_path / "w.csv"
    result = run(["sigmoid", "-r", "-8e307", "8e307", "--points", "3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().splitlines()[1].startswith("-8e+307,0.0,0.0")


def test_csv_header_quotes_names_with_commas(run, tmp_path):
    out = tmp_path / "m.csv"
    result = run(["max(x,0.1*x)", "relu", "--points", "3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with out.open() as fh:
        rows = list(csv.reader(fh))
    assert len(rows[0]) == len(rows[1]) == 5
    assert rows[0][1] == "max(x, 0.1*x)"  # the normalised formula
