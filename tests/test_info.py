"""``actplot list`` and ``actplot info``: text, JSON, errors, no matplotlib."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

import actplot
from actplot.catalogue import CATALOGUE
from actplot.cli import main

NAMES = [e.name for e in CATALOGUE]


# ---------------------------------------------------------------- list


def test_list_text_names_every_function(run) -> None:
    result = run(["list"])
    assert result.exit_code == 0, result.stderr
    first_words = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert first_words == NAMES


def test_list_text_is_aligned(run) -> None:
    lines = run(["list"]).stdout.splitlines()
    header = lines[0]
    assert header.split() == ["name", "aliases", "parameters", "f(x)"]
    for column in ("aliases", "parameters", "f(x)"):
        start = header.index(column)
        for line in lines[1:]:
            assert line[start - 2 : start] == "  " and line[start] != " ", line
    assert all(line == line.rstrip() for line in lines)


def test_list_text_shows_aliases_parameters_and_formula(run) -> None:
    row = next(line for line in run(["list"]).stdout.splitlines() if line.startswith("rrelu"))
    assert "lower=0.125" in row and "upper=0.333333" in row
    sigmoid = next(line for line in run(["list"]).stdout.splitlines() if line.startswith("sigmoid"))
    assert "logistic" in sigmoid and "1/(1+e⁻ˣ)" in sigmoid


def test_list_json_has_every_entry_and_field(run) -> None:
    result = run(["list", "--json"])
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert [r["name"] for r in records] == NAMES
    for record, entry in zip(records, CATALOGUE, strict=True):
        assert set(record) == {
            "name",
            "label",
            "aliases",
            "parameters",
            "formula",
            "formula_tex",
            "slope_range",
            "lipschitz",
        }
        assert record["aliases"] == list(entry.aliases)
        assert record["formula_tex"] == entry.formula
        assert [p["name"] for p in record["parameters"]] == [p.name for p in entry.params]
        for p, param in zip(record["parameters"], entry.params, strict=True):
            assert p["default"] == param.default
            assert p["range"] == param.describe_range()


# ---------------------------------------------------------------- info


def test_info_text_relu(run) -> None:
    result = run(["info", "relu"])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    for expected in (
        "ReLU",
        "f(x)  = max(0,x)",
        "f'(x) = 0 (x<0), 1 (x≥0)",
        "kinks: 0",
        "right-hand value",
        "Nair & Hinton",
        "continuity                C0",
        "saturation (left, right)  hard, none",
        "E |f'(Z)|                 0.5",
    ):
        assert expected in text, expected


def test_info_text_shows_parameters_with_defaults_and_ranges(run) -> None:
    result = run(["info", "softplus", "-p", "beta=2"])
    assert result.exit_code == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.strip().startswith("beta"))
    assert row.split()[:4] == ["beta", "(β)", "2", "1"]
    assert "beta > 0" in row


def test_info_json_elu_with_parameter(run) -> None:
    result = run(["info", "ELU", "-p", "alpha=0.5", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["name"] == "elu"
    assert data["parameters"] == [
        {"name": "alpha", "symbol": "α", "default": 1.0, "value": 0.5, "range": "any finite number"}
    ]
    assert data["kinks"] == [0.0]
    assert data["derivative_at_kinks"] == "right-hand value"
    props = data["properties"]
    assert props["continuity"] == 0 and props["continuity_label"] == "C0"
    assert props["output_range"] == [-0.5, "inf"]
    assert props["saturation"] == ["soft", "none"]
    assert data["formula_tex"] == actplot.get("elu").formula


def test_info_json_keeps_infinities_strict(run) -> None:
    data = json.loads(run(["info", "exponential", "--json"]).stdout)
    assert data["properties"]["max_abs_derivative"] == "inf"
    assert math.isclose(data["properties"]["gaussian_mean"], math.exp(0.5), rel_tol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_info_runs_for_every_entry(run, name: str) -> None:
    for args in (["info", name], ["info", name, "--json"]):
        result = run(args)
        assert result.exit_code == 0, result.stderr
        assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["name"] == name and data["properties"]["name"] == name


def test_info_unknown_name_exits_2_with_suggestion(run) -> None:
    result = run(["info", "sigmod"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "did you mean sigmoid" in lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["info", "relu", "-p", "alpha=1"],  # relu has no parameters
        ["info", "elu", "-p", "alpha=0.1,0.2"],  # one value only
        ["info", "swish", "-p", "beta=0"],  # out of range
        ["info", "elu", "-p", "alpha"],  # malformed
    ],
)
def test_info_bad_parameters_exit_2(run, args: list[str]) -> None:
    result = run(args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["list", "info", "gallery"])
def test_help_is_imperative_and_ends_with_example(run, command: str) -> None:
    result = run([command, "--help"])
    assert result.exit_code == 0
    doc = main.commands[command].help
    assert doc.split()[0] in ("List", "Show", "Draw")
    assert "Example:" in result.stdout
    assert doc.rstrip().splitlines()[-1].strip().startswith("actplot ")


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["info", "gelu", "--json"]])
def test_list_and_info_do_not_import_matplotlib(args: list[str]) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from actplot.cli import main\n"
        f"result = CliRunner().invoke(main, {args!r})\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_plain_formula_text() -> None:
    from actplot.text.describe import plain

    assert plain(r"\frac{1}{\beta}\,\ln(1+e^{\beta x})") == "(1/β) ln(1+e^(β x))"
    assert plain(r"\frac{x}{2\sqrt{x^{2}+1}}+1") == "x/(2√(x²+1))+1"
    assert plain(r"\min(\max(x,x_{\min}),x_{\max})") == "min(max(x,x_min),x_max)"
    assert plain(r"x\tanh x") == "x tanh x"


def test_info_of_a_formula_activation(run) -> None:
    result = run(["info", "max(0,x)**2", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kinks"] == [0.0]
    assert data["properties"]["continuity"] == 1
    assert math.isclose(data["properties"]["gaussian_var"], 1.25, abs_tol=1e-12)


def test_info_reports_a_wrong_declaration() -> None:
    import dataclasses

    import actplot.analysis.properties as properties
    import actplot.text.describe as describe

    act = actplot.get("softsign")
    wrong = dataclasses.replace(act, properties=dataclasses.replace(act.properties, continuity=2))
    measured = properties.compute(wrong)
    assert describe.info_record(wrong, measured)["declared_mismatches"] == {
        "continuity": {"declared": 2, "measured": 1.0}
    }
    assert "declares continuity = 2; measured 1.0" in describe.info_text(wrong, measured)


@pytest.mark.parametrize("name", NAMES)
def test_info_json_has_no_declared_mismatch(run, name: str) -> None:
    data = json.loads(run(["info", name, "--json"]).stdout)
    assert data["declared_mismatches"] == {}


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"\frac{\cos(x)\,x-\sin(x)}{x^{2}}", "(cos(x) x−sin(x))/x²"),
        (r"\frac{(a)+(b)}{2}", "((a)+(b))/2"),
        (r"\frac{\tanh(x)}{2}", "tanh(x)/2"),
    ],
)
def test_plain_brackets_a_numerator_that_is_not_one_group(tex, text):
    from actplot.text.describe import plain

    assert plain(tex) == text


def test_list_and_info_headings_in_chinese(run):
    listed = run(["list", "--lang", "zh"])
    assert listed.exit_code == 0, listed.stderr
    assert listed.stdout.split()[:3] == ["名称", "别名", "参数"]
    shown = run(["info", "relu", "--lang", "zh"])
    assert shown.exit_code == 0, shown.stderr
    assert "饱和性 (左侧，右侧)      硬饱和，无" in shown.stdout
    assert "不可导点：0" in shown.stdout


def test_table_aligns_double_width_characters():
    from wcwidth import wcswidth

    from actplot.text.describe import table

    rows = table([("值域", "x"), ("f(0)", "y")], ("", "")).splitlines()[1:]
    # "值域" is two characters but four terminal columns, like "f(0)".
    assert wcswidth(rows[0][: rows[0].index("x")]) == wcswidth(rows[1][: rows[1].index("y")])


# ---------------------------------------------------------------- words (issue #12)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("sigmoid", "open interval (0, 1)"),
        ("tanh", "open interval (-1, 1)"),
        ("relu", "half-open interval [0, ∞)"),
        ("elu", "open interval (-1, ∞)"),  # -1 is only approached
        ("gaussian", "half-open interval (0, 1]"),
        ("hardtanh", "closed interval [-1, 1]"),
        ("sinusoid", "closed interval [-1, 1]"),
        ("identity", "open interval (-∞, ∞)"),
        ("binary_step", "within [0, 1] (f jumps: values between may be skipped)"),
        ("threshold", "within (0, ∞) (f jumps: values between may be skipped)"),
    ],
)
def test_output_range_says_open_or_closed(run, name, shown):
    text = run(["info", name]).stdout
    row = next(line for line in text.splitlines() if line.strip().startswith("output range"))
    assert row.split("output range", 1)[1].strip() == shown
    assert "closure" not in text


def test_json_says_which_ends_are_attained(run):
    data = json.loads(run(["info", "relu", "--json"]).stdout)["properties"]
    assert data["output_range"] == [0.0, "inf"] and data["range_attained"] == [True, False]
    data = json.loads(run(["info", "sigmoid", "--json"]).stdout)["properties"]
    assert data["range_attained"] == [False, False]


@pytest.mark.parametrize("name", ["tanh", "softsign", "arctan", "sinusoid", "isru", "selu"])
def test_rounding_noise_is_zero(run, name):
    """An odd function's E f(Z) is 0, not -1e-17 (SELU's is 0 by design)."""
    m = json.loads(run(["info", name, "--json"]).stdout)["properties"]
    assert m["gaussian_mean"] == 0.0
    assert "E f(Z) = 0 for" in run(["info", name]).stdout


def test_a_small_mean_is_not_rounded_away(run):
    data = json.loads(run(["info", "1e-9*sigmoid(x)", "--json"]).stdout)["properties"]
    assert math.isclose(data["gaussian_mean"], 0.5e-9, rel_tol=1e-12)


def test_the_bias_shift_is_the_headline(run):
    lines = run(["info", "gelu"]).stdout.splitlines()
    first = lines[lines.index("properties (measured):") + 1]
    assert first == "  bias shift: E f(Z) = 0.282095 for Z ~ N(0, 1), the mean output"
    # What used to be "zero-centred" says what it measures.
    assert any(line.strip().startswith("f(0) = 0, both signs      yes") for line in lines)
    assert not any("zero-centred" in line for line in lines)
