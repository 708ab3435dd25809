"""pgfplots output: the structure everywhere, the simplified curves against the samples, and
that pdflatex compiles it in a standalone document where TeX is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import actplot
from actplot.analysis.sampling import grid
from actplot.catalogue import CATALOGUE
from actplot.render.curves import curve
from actplot.render.defaults import PGFPLOTS_MAX_POINTS, PGFPLOTS_TOLERANCE
from actplot.render.figure import build_figure
from actplot.render.pgfplots import pgfplots_text, simplify, tex_text
from actplot.render.spec import FigureSpec

X = grid(-10, 10)


def _plots(text: str) -> list[tuple[str, str, np.ndarray, np.ndarray, float]]:
    """(options, legend entry, x, y, stated error) of each \\addplot, in order."""
    found = re.findall(
        r"% [^\n]*max \|dy\| = (\S+)\n\\addplot\[([^\]]*)\] coordinates \{\n(.*?)\n\};\n"
        r"\\addlegendentry\{(.*?)\}\n",
        text,
        re.S,
    )
    out = []
    for error, options, coords, label in found:
        pairs = re.findall(r"\(([^,()]+),([^,()]+)\)", coords)
        xs = np.array([float(a) for a, _ in pairs])
        ys = np.array([float(b) for _, b in pairs])
        out.append((options, label, xs, ys, float(error)))
    return out


def test_structure_of_the_readme_figure(run, tmp_path):
    out = tmp_path / "fig.tex"
    result = run(["sigmoid", "relu", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    text = out.read_text(encoding="utf-8")
    assert text.count("\\begin{tikzpicture}") == text.count("\\end{tikzpicture}") == 1
    assert text.count("\\begin{axis}[") == text.count("\\end{axis}") == 1
    assert "unbounded coords=jump," in text and "grid=major," in text
    assert "xmin=-10, xmax=10," in text
    fig = build_figure([actplot.get("sigmoid"), actplot.get("relu")], X, FigureSpec())
    lo, hi = fig.axes[0].get_ylim()  # the same y-limits as the PNG figure
    assert f"ymin={lo:.9g}, ymax={hi:.9g}," in text
    assert "xlabel={$x$}," in text
    # A title longer than a default pgfplots axis is wide goes on two lines.
    assert "title={Sigmoid and ReLU (solid) and\\\\their derivatives (dashed)}," in text
    plots = _plots(text)
    assert [label for _, label, *_ in plots] == [
        "Sigmoid", "Sigmoid derivative", "ReLU", "ReLU derivative",
    ]  # fmt: skip
    styles = [options.split(", ")[1] for options, *_ in plots]
    assert styles == ["solid", "dashed", "solid", "dashed"]
    colors = [options.split(", ")[0] for options, *_ in plots]
    assert colors[0] == colors[1] != colors[2] == colors[3]  # f and f' share a colour
    assert text.count("\\definecolor{") == 2
    assert "http" not in text and "\\usepackage" not in text.replace("% Needs \\usepackage", "")


def test_relu_keeps_its_corner_and_its_derivative_breaks_at_the_jump():
    text = pgfplots_text([actplot.get("relu")], X, FigureSpec()).text
    (_, _, fx, fy, f_err), (_, _, dx, dy, d_err) = _plots(text)
    assert np.all(np.isfinite(fy)) and (0, 0) in zip(fx, fy, strict=True)  # the corner, exact
    assert fx.size <= 4 and np.array_equal(fy, np.maximum(fx, 0))
    assert f_err == d_err == 0
    gap = int(np.flatnonzero(np.isnan(dy))[0])
    assert dy[gap - 1] == 0 and dy[gap + 1] == 1  # the left limit, a break, then f'(0) = 1
    assert np.sum(np.isnan(dy)) == 1


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e.name)
def test_every_curve_fits_the_budget_and_its_stated_error(entry):
    act = actplot.get(entry.name)
    figure = pgfplots_text([act], X, FigureSpec())
    plots = _plots(figure.text)
    assert len(plots) == 2
    for (_, _, xs, ys, stated), derivative in zip(plots, (False, True), strict=True):
        assert xs.size <= PGFPLOTS_MAX_POINTS
        assert np.all(np.diff(xs) >= 0)
        cx, cy = curve(act, X, derivative=derivative)
        # The written pieces are the sampled curve's finite runs, in order (nothing
        # dropped, nothing joined), and every sample is within the stated error of
        # its piece's line.
        written = [p for p in np.split(np.arange(xs.size), np.flatnonzero(np.isnan(ys))) if p.size]
        written = [p[np.isfinite(ys[p])] for p in written]
        edges = np.diff(np.r_[0, np.isfinite(cy).astype(int), 0])
        runs = list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True))
        assert len(written) == len(runs)
        error = 0.0
        for piece, (a, b) in zip(written, runs, strict=True):
            assert xs[piece[0]] == pytest.approx(cx[a], abs=1e-12)
            assert xs[piece[-1]] == pytest.approx(cx[b - 1], abs=1e-12)
            line = np.interp(cx[a:b], xs[piece], ys[piece])
            error = max(error, float(np.abs(cy[a:b] - line).max()))
        assert error <= float(f"{stated:.2g}") * 1.06 + 1e-12  # stated to 2 digits
        assert stated <= figure.tolerance * 1.06 + 1e-12


def test_the_point_budget_raises_the_error_and_says_so(run, tmp_path):
    out = tmp_path / "sin.tex"
    args = ["sinusoid", "-r", "-2000", "2000", "--points", "400001", "-o", str(out)]
    result = run(args)
    assert result.exit_code == 0, result.output
    (_, _, xs, _, stated), (_, _, dxs, _, _) = _plots(out.read_text())
    assert xs.size <= PGFPLOTS_MAX_POINTS and dxs.size <= PGFPLOTS_MAX_POINTS
    tolerance = PGFPLOTS_TOLERANCE * 2.2  # y span of sin and cos: [-1.1, 1.1]
    assert stated > tolerance
    notes = result.stderr.strip().splitlines()
    assert len(notes) == 2 and all(n.startswith("note: Sinusoid") for n in notes)
    assert f"within {stated:.2g} (y units)" in notes[0]


def test_simplify_measures_its_error():
    x = np.linspace(0, 1, 1001)
    line = simplify(x, 2 * x + 1, tolerance=1e-9)
    assert list(line.x) == [0, 1] and line.error == 0
    parabola = simplify(x, x**2, tolerance=1e-3)
    assert parabola.error <= 1e-3
    assert parabola.error == pytest.approx(
        np.abs(x**2 - np.interp(x, parabola.x, parabola.y)).max(), rel=1e-12
    )
    few = simplify(x, np.sin(40 * x), tolerance=1e-6, max_points=50)
    assert few.x.size <= 50 and few.error > 1e-6


def test_tex_text_escapes_text_and_keeps_math():
    assert tex_text("50% of a_b & c") == r"50\% of a\_b \& c"
    assert tex_text(r"$x\sigma(x)$ and α") == r"$x\sigma(x)$ and $\alpha$"


def test_chinese_labels_and_the_note_about_cjk():
    text = pgfplots_text([actplot.get("sigmoid")], X, FigureSpec(lang="zh")).text
    assert "CJK" in text.splitlines()[1]
    assert "\\addlegendentry{Sigmoid原函数}" in text and "xlabel={输入 $x$}," in text


def test_saturation_is_refused_for_tex(files_in, run, tmp_path):
    result = run(["sigmoid", "--saturation", "-o", "s.tex"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: --saturation shades a figure; it does not apply to .tex output"
    )
    assert files_in(tmp_path) == set()


# ---------------------------------------------------------------- TeX

PDFLATEX = shutil.which("pdflatex")


def _compile(tmp_path: Path, figures: list[str]) -> None:
    body = "\n".join(f"\\input{{{name}}}" for name in figures)
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{standalone}\n\\usepackage{pgfplots}\n\\pgfplotsset{compat=1.16}\n"
        f"\\begin{{document}}\n{body}\n\\end{{document}}\n"
    )
    done = subprocess.run(
        [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]
    assert (tmp_path / "doc.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")
def test_the_readme_figure_compiles_with_pdflatex(run, tmp_path):
    assert run(["sigmoid", "relu", "-o", str(tmp_path / "fig.tex")]).exit_code == 0
    _compile(tmp_path, ["fig"])


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")
def test_every_catalogue_label_and_formula_compiles(run, tmp_path):
    names = [e.name for e in CATALOGUE]
    figures = []
    for k in range(0, len(names), 8):
        name = f"part{k}"
        args = [
            *names[k : k + 8],
            "--formula",
            "--points",
            "401",
            "-o",
            str(tmp_path / f"{name}.tex"),
        ]
        assert run(args).exit_code == 0
        figures.append(name)
    args = [
        "elu",
        "-p",
        "alpha=0.5,1",
        "--title",
        "50% & $\\alpha$ #1",
        "-o",
        str(tmp_path / "t.tex"),
    ]
    assert run(args).exit_code == 0
    _compile(tmp_path, [*figures, "t"])
