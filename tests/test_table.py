"""actplot table: rows and cells from the measurements, Wikipedia's classic cells, every format."""

from __future__ import annotations

import csv
import math
import re
import shutil
import subprocess

import numpy as np
import pytest
from PIL import Image

import actplot
from actplot.analysis import properties
from actplot.analysis.ranges import attained_ends
from actplot.analysis.sampling import grid
from actplot.text.table import MAX_ROWS, headers, html_page, latex, markdown, measure

# Wikipedia's comparison table of the era (the "Activation function" article, 2017-2019):
# monotonic, monotonic derivative, approximates identity near the origin, at actplot's
# default parameters ("yes iff alpha = 1" and the like evaluated there).
WIKIPEDIA = {
    "identity": (True, True, True),
    "binary_step": (True, False, False),
    "sigmoid": (True, False, False),
    "tanh": (True, False, True),
    "arctan": (True, False, True),
    "softsign": (True, False, True),
    "isru": (True, False, True),
    "relu": (True, True, False),
    "leaky_relu": (True, True, False),
    "prelu": (True, True, False),  # alpha = 0.25: monotonic iff alpha >= 0, identity iff alpha = 1
    "rrelu": (True, True, False),
    "elu": (True, True, True),  # alpha = 1: derivative monotonic iff 0 <= alpha <= 1
    "selu": (True, False, False),
    "isrlu": (True, True, True),
    "softplus": (True, True, False),
    "bent_identity": (True, True, True),
    "softexponential": (True, True, False),  # alpha = 0.5: identity iff alpha = 0
    "sinusoid": (False, False, True),
    "sinc": (False, False, False),
    "gaussian": (False, False, False),
}
# Wikipedia's ranges and orders of continuity for the same rows (closed/open ends).
WIKIPEDIA_RANGE = {
    "identity": ("(−∞, ∞)", "C∞"), "sigmoid": ("(0, 1)", "C∞"), "tanh": ("(−1, 1)", "C∞"),
    "softsign": ("(−1, 1)", "C¹"), "relu": ("[0, ∞)", "C⁰"), "elu": ("(−1, ∞)", "C¹"),
    "selu": ("(−1.758, ∞)", "C⁰"), "softplus": ("(0, ∞)", "C∞"), "isrlu": ("(−1, ∞)", "C²"),
    "sinusoid": ("[−1, 1]", "C∞"), "gaussian": ("(0, 1]", "C∞"), "binary_step": ("[0, 1]", "C⁻¹"),
}  # fmt: skip


@pytest.fixture(scope="module")
def classic_rows():
    return {row.act.name: row for row in measure([actplot.get(n) for n in WIKIPEDIA])}


@pytest.mark.parametrize("name", WIKIPEDIA)
def test_classic_cells_agree_with_wikipedia(classic_rows, name):
    cells = classic_rows[name].cells()
    yes = {True: "yes", False: "no"}
    want = tuple(yes[v] for v in WIKIPEDIA[name])
    assert (cells["monotonic"], cells["monotonic_derivative"], cells["identity"]) == want


@pytest.mark.parametrize("name", WIKIPEDIA_RANGE)
def test_classic_ranges_and_continuity_agree_with_wikipedia(classic_rows, name):
    cells = classic_rows[name].cells()
    assert (cells["range"], cells["continuity"]) == WIKIPEDIA_RANGE[name]


def test_cells_are_the_info_measurements():
    # Every cell comes from properties.compute at the row's parameter values.
    act = actplot.get("elu", alpha=2.0)
    (row,) = measure([act])
    m = properties.compute(act)
    cells = row.cells()
    assert cells["name"] == "ELU (α=2)"  # the value the properties hold at
    assert cells["monotonic_derivative"] == "no"  # Wikipedia: yes iff 0 <= alpha <= 1
    assert cells["mean"] == f"{m.gaussian_mean:.3g}".replace("-", "−")
    assert cells["left"] == m.saturation[0] and cells["right"] == m.saturation[1]
    assert cells["range"] == "(−2, ∞)"


def test_attained_ends_of_jumps_and_soft_tails():
    ends = {
        n: attained_ends(actplot.get(n), properties.compute(actplot.get(n)))
        for n in ("threshold", "relu6", "sigmoid", "gaussian", "mish")
    }
    assert ends == {
        "threshold": (False, False),  # inf f = 0 is approached right of the jump only
        "relu6": (True, True),
        "sigmoid": (False, False),
        "gaussian": (False, True),
        "mish": (True, False),  # an interior minimum
    }


def test_chinese_headings_are_the_wikipedia_table_s():
    assert list(headers("zh", plot=True).values())[:9] == [
        "名称", "函数图形", "方程式", "导数", "区间", "连续性", "单调", "一阶导数单调",
        "原点近似恒等",
    ]  # fmt: skip


def test_markdown_rows_and_cells(run, tmp_path):
    out = tmp_path / "t.md"
    result = run(["table", "--lang", "zh", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 + len(actplot.names())
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert header[:3] == ["名称", "方程式", "导数"] and "函数图形" not in header
    rows = {}
    for line in lines[2:]:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        assert len(cells) == len(header)
        rows[cells[0]] = dict(zip(header, cells, strict=True))
    assert rows["Softsign"]["方程式"] == "x/(1+\\|x\\|)"  # pipes escaped
    assert rows["ReLU"]["单调"] == "是" and rows["ReLU"]["左侧饱和"] == "硬饱和"
    assert rows["ELU (α=1)"]["原点近似恒等"] == "是"
    # tabulate aligns the wide characters: every line has the same display width
    from wcwidth import wcswidth

    assert len({wcswidth(line) for line in lines}) == 1


def test_rows_are_the_named_functions_once_per_value(run, tmp_path):
    out = tmp_path / "t.csv"
    result = run(["table", "sigmoid", "elu", "-p", "alpha=0.5:2:4", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["name"], r["parameters"]) for r in rows] == [
        ("sigmoid", ""), ("elu", "alpha=0.5"), ("elu", "alpha=1.0"), ("elu", "alpha=1.5"),
        ("elu", "alpha=2.0"),
    ]  # fmt: skip
    m = properties.compute(actplot.get("elu", alpha=1.5))
    assert float(rows[3]["gaussian_mean"]) == m.gaussian_mean  # full precision
    assert float(rows[3]["range_low"]) == m.output_range[0]
    assert rows[0]["range_high"] == "1.0" and rows[0]["high_attained"] == "False"


def test_latex_is_a_booktabs_tabular(run, tmp_path):
    out = tmp_path / "t.tex"
    assert run(["table", "sigmoid", "relu", "elu", "-o", str(out)]).exit_code == 0
    text = out.read_text()
    assert "\\begin{tabular}{" + "l" * 11 + "}" in text
    for rule in ("\\toprule", "\\midrule", "\\bottomrule", "\\end{tabular}"):
        assert text.count(rule) == 1
    body = text.split("\\midrule")[1].split("\\bottomrule")[0].strip().splitlines()
    assert len(body) == 3 and all(line.rstrip().endswith("\\\\") for line in body)
    assert all(line.count("&") == 10 for line in body)
    assert "$\\sigma(x)=\\frac{1}{1+e^{-x}}$" in body[0]
    assert "ELU ($\\alpha=1$)" in body[2] and "$[0, \\infty)$" in body[1]


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_latex_table_compiles(tmp_path):
    rows = measure([actplot.get(n) for n in actplot.names()])
    (tmp_path / "t.tex").write_text(latex(rows), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{standalone}\n\\usepackage{booktabs}\n\\usepackage{amsmath}\n"
        "\\begin{document}\n\\input{t}\n\\end{document}\n"
    )
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]


def test_html_is_one_offline_page_with_thumbnails(run, tmp_path):
    out = tmp_path / "t.html"
    result = run(["table", "sigmoid", "relu", "softsign", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"https?://", page) and "<link" not in page and "<script" not in page
    assert page.count("<tr>") == 4  # the header and three rows
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)"', page)
    assert [alt for _, alt in images] == [
        "Sigmoid: f solid, f′ dashed", "ReLU: f solid, f′ dashed", "Softsign: f solid, f′ dashed",
    ]  # fmt: skip
    assert "x/(1+|x|)" in page  # the plain formula, escaped only where HTML needs it


def test_html_refuses_thumbnails_that_are_not_embedded():
    rows = measure([actplot.get("relu")])
    with pytest.raises(ValueError, match="data: URIs"):
        html_page(rows, images=["https://example.org/relu.png"])


def test_the_image_has_a_row_per_function_and_their_thumbnails(tmp_path):
    from actplot.render.table import table_figure

    acts = [actplot.get(n) for n in ("sigmoid", "relu", "gelu", "smht")]
    rows = measure(acts)
    x = grid(-5, 5, points=401)
    fig = table_figure(rows, x)
    thumbs = fig.axes
    assert len(thumbs) == 4
    for ax, act in zip(thumbs, acts, strict=True):
        f_line, d_line = ax.get_lines()[:2]
        xs, ys = (np.asarray(v, float) for v in f_line.get_data())
        ok = np.isfinite(ys)
        assert np.array_equal(ys[ok], act(xs[ok]))
        assert f_line.get_linestyle() == "-" and d_line.get_linestyle() == "--"
    texts = [t.get_text() for t in fig.texts]
    assert "name" in texts and "mean output, N(0,1) input" in texts
    assert "Soboleva modified hyperbolic tangent\n($a=1, b=1, c=1, d=1$)" in texts
    tops = sorted({round(ax.get_position().y0, 6) for ax in thumbs}, reverse=True)
    assert len(tops) == 4  # one row each, top to bottom in order
    assert [ax.get_position().y0 for ax in thumbs] == sorted(
        (ax.get_position().y0 for ax in thumbs), reverse=True
    )


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_image_formats(magic, run, tmp_path, fmt):
    out = tmp_path / f"t.{fmt}"
    result = run(["table", "sigmoid", "tanh", "relu", "gelu", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic[fmt])
    if fmt == "png":
        with Image.open(out) as im:
            width, height = im.size
        assert width > height  # four rows: wider than tall, slide-shaped


def test_too_many_rows_are_refused_before_any_is_measured(files_in, run, tmp_path, monkeypatch):
    def no_measuring(*args, **kwargs):
        raise AssertionError("measured")

    monkeypatch.setattr(properties, "compute", no_measuring)
    result = run(["table", "elu", "-p", f"alpha=0.1:3:{MAX_ROWS + 1}", "-o", "t.md"], cwd=tmp_path)
    assert result.exit_code == 2
    assert (
        result.stderr.strip() == f"Error: a table has at most {MAX_ROWS} rows, got {MAX_ROWS + 1}"
    )
    assert files_in(tmp_path) == set()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["sigmod"], 2, "did you mean sigmoid"),
        (["-o", "t.gif"], 2, ".png, .svg, .pdf, .md, .tex, .html, .csv"),
        (["-o", "missing/t.md"], 1, "does not exist"),
        (["relu", "-p", "alpha=1"], 2, "no parameters"),
        (["--lang", "fr"], 2, "--lang"),
    ],
)
def test_bad_input_is_one_line_and_no_file(files_in, run, tmp_path, args, code, message):
    result = run(["table", *args] if "-o" in args else ["table", *args, "-o", "t.md"], cwd=tmp_path)
    assert result.exit_code == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], lines
    assert files_in(tmp_path) == set()


def test_a_failed_write_keeps_the_existing_file(run, tmp_path, monkeypatch):
    out = tmp_path / "t.md"
    out.write_text("old")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("actplot.text.table.markdown", full)
    result = run(["table", "relu", "-o", str(out)])
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert out.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["t.md"]


def test_markdown_and_latex_functions_take_rows():
    rows = measure([actplot.get("relu")])
    assert markdown(rows).splitlines()[2].startswith("| ReLU ")
    assert math.isfinite(rows[0].measured.gaussian_mean)
