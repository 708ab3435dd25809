"""Regenerate the lecture note's four figures with actplot (shown in the README).

    python examples/seed_figures.py

The note plots sigmoid, tanh, softsign and ReLU over -10..10 with x = -10:0.001:10,
each function red solid and its derivative blue dashed. These are the same
figures, made with actplot's library API: the equivalent of
``actplot NAME --range -10 10 -o examples/NAME.png`` for each NAME.
"""

from pathlib import Path

import actplot
from actplot.analysis.sampling import grid

HERE = Path(__file__).parent
SEED_FUNCTIONS = ("sigmoid", "tanh", "softsign", "relu")

if __name__ == "__main__":
    x = grid(-10, 10)  # the note's step, 0.001
    for name in SEED_FUNCTIONS:
        fig = actplot.figure([actplot.get(name)], x, dpi=110)
        print(actplot.save(fig, HERE / f"{name}.png"))
