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
    return [("actplot sigmoid -o s.png / plain pyplot script", ratio, "<= 0.95")]


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
            "<= 3",
        ),
        (f"  worst: {worst}", ratios[worst], "<= 8"),
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


BARE_VANISH_BN = (
    BARE_VANISH.replace(
        """        z = h @ w
""",
        """        s = h @ w
        mu = s.mean(0)
        c = s - mu
        inv = 1 / np.sqrt((c * c).mean(0) + 1e-5)
        z = c * inv
        norms.append((z, inv))
""",
    )
    .replace("    h, grads = x, []", "    h, grads, norms = x, [], []")
    .replace(
        """        delta = g * grads[layer]
""",
        """        dy = g * grads[layer]
        z, inv = norms[layer]
        delta = inv * (dy - dy.mean(0) - z * (dy * z).mean(0))
""",
    )
)


@case("vanish-bn")
def vanish_bn_vs_bare_numpy(runs: int) -> list[tuple[str, float, str]]:
    """``actplot vanish ... --batchnorm on`` vs a bare numpy script doing the same normalisation."""
    command = actplot_command(
        "vanish", "sigmoid", "tanh", "softsign", "relu", "--depth", "5", "--width", "1000",
        "--batchnorm", "on", "-o", "v.csv",
    )  # fmt: skip
    _, _, ratio = compare(command, python_script(BARE_VANISH_BN), runs)
    return [("actplot vanish --batchnorm on (4 functions, 5 x 1000) / bare numpy", ratio,
             "<= 1.5")]  # fmt: skip


@case("vanish-claims")
def vanish_claims(runs: int) -> list[tuple[str, float, str]]:
    """Issue 16's claims at the issue's sizes, in process: the measured values (not ratios)."""
    import numpy as np

    import actplot
    from actplot.network.threads import blas_threads
    from actplot.network.vanish import simulate

    rows = []
    with blas_threads(1):
        # actplot vanish sigmoid --depth 20 --width 500 --init standard --batchnorm off,on
        bn = simulate([actplot.get("sigmoid")], depth=20, width=500, init="standard",
                      batchnorm=(False, True))  # fmt: skip
        rows.append(("sigmoid 20 x 500: layer-1/layer-20 RMS ratio, no BN",
                     bn.ratio("sigmoid/bn=off"), "< 1e-10"))  # fmt: skip
        rows.append(("sigmoid 20 x 500: layer-1/layer-20 RMS ratio, BN",
                     bn.ratio("sigmoid/bn=on"), "0.05-20"))  # fmt: skip
        # actplot vanish tanh --depth 10 --gain 0.5,1,1.667,3
        gains = simulate([actplot.get("tanh")], depth=10, width=1000, gain=(0.5, 1, 1.667, 3))
        for name in gains.names:
            rows.append((f"tanh 10 x 1000, {name.split('/')[1]}: ratio", gains.ratio(name),
                         "rises; crosses 1 in (1, 3)"))  # fmt: skip
        # actplot vanish tanh --depth 5 --width 1000 --init standard,xavier --view jacobian
        jac = simulate([actplot.get("tanh")], depth=5, width=1000, init=("standard", "xavier"),
                       jacobian=True)  # fmt: skip
        for name, target in zip(jac.names, ("0.40-0.56", "0.68-0.85"), strict=True):
            median = float(np.median(jac.series(name, "jacobian_sv").astype(float)))
            rows.append((f"tanh 5 x 1000, {name.split('/')[1]}: median mean Jacobian sv",
                         median, target))  # fmt: skip
    return rows


# ---------------------------------------------------------------- train (issue 15)
# Milliseconds per SGD update of the trainer against a bare numpy script doing
# the same forward, backward and update (5 x 1000 sigmoid, float32, batch 10,
# 1024 inputs, 9 classes, data already in memory). Both run with one BLAS
# thread (the trainer sets it; the script through OPENBLAS_NUM_THREADS) and,
# for information, the script also with the library's default threads.

TRAIN_SETUP = """
import time, numpy as np
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (20000, 1024)).astype(np.float32)
y = rng.integers(0, 9, 20000)
UPDATES = 300
"""

OURS_TRAIN = (
    TRAIN_SETUP
    + """
import actplot
from actplot.network.data import Dataset
from actplot.network.train import train
data = Dataset("memory", 1024, 9, x[:500], y[:500], 0, train_x=x, train_y=y)
stamps = []
train([actplot.get("sigmoid")], depth=5, width=1000, updates=UPDATES, every=UPDATES, data=data,
      progress=lambda done, total: stamps.append(time.perf_counter()))
print((stamps[-1] - stamps[0]) / (len(stamps) - 1) * 1e3)
"""
)

BARE_TRAIN = (
    TRAIN_SETUP
    + """
sizes = [1024] + [1000] * 5 + [9]
W = [(rng.uniform(-1, 1, (a, b)) / np.sqrt(a)).astype(np.float32)
     for a, b in zip(sizes[:-1], sizes[1:])]
B = [np.zeros(n, np.float32) for n in sizes[1:]]
lr = np.float32(0.1)
def sigmoid(z):
    return 1 / (1 + np.exp(-z))
order = rng.permutation(len(y))
stamps = []
for u in range(UPDATES):
    rows = order[u * 10:(u + 1) * 10]
    xb, yb = x[rows], y[rows]
    hs, ds, h = [xb], [], xb
    for l in range(5):
        h = sigmoid(h @ W[l] + B[l])
        ds.append(h * (1 - h))
        hs.append(h)
    o = h @ W[5] + B[5]
    o -= o.max(1, keepdims=True)
    p = np.exp(o)
    p /= p.sum(1, keepdims=True)
    loss = -np.mean(np.log(p[np.arange(10), yb]))
    g = p
    g[np.arange(10), yb] -= 1
    g /= 10
    for l in range(5, -1, -1):
        below = (g @ W[l].T) * ds[l - 1] if l else None
        W[l] -= lr * (hs[l].T @ g)
        B[l] -= lr * g.sum(0)
        g = below
    stamps.append(time.perf_counter())
print((stamps[-1] - stamps[0]) / (len(stamps) - 1) * 1e3)
"""
)


def _ms(code: str, env: dict[str, str]) -> float:
    out = subprocess.run(python_script(code), cwd=WORKDIR, env=env, check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    return float(out.split()[-1])


@case("train-step")
def train_step_vs_bare_numpy(runs: int) -> list[tuple[str, float, str]]:
    """ms per update: the trainer / a bare numpy SGD script (5 x 1000 sigmoid, float32)."""
    one = {**ENV, "OPENBLAS_NUM_THREADS": "1"}
    ours, bare, bare_default = [], [], []
    for _ in range(max(3, runs // 3)):
        ours.append(_ms(OURS_TRAIN, ENV))
        bare.append(_ms(BARE_TRAIN, one))
        bare_default.append(_ms(BARE_TRAIN, ENV))
    o, b, d = (statistics.median(v) for v in (ours, bare, bare_default))
    return [
        (f"train: ms per update, ours {o:.1f} ms", o, "(ms)"),
        (f"  / bare numpy script, one BLAS thread ({b:.1f} ms)", o / b, "<= 1.2"),
        (f"  / bare numpy script, default BLAS threads ({d:.1f} ms)", o / d, "(information)"),
    ]


@case("train-fig2")
def train_fig2_command(runs: int) -> list[tuple[str, float, str]]:
    """Seconds of ``actplot train sigmoid --depth 5 --width 1000 --updates 600 -o fig2.csv``."""
    command = actplot_command("train", "sigmoid", "--depth", "5", "--width", "1000",
                              "--updates", "600", "-o", "fig2.csv")  # fmt: skip
    times = [run_once(command) for _ in range(max(1, runs // 4))]
    return [("actplot train sigmoid 5 x 1000, 600 updates -o fig2.csv: seconds",
             statistics.median(times), "<= 60")]  # fmt: skip


@case("train-claims")
def train_claims(runs: int) -> list[tuple[str, float, str]]:
    """Issue 15's claims at the issue's sizes, in process: the measured values (not ratios)."""
    import actplot
    from actplot.network.train import train

    rows = []
    start = time.perf_counter()
    # actplot train sigmoid --depth 5 --width 1000 --init standard --lr 0.1 --updates 600 --seed 0
    fig2 = train([actplot.get("sigmoid")], depth=5, width=1000, init="standard", lr=0.1,
                 updates=600, seed=0).runs[0]  # fmt: skip
    seconds = time.perf_counter() - start
    means = [fig2.series("act_mean", layer)[1][-1] for layer in range(1, 6)]
    rows.append(("Fig. 2, 5 x 1000, 600 updates: seconds (library, 61 records)", seconds, "<= 60"))
    rows.append(("  top hidden layer's mean activation", means[4], "<= 0.10"))
    rows.append(("  lowest mean of layers 1-3", min(means[:3]), ">= 0.45"))
    rows.append(("  test error", fig2.series("test_error")[1][-1], "> 0.70"))
    # actplot train tanh --init standard,xavier --updates 0 (5 x 1000)
    init = train([actplot.get("tanh")], depth=5, width=1000, init=("standard", "xavier"),
                 updates=0)  # fmt: skip
    for rec, target in zip(init.runs, ("<= 0.2", ">= 0.5"), strict=True):
        g = [rec.series("grad_std", layer)[1][0] for layer in (1, 5)]
        rows.append((f"tanh 5 x 1000, {rec.run.init}: grad std layer 1 / layer 5",
                     g[0] / g[1], target))  # fmt: skip
    # actplot train relu --init he --width 256 --lr 0.01,0.15 (300 updates, seeds 0-2)
    dead = train([actplot.get("relu")], depth=5, width=256, init="he", lr=(0.01, 0.15),
                 seed=(0, 1, 2), updates=300, every=300)  # fmt: skip
    for seed in (0, 1, 2):
        small = dead.run(f"relu/lr=0.01/seed={seed}")
        large = dead.run(f"relu/lr=0.15/seed={seed}")
        note = f"diverged at {large.diverged_at}" if large.diverged_at else "trained"
        rows.append((f"ReLU 5 x 256 seed {seed}: top dead at lr 0.01",
                     small.series("dead", 5)[1][-1], "(lr 0.15: x3)"))  # fmt: skip
        rows.append((f"  at lr 0.15 ({note})", large.series("dead", 5)[1][-1], ">= 3 x"))
    # spirals 5 x 64, lr 0.1, 2000 updates: tanh below sigmoid on each seed
    conv = train([actplot.get("sigmoid"), actplot.get("tanh")], depth=5, width=64, lr=0.1,
                 seed=(0, 1, 2), updates=2000, every=2000, data="spirals")  # fmt: skip
    for seed in (0, 1, 2):
        for name in ("sigmoid", "tanh"):
            err = conv.run(f"{name}/seed={seed}").series("test_error")[1][-1]
            rows.append((f"spirals 5 x 64 seed {seed}: {name} test error", float(err),
                         "tanh < sigmoid"))  # fmt: skip
    return rows


@case("looks")
def looks_vs_default(runs: int) -> list[tuple[str, float, str]]:
    """``actplot sigmoid -o s.png --style slides --lang zh`` vs the default look."""
    _, _, ratio = compare(
        actplot_command("sigmoid", "-o", "s.png", "--style", "slides", "--lang", "zh"),
        actplot_command("sigmoid", "-o", "s.png"),
        runs,
    )
    return [("actplot sigmoid --style slides --lang zh / actplot sigmoid", ratio, "<= 1.2")]


# ---------------------------------------------------------------- speed (issue #13)
# One file per function in one process (--each) against the plain loop a user
# would write (a Figure per function, the same points and pixels, savefig), and
# against one process per file; millions of points against the usual 20001.

# A plain loop over functions, one Figure each. The values come from the
# catalogue (the same numbers); the figure is what a user would write by hand.
PLAIN_LOOP = """
import sys
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
import actplot
names, kind = sys.argv[1].split(","), sys.argv[2]
if kind == "figure":  # as PLAIN_FIGURE, per function
    x = np.linspace(-10, 10, 20001)
    for name in names:
        act = actplot.get(name)
        fig = Figure(figsize=(6.4, 4.8), dpi=200, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.plot(x, act(x), "r", label=act.title)
        ax.plot(x, act.derivative(x), "b--", label=act.title + " derivative")
        ax.set_xlim(-10, 10)
        ax.grid(True)
        ax.set_xlabel("x")
        ax.set_title(act.title + " (solid) and its derivative (dashed)")
        ax.legend(loc="upper left")
        fig.savefig(f"plain/{name}.png", dpi=200)
else:  # a gallery panel per function
    x = np.linspace(-5, 5, 2001)
    for name in names:
        act = actplot.get(name)
        fig = Figure(figsize=(1.8, 1.5), dpi=150, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.plot(x, act(x), "r", linewidth=1.1)
        ax.plot(x, act.derivative(x), "b--", linewidth=1.1)
        ax.set_xlim(-5, 5)
        ax.set_title(act.label, fontsize=8.5)
        ax.grid(True, linewidth=0.5, alpha=0.4)
        ax.tick_params(labelsize=6.5, length=2, pad=1.5)
        fig.savefig(f"plain/{name}.svg")
"""


def _all_names() -> list[str]:
    import actplot

    return actplot.names()


def _separate_processes(names: Sequence[str]) -> list[list[str]]:
    return [actplot_command(name, "-o", f"sep/{name}.png") for name in names]


def _run_all(commands: Sequence[Sequence[str]]) -> float:
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, cwd=WORKDIR, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def compare_many(
    a: Sequence[Sequence[str]], b: Sequence[Sequence[str]], runs: int
) -> tuple[float, float, float]:
    """As :func:`compare`, for two sequences of commands run one after the other."""
    _run_all(a), _run_all(b)
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(_run_all(a))
        times_b.append(_run_all(b))
    med_a, med_b = statistics.median(times_a), statistics.median(times_b)
    return med_a, med_b, med_a / med_b


@case("each")
def each_vs_plain_loop(runs: int) -> list[tuple[str, float, str]]:
    """``--each`` against a plain one-process loop and against one process per file."""
    for folder in ("plain", "sep"):
        (WORKDIR / folder).mkdir(exist_ok=True)
    names = _all_names()
    three = "sigmoid,tanh,relu"
    rows = []
    _, _, ratio = compare(
        actplot_command("sigmoid", "tanh", "relu", "--each", "-o", "out/{name}.png"),
        python_script(PLAIN_LOOP) + [three, "figure"],
        runs,
    )
    rows.append(
        ("actplot sigmoid tanh relu --each -o out/{name}.png / plain loop", ratio, "<= 1.0")
    )
    gallery_each = actplot_command("gallery", "--each", "-o", "images/{name}.svg")
    _, _, ratio = compare(
        gallery_each, python_script(PLAIN_LOOP) + [",".join(names), "panel"], runs
    )
    rows.append(
        (
            f"actplot gallery --each -o images/{{name}}.svg / plain loop ({len(names)})",
            ratio,
            "<= 1.0",
        )
    )
    # 47 processes take a minute a run: fewer runs.
    few = max(2, runs // 3)
    separate = _separate_processes(names)
    _, _, ratio = compare_many([gallery_each], separate, few)
    rows.append((f"  ... / {len(names)} x actplot NAME -o NAME.png (processes)", ratio, "<= 0.15"))
    _, _, ratio = compare_many(
        [actplot_command(*names, "--each", "-o", "each/{name}.png")], separate, few
    )
    rows.append(
        (
            f"actplot ALL{len(names)} --each -o each/{{name}}.png / {len(names)} processes",
            ratio,
            "-",
        )
    )
    return rows


@case("points")
def millions_vs_thousands(runs: int) -> list[tuple[str, float, str]]:
    """A 2,000,001-point figure against the 20,001-point one; the SVG's size."""
    rows = []
    for ext in ("png", "svg"):
        _, _, ratio = compare(
            actplot_command("sigmoid", "--points", "2000001", "-o", f"big.{ext}"),
            actplot_command("sigmoid", "-o", f"small.{ext}"),
            runs,
        )
        rows.append(
            (f"actplot sigmoid --points 2000001 -o big.{ext} / 20001 points", ratio, "<= 2")
        )
    size = (WORKDIR / "big.svg").stat().st_size
    rows.append(("  big.svg size (KB)", size / 1000, "<= 40"))
    return rows


def compile_package() -> None:
    """Write actplot's bytecode, as installing it does (pip compiles on install).

    With PYTHONDONTWRITEBYTECODE set, as on the shared machine, every run
    would otherwise compile actplot's sources afresh (some 50 ms), a cost
    no installed copy has; the plain scripts' matplotlib is compiled already.
    """
    import compileall

    import actplot

    compileall.compile_dir(str(Path(actplot.__file__).parent), quiet=1)


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
    compile_package()
    print(f"{'case':<68} {'ratio':>7}  target")
    for name in chosen:
        for what, ratio, target in CASES[name](args.runs):
            shown = f"{ratio:7.2f}" if 0.01 <= abs(ratio) < 1e4 else f"{ratio:7.2g}"
            print(f"{what:<68} {shown}  {target}", flush=True)
    shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
