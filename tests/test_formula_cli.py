"""Formulas on the command line (issue #6): plot, --name, -p, info, vanish, errors."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

import actplot
from actplot.cli import main


def _csv(path: Path) -> dict[str, np.ndarray]:
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], np.array(rows[1:], dtype=float)
    return {name: body[:, i] for i, name in enumerate(header)}


# ---------------------------------------------------------------- the commands


def test_a_formula_next_to_a_catalogue_name(magic, run, tmp_path):
    out = tmp_path / "cmp.png"
    result = run(["x*sigmoid(1.702*x)", "gelu", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic["png"])
    # QuickGELU's formula and GELU differ by less than a line's width on -10..10 (issue #12).
    (note,) = result.stderr.splitlines()
    assert note.startswith("note: x σ(1.702x) and GELU coincide on the whole range")


def test_name_gives_the_formula_a_display_name(magic, run, tmp_path):
    out = tmp_path / "m.svg"
    result = run(["x*tanh(softplus(x))", "--name", "my mish", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic["svg"])
    table = tmp_path / "m.csv"
    result = run(["x*tanh(softplus(x))", "--name", "my mish", "-o", str(table), "--points", "11"])
    assert result.exit_code == 0, result.output
    assert list(_csv(table)) == ["x", "my mish", "d_my mish"]


def test_name_applies_to_the_formulas_in_order(run, tmp_path):
    table = tmp_path / "t.csv"
    args = ["x*sigmoid(x)", "relu", "x*tanh(x)", "--name", "swish", "--name", "lisht"]
    result = run([*args, "--points", "5", "-o", str(table)])
    assert result.exit_code == 0, result.output
    assert list(_csv(table)) == ["x", "swish", "d_swish", "relu", "d_relu", "lisht", "d_lisht"]


def test_more_names_than_formulas_is_an_error(run):
    result = run(["x*sigmoid(x)", "relu", "--name", "a", "--name", "b", "-o", "x.png"])
    assert result.exit_code == 2
    assert "--name" in result.stderr and "1 formula" in result.stderr


def test_formula_parameters_are_swept_with_p(magic, run, tmp_path):
    out = tmp_path / "sp.pdf"
    result = run(["log1p(exp(beta*x))/beta", "-p", "beta=1,2,5", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic["pdf"])
    table = tmp_path / "sp.csv"
    result = run(["log1p(exp(beta*x))/beta", "-p", "beta=1,2", "--points", "5", "-o", str(table)])
    assert result.exit_code == 0, result.output
    columns = _csv(table)
    x = columns["x"]
    np.testing.assert_allclose(
        columns["log1p(exp(beta*x))/beta[beta=2]"], np.logaddexp(0, 2 * x) / 2
    )


def test_csv_values_are_the_librarys(run, tmp_path):
    table = tmp_path / "q.csv"
    result = run(["x*sigmoid(1.702*x)", "--points", "101", "-o", str(table)])
    assert result.exit_code == 0, result.output
    columns = _csv(table)
    act = actplot.get("x*sigmoid(1.702*x)")
    np.testing.assert_array_equal(columns["x*sigmoid(1.702*x)"], act(columns["x"]))
    np.testing.assert_array_equal(columns["d_x*sigmoid(1.702*x)"], act.derivative(columns["x"]))


def test_without_output_an_unnamed_formula_is_saved_as_formula_png(magic, run, tmp_path):
    result = run(["x/(1+abs(x))"], cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "formula.png").read_bytes().startswith(magic["png"])
    result = run(["x/(1+abs(x))", "--name", "soft sign"], cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "soft_sign.png").exists()


def test_info_reports_a_formula_like_a_catalogue_function(run):
    if "info" not in main.commands:
        pytest.skip("no info command yet")
    result = run(["info", "x/(1+abs(x))"])
    assert result.exit_code == 0, result.output
    assert "kinks: 0" in result.stdout
    assert "monotonic" in result.stdout
    catalogue_info = run(["info", "softsign"])
    for line in ("monotonic                 yes", "f(0) = 0, both signs      yes"):
        assert line in result.stdout and line in catalogue_info.stdout


def test_vanish_takes_formulas(magic, run, tmp_path):
    if "vanish" not in main.commands:
        pytest.skip("no vanish command yet")
    out = tmp_path / "v.png"
    args = ["vanish", "x*sigmoid(x)", "relu", "--depth", "10", "--width", "50", "--batch", "16"]
    result = run([*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic["png"])
    assert "x*sigmoid(x)" in result.stdout


# ---------------------------------------------------------------- errors and notes


def test_an_unset_parameter_is_an_error_naming_it(run):
    result = run(["log1p(exp(beta*x))/beta", "-o", "sp.png"])
    assert result.exit_code == 2
    assert "beta" in result.stderr and "-p beta=VALUE" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("__import__('os').system('echo pwned')", "unsupported name at column 1: '__import__'"),
        ("().__class__", "unsupported syntax at column 3: attribute access '.__class__'"),
        ("x.__class__", "attribute access '.__class__'"),
        ("x*9**9**9**sigmod(x)", "unknown function at column 12: 'sigmod'"),
        ("x^2", "write ** for a power"),
        ("9**9**9", "must contain x"),
        ("sigmod", "did you mean sigmoid"),
    ],
)
def test_bad_formulas_exit_2_with_one_line(run, spec, expected, tmp_path):
    out = tmp_path / "bad.png"
    result = run([spec, "-o", str(out)])
    assert result.exit_code == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert not out.exists()


def test_where_a_formula_is_undefined_is_said_once_on_stderr(run, tmp_path):
    out = tmp_path / "l.csv"
    result = run(["log(x)", "sigmoid", "--points", "1001", "-r", "-5", "5", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == "note: log(x) is undefined for x < 0 (a gap)\n"
    columns = _csv(out)
    assert np.isnan(columns["log(x)"][columns["x"] < 0]).all()


def test_a_defined_formula_prints_no_note(run, tmp_path):
    result = run(["sqrt(1+x**2)", "-o", str(tmp_path / "s.png")])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_formula_parameters_get_sliders_in_the_window():
    pytest.importorskip("actplot.render.window")
    from actplot.render.window import interactive_figure

    acts = [actplot.get("log1p(exp(beta*x))/beta", beta=2.0), actplot.get("relu")]
    explorer = interactive_figure(acts, np.linspace(-5, 5, 201))
    assert list(explorer.sliders) == ["beta"]
    explorer.sliders["beta"].set_val(4.0)
    assert explorer.acts[0].values["beta"] == 4.0
