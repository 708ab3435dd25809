"""Benchmarks: whole commands against plain scripts doing the same work; ratios.

Not collected by pytest (no ``test_`` prefix). The machine is shared and
noisy, so every comparison alternates the two commands over several runs and
reports the ratio of medians, not seconds.

    python tests/benchmark.py               # every case
    python tests/benchmark.py figure help   # chosen cases
    python tests/benchmark.py --runs 15

Each case is a function registered with ``@case``; it returns rows of
``(what, ratio, target)`` that are printed as a table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

CASES: dict[str, Callable[[int], list[tuple[str, float, str]]]] = {}
WORKDIR = Path(tempfile.mkdtemp(prefix="actplot-bench-"))
ENV = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
ENV["MPLBACKEND"] = "Agg"


def case(name: str):
    """Register a benchmark case under ``name``."""

    def register(fn: Callable[[int], list[tuple[str, float, str]]]):
        CASES[name] = fn
        return fn

    return register


def actplot_command(*args: str) -> list[str]:
    script = shutil.which("actplot") or str(Path(sys.executable).parent / "actplot")
    return [script, *args]


def python_script(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def run_once(command: Sequence[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=WORKDIR, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def compare(a: Sequence[str], b: Sequence[str], runs: int) -> tuple[float, float, float]:
    """Median seconds of ``a`` and ``b`` (alternating runs, one warm-up each) and a/b."""
    run_once(a), run_once(b)
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(run_once(a))
        times_b.append(run_once(b))
    med_a, med_b = statistics.median(times_a), statistics.median(times_b)
    return med_a, med_b, med_a / med_b


# The plain pyplot script a user would write for the headline figure: the same
# 20001 points, lines, grid, title, legend and pixel size (6.4 x 4.8 in at 200 dpi).
PLAIN_FIGURE = """
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
x = np.linspace(-10, 10, 20001)
s = 1 / (1 + np.exp(-x))
plt.figure(figsize=(6.4, 4.8), dpi=200, layout="constrained")
plt.plot(x, s, "r", label="Sigmoid")
plt.plot(x, s * (1 - s), "b--", label="Sigmoid derivative")
plt.xlim(-10, 10)
plt.grid(True)
plt.xlabel("x")
plt.title("Sigmoid (solid) and its derivative (dashed)")
plt.legend(loc="upper left")
plt.savefig("plain.png", dpi=200)
"""


@case("figure")
def figure_vs_plain_script(runs: int) -> list[tuple[str, float, str]]:
    """``actplot sigmoid -o s.png`` vs the plain pyplot script."""
    _, _, ratio = compare(
        actplot_command("sigmoid", "-o", "s.png"), python_script(PLAIN_FIGURE), runs
    )
    return [("actplot sigmoid -o s.png / plain pyplot script", ratio, "<= 1.0")]


@case("help")
def help_vs_imports(runs: int) -> list[tuple[str, float, str]]:
    """``actplot --help`` vs importing numpy and click."""
    _, _, ratio = compare(actplot_command("--help"), python_script("import numpy, click"), runs)
    return [("actplot --help / python -c 'import numpy, click'", ratio, "~1")]


# ---------------------------------------------------------------- catalogue (issue #3)


@case("kernels")
def kernels_vs_tanh(runs: int) -> list[tuple[str, float, str]]:
    """Each catalogue function's f and f' on 10M points / one np.tanh (in process)."""
    import numpy as np

    import actplot

    # Points spread over the float64 line where activations do their work,
    # plus the tails, so branchy kernels pay for every branch.
    x = np.concatenate([np.linspace(-30.0, 30.0, 9_000_000), np.geomspace(30.0, 1e300, 1_000_000)])
    x[::2] *= -1 if x.size % 2 == 0 else 1
    repeats = max(3, runs // 3)

    def best(fn: Callable[[], object]) -> float:
        return min(_time_call(fn) for _ in range(repeats))

    ratios = {}
    for name in actplot.names():
        act = actplot.get(name)
        # np.tanh is timed beside each function, so slow drifts of a shared
        # machine (frequency, other load) cancel in the ratio.
        tanh_time = best(lambda: np.tanh(x))
        ratios[name] = best(lambda act=act: (act(x), act.derivative(x))) / tanh_time
    worst = max(ratios, key=ratios.get)
    return [
        (
            "f and f' on 10M points / np.tanh: median over the catalogue",
            float(np.median(list(ratios.values()))),
            "<= 4",
        ),
        (f"  worst: {worst}", ratios[worst], "<= 10"),
    ]


@case("gallery")
def gallery_vs_single(runs: int) -> list[tuple[str, float, str]]:
    """``actplot gallery -o g.png`` (all 47) vs ``actplot sigmoid -o s.png``."""
    _, _, ratio = compare(
        actplot_command("gallery", "-o", "g.png"), actplot_command("sigmoid", "-o", "s.png"), runs
    )
    return [("actplot gallery -o g.png / actplot sigmoid -o s.png", ratio, "< 3")]


# ---------------------------------------------------------------- formula (issue #6)
# In-process: a formula's f and f' on 10 million points against calling the
# same catalogue primitives directly, as one would write by hand.


def _formula_pairs():
    import numpy as np

    from actplot.catalogue.gaussian import gelu, gelu_grad
    from actplot.catalogue.logistic import sigmoid, sigmoid_grad, softplus, softplus_grad
    from actplot.catalogue.rectifiers import relu, relu_grad
    from actplot.catalogue.tanh_like import tanh_grad

    def quick_gelu_grad(x):
        u = 1.702 * x
        return sigmoid(u) + 1.702 * x * sigmoid_grad(u)

    def mish_grad(x):
        sp = softplus(x, beta=1.0)
        return np.tanh(sp) + x * tanh_grad(sp) * softplus_grad(x, beta=1.0)

    def softplus2_grad(x):
        e = np.exp(2.0 * x)
        return e * 2.0 / (1.0 + e) / 2.0

    return [
        ("x*sigmoid(1.702*x)", {}, lambda x: x * sigmoid(1.702 * x), quick_gelu_grad),
        ("x*tanh(softplus(x))", {}, lambda x: x * np.tanh(softplus(x, beta=1.0)), mish_grad),
        (
            "log1p(exp(beta*x))/beta",
            {"beta": 2.0},
            lambda x: np.log1p(np.exp(2.0 * x)) / 2.0,
            softplus2_grad,
        ),
        (
            "gelu(x)-relu(x)",
            {},
            lambda x: gelu(x) - relu(x),
            lambda x: gelu_grad(x) - relu_grad(x),
        ),
    ]


def _time_call(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


@case("formula")
def formula_vs_primitives(runs: int) -> list[tuple[str, float, str]]:
    """Formula f and f' on 10M points / the same primitives called directly."""
    import numpy as np

    import actplot

    x = np.linspace(-10.0, 10.0, 10_000_000)
    rows = []
    for text, params, direct_f, direct_df in _formula_pairs():
        act = actplot.get(text, **params)
        for what, ours, theirs in (
            ("f ", lambda a=act: a(x), lambda d=direct_f: d(x)),
            ("f'", lambda a=act: a.derivative(x), lambda d=direct_df: d(x)),
        ):
            ours(), theirs()  # warm-up (scipy import, page faults)
            times_ours, times_theirs = [], []
            for _ in range(runs):
                times_ours.append(_time_call(ours))
                times_theirs.append(_time_call(theirs))
            ratio = statistics.median(times_ours) / statistics.median(times_theirs)
            rows.append((f"{what} {text} (10M points) / direct primitives", ratio, "<= 2"))
    return rows


# ---------------------------------------------------------------- vanish (issue #4)
# The whole ``actplot vanish`` process against a bare numpy script doing the
# same forward and backward passes (same sizes, init and draws) and printing
# the RMS gradients: what a user would write by hand.

BARE_VANISH = """
import numpy as np
depth, width, batch = 5, 1000, 256
rng = np.random.default_rng(0)
weights = [rng.uniform(-1, 1, (width, width)) / np.sqrt(width) for _ in range(depth)]
x = rng.standard_normal((batch, width))
top = rng.standard_normal((batch, width))
def sigmoid(z):
    return 1 / (1 + np.exp(-z))
functions = {
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z))),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "softsign": (lambda z: z / (1 + np.abs(z)), lambda z: 1 / (1 + np.abs(z)) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z >= 0).astype(float)),
}
for name, (f, df) in functions.items():
    h, grads = x, []
    for w in weights:
        z = h @ w
        grads.append(df(z))
        h = f(z)
    g, rms = top, []
    for layer in reversed(range(depth)):
        delta = g * grads[layer]
        rms.append(np.sqrt(np.mean(delta**2)))
        g = delta @ weights[layer].T
    print(name, rms[::-1], rms[-1] / rms[0])
"""


@case("vanish")
def vanish_vs_bare_numpy(runs: int) -> list[tuple[str, float, str]]:
    """``actplot vanish sigmoid tanh softsign relu --depth 5 --width 1000 -o v.csv``."""
    command = actplot_command(
        "vanish", "sigmoid", "tanh", "softsign", "relu", "--depth", "5", "--width", "1000",
        "-o", "v.csv",
    )  # fmt: skip
    _, _, ratio = compare(command, python_script(BARE_VANISH), runs)
    return [("actplot vanish (4 functions, 5 x 1000) -o v.csv / bare numpy", ratio, "<= 1.5")]


@case("looks")
def looks_vs_default(runs: int) -> list[tuple[str, float, str]]:
    """``actplot sigmoid -o s.png --style slides --lang zh`` vs the default look."""
    _, _, ratio = compare(
        actplot_command("sigmoid", "-o", "s.png", "--style", "slides", "--lang", "zh"),
        actplot_command("sigmoid", "-o", "s.png"),
        runs,
    )
    return [("actplot sigmoid --style slides --lang zh / actplot sigmoid", ratio, "<= 1.2")]


# ---------------------------------------------------------------- window (issue #13)


@case("window")
def window_slider_step(runs: int) -> list[tuple[str, float, str]]:
    """One slider step of the window, in process on the Agg canvas: milliseconds.

    The window of ``actplot elu`` (20001 points, 6.4 x 4.8 in plus its
    controls at 100 dpi), drawn once; then 20 steps of the alpha slider, each
    timed from ``Slider.set_val`` until the curves and the slider have been
    painted (artist updates blitted over the saved background: no new layout,
    no legend placement). Half the steps shrink the curves, half grow them
    past the limits (a full draw, still without a new layout). Median of
    ``runs`` rounds of the median step.
    """
    import numpy as np

    import actplot
    from actplot.analysis.sampling import grid
    from actplot.render.window import interactive_figure

    x = grid(-10, 10)
    explorer = interactive_figure([actplot.get("elu")], x)
    explorer.fig.canvas.draw()
    slider = explorer.sliders["alpha"]
    values = np.r_[np.linspace(1.0, 0.5, 11)[1:], np.linspace(0.6, 1.5, 10)]
    medians, slowest = [], []
    for _ in range(max(3, runs // 3)):
        slider.set_val(1.0)
        explorer.settle()
        explorer.fig.canvas.draw()
        steps = []
        for value in values:
            start = time.perf_counter()
            slider.set_val(float(value))
            steps.append(time.perf_counter() - start)
        medians.append(statistics.median(steps))
        slowest.append(max(steps))
    return [
        ("window: alpha slider step of actplot elu, median (ms, not a ratio)",
         1000 * statistics.median(medians), "< 50"),
        ("window:   slowest of the 20 steps (limits grew: full draw) (ms)",
         1000 * statistics.median(slowest), "-"),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "cases", nargs="*", help=f"cases to run (default: all of {', '.join(CASES)})"
    )
    parser.add_argument("--runs", type=int, default=9, help="timed runs per command")
    args = parser.parse_args()
    chosen = args.cases or list(CASES)
    unknown = [name for name in chosen if name not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(CASES)}")
    print(f"{'case':<68} {'ratio':>7}  target")
    for name in chosen:
        for what, ratio, target in CASES[name](args.runs):
            print(f"{what:<68} {ratio:7.2f}  {target}", flush=True)
    shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
