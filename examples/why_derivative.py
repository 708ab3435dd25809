"""Regenerate the README's "Why the derivative matters" figures.

    python examples/why_derivative.py

``saturation.png``: sigmoid and ReLU in the lecture note's colours, shaded
where they saturate (soft: 0 < |f'| < 0.05; hard: f' = 0), the equivalent of
``actplot sigmoid --saturation`` and ``actplot relu --saturation`` side by side.

``vanish.png``: the gradient through 5 layers of 1000 units with Glorot &
Bengio's standard initialisation, the equivalent of
``actplot vanish sigmoid tanh softsign relu --depth 5 --width 1000 --init standard``.
"""

from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import actplot
from actplot.analysis.sampling import grid
from actplot.network.vanish import format_table, simulate
from actplot.render.vanish import vanish_figure

HERE = Path(__file__).parent


def saturation_figure() -> Figure:
    """Sigmoid (soft on both sides) next to ReLU (hard on the left)."""
    fig = Figure(figsize=(13.0, 5.0), layout="constrained")
    FigureCanvasAgg(fig)
    x = grid(-10, 10)  # the note's x = -10:0.001:10
    for panel, name in zip(fig.subfigures(1, 2), ("sigmoid", "relu"), strict=True):
        actplot.figure([actplot.get(name)], x, fig=panel, saturation=0.05)
    return fig


if __name__ == "__main__":
    print(actplot.save(saturation_figure(), HERE / "saturation.png", dpi=110))
    names = ("sigmoid", "tanh", "softsign", "relu")
    result = simulate([actplot.get(n) for n in names], depth=5, width=1000, init="standard", seed=0)
    print(format_table(result))
    print(actplot.save(vanish_figure(result), HERE / "vanish.png", dpi=110))
