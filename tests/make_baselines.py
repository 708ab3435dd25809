"""Regenerate the baseline images of tests/test_plotting.py (after a deliberate look change).

    python tests/make_baselines.py

Look at every image it writes before committing them.
"""

from pathlib import Path

import actplot
from actplot.analysis.sampling import grid
from actplot.render.figure import figure
from actplot.render.save import save

BASELINE_DIR = Path(__file__).parent / "baseline"

if __name__ == "__main__":
    for name in ("sigmoid", "relu"):
        path = save(
            figure([actplot.get(name)], grid(-10, 10), dpi=100), BASELINE_DIR / f"{name}.png"
        )
        print(path)
