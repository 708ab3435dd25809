"""Regenerate the README's figures for ML engineers (low precision and exact differences).

    python examples/ml_figures.py

``sigmoid_bfloat16.png``: sigmoid in bfloat16, f' correctly rounded and as
frameworks compute it (s(1 - s)), the equivalent of
``actplot sigmoid --dtype bfloat16 -r 0 100``.

``diff_gelu.png``: GELU minus its tanh approximation, the equivalent of
``actplot diff gelu gelu_tanh -r -6 6``.
"""

from pathlib import Path

import actplot
from actplot.analysis.difference import difference
from actplot.analysis.sampling import grid
from actplot.render.diff import diff_figure
from actplot.render.precision import precision_figure
from actplot.render.spec import FigureSpec

HERE = Path(__file__).parent

if __name__ == "__main__":
    spec = FigureSpec(dpi=110)
    fig = precision_figure([actplot.get("sigmoid")], grid(0, 100), spec, "bfloat16")
    print(actplot.save(fig, HERE / "sigmoid_bfloat16.png", dpi=110))
    result = difference(actplot.get("gelu"), actplot.get("gelu_tanh"), grid(-6, 6))
    print(actplot.save(diff_figure(result, spec), HERE / "diff_gelu.png", dpi=110))
