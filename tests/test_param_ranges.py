"""The -p range syntax START:STOP:COUNT: values, mixing with lists, limits, and use everywhere."""

from __future__ import annotations

import numpy as np
import pytest

from actplot.sweep import MAX_SERIES, MAX_VALUES, expand, parse_params


def test_a_range_is_count_values_with_both_ends():
    values = parse_params(["alpha=0.1:3:30"])["alpha"]
    assert len(values) == 30
    assert values[0] == 0.1 and values[-1] == 3.0
    assert np.allclose(np.diff(values), 0.1)


def test_ranges_and_values_mix_in_one_list():
    assert parse_params(["alpha=0,0.5:1:3,2"]) == {"alpha": [0.0, 0.5, 0.75, 1.0, 2.0]}


def test_a_descending_range_keeps_its_order():
    assert parse_params(["beta=3:1:3"])["beta"] == [3.0, 2.0, 1.0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("alpha=1:2", "START:STOP:COUNT"),
        ("alpha=1:2:3:4", "START:STOP:COUNT"),
        ("alpha=1:2:1", "at least 2"),
        ("alpha=1:2:0", "at least 2"),
        ("alpha=1:2:2.5", "whole number"),
        ("alpha=1:2:-3", "whole number"),
        ("alpha=a:2:3", "'a' is not a number"),
        ("alpha=1:nan:3", "finite"),
        (f"alpha=0:1:{MAX_VALUES + 1}", f"at most {MAX_VALUES:,}"),
        (f"alpha=0:1:{MAX_VALUES},5", f"at most {MAX_VALUES:,}"),
        ("alpha=0:1:99999999999999999999", "at most"),  # refused before any is made
    ],
)
def test_bad_ranges_are_refused_with_the_reason(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        parse_params([text])


def test_the_product_of_swept_values_is_bounded():
    params = parse_params(["a=1:2:40", "b=1:2:40"])  # smht: 1600 curve pairs
    with pytest.raises(ValueError, match=f"at most {MAX_SERIES:,}"):
        expand(["smht"], params)


def test_a_static_figure_draws_one_curve_pair_per_range_value(run, tmp_path):
    from actplot.render.figure import build_figure
    from actplot.render.spec import FigureSpec

    acts = expand(["elu"], parse_params(["alpha=0.1:3:5"]))
    assert [a.values["alpha"] for a in acts] == pytest.approx([0.1, 0.825, 1.55, 2.275, 3.0])
    x = np.linspace(-3, 3, 61)
    fig = build_figure(acts, x, FigureSpec())
    lines = fig.axes[0].get_lines()
    assert len(lines) == 10  # f and f' per value
    for act, f_line in zip(acts, lines[::2], strict=True):
        xs, ys = (np.asarray(v, float) for v in f_line.get_data())
        ok = np.isfinite(ys)
        assert np.array_equal(ys[ok], act(xs[ok]))
    out = tmp_path / "elu.csv"
    result = run(["elu", "-p", "alpha=0.1:3:5", "--points", "3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    header = out.read_text().splitlines()[0].split(",")
    assert len(header) == 1 + 2 * 5


def test_info_takes_no_range(run):
    result = run(["info", "elu", "-p", "alpha=0:1:3"])
    assert result.exit_code == 2
    assert "one value per parameter" in result.stderr
