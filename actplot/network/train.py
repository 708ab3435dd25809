"""Training deep networks with plain SGD, in numpy: the lecture note's training lessons.

Glorot & Bengio's (2010) setup: ``depth`` hidden layers of ``width`` units
(any catalogue or formula activation), a softmax output over the data's
classes, the negative log-likelihood cost, plain SGD on mini-batches of
``batch`` (10), biases starting at 0, weights from the shared initialisers
(:mod:`actplot.network.init`). A *run* is one combination of activation ×
init × learning rate × seed, in that order. Runs with the same seed see the
same data (the same mini-batches in the same order, the same test set) and,
with the same init, the same initial weights (drawn from
``np.random.default_rng(seed)``).

Every ``every`` updates (and at the last one, and at each update of
``hist_at``) a run records, per layer, on the monitor set (the first 300
examples of the held-out test set): the mean, standard deviation and 98th
percentile of the activations, the saturated fraction (|f'| < eps), the dead
fraction (units whose f' is 0 on every monitor example), the standard
deviations of the back-propagated gradient dC_i/ds (per example) and of the
weight gradient dC/dW; and for the network the training loss (mean NLL of
the mini-batches since the previous record) and the test error. At the
updates of ``hist_at`` it also keeps histograms of the activations, the
back-propagated gradients and the weight gradients.

A run whose loss is not finite (NaN or overflow) stops there ("diverged at
update N"); the others go on. Ctrl-C (KeyboardInterrupt) stops training and
returns what was recorded, marked ``interrupted``. The BLAS library is
limited to one thread while training (see :mod:`actplot.network.threads`).
numpy only.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from actplot.analysis.saturation import DEFAULT_EPS, check_eps
from actplot.network.budget import (
    BYTES_PER_SECOND,
    FLOPS_PER_SECOND,
    MAX_BYTES,
    MAX_SECONDS,
    check_budget,
)
from actplot.network.data import MONITOR, TEST_SIZE, Dataset, load_data
from actplot.network.init import check_init, initial_weights
from actplot.network.layers import activate
from actplot.network.stats import (
    HIST_BINS,
    dead_fraction,
    histograms,
    product_std,
    saturated_fraction,
)
from actplot.network.threads import blas_threads
from actplot.network.train_result import (
    CSV_COLUMNS,
    LAYER_METRICS,
    NETWORK_METRICS,
    RunRecord,
    TrainHistogram,
    TrainResult,
    TrainRun,
)

__all__ = [
    "CSV_COLUMNS",
    "DTYPES",
    "LAYER_METRICS",
    "NETWORK_METRICS",
    "TrainResult",
    "default_every",
    "estimate",
    "train",
]

DTYPES = ("float32", "float64")
RECORDS = 60  # about this many records over a run by default
SHAPESET_SECONDS_PER_IMAGE = 4e-4  # generation, generously


def default_every(updates: int) -> int:
    """Record about :data:`RECORDS` times over ``updates`` updates."""
    return max(1, round(updates / RECORDS))


def _check_int(name: str, value: Any, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if value < low:
        raise ValueError(f"{name} must be at least {low}, got {value}")
    return int(value)


def _check_lr(lr: Any) -> float:
    try:
        value = float(lr)
    except (TypeError, ValueError):
        raise ValueError(f"the learning rate must be a number, got {lr!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"the learning rate must be a positive number, got {value:g}")
    return value


def _as_tuple(value: Any) -> tuple[Any, ...]:
    if isinstance(value, (str, bytes, int, float, np.integer, np.floating)):
        return (value,)
    return tuple(value)


def _unique(what: str, values: tuple[Any, ...]) -> tuple[Any, ...]:
    if not values:
        raise ValueError(f"give at least one {what}")
    if len(set(values)) != len(values):
        raise ValueError(f"a {what} is listed twice")
    return values


def estimate(
    *,
    depth: int,
    width: int,
    batch: int,
    updates: int,
    runs: int,
    features: int,
    classes: int,
    records: int,
    dtype: str = "float32",
    test_size: int = TEST_SIZE,
    monitor: int = MONITOR,
    generated: bool = True,
) -> tuple[float, float]:
    """``(bytes, seconds)``: a rough, generous estimate of a training's memory and time."""
    item = np.dtype(dtype).itemsize
    params = features * width + (depth - 1) * width * width + width * classes
    memory = (
        item * 2 * params  # weights and a gradient buffer
        + 8 * test_size * width * depth * 3  # the test set's passes (float64 statistics)
        + 4 * test_size * features
        + (64 * 2**20 if generated else 0)  # the stream's cached chunks
        + 8 * width * width * 2  # a histogram's weight gradient
    )
    update = max(6.0 * batch * params / FLOPS_PER_SECOND, 4.0 * params * item / BYTES_PER_SECOND)
    record = (2.0 * test_size + 4.0 * monitor) * params / FLOPS_PER_SECOND
    data = updates * batch * SHAPESET_SECONDS_PER_IMAGE if generated and features > 2 else 0.0
    seconds = runs * (updates * update + records * record + data)
    return float(memory), float(seconds)


def _run_name(activation: str, init: str, lr: float, seed: int, vary: dict[str, bool]) -> str:
    parts = [activation]
    if vary["init"]:
        parts.append(f"init={init}")
    if vary["lr"]:
        parts.append(f"lr={lr:g}")
    if vary["seed"]:
        parts.append(f"seed={seed}")
    return "/".join(parts)


def train(
    activations: Sequence[Any],
    *,
    depth: int = 5,
    width: int = 1000,
    batch: int = 10,
    lr: float | Sequence[float] = 0.1,
    init: str | Sequence[str] = "standard",
    seed: int | Sequence[int] = 0,
    updates: int = 600,
    every: int | None = None,
    data: str | os.PathLike[str] | Dataset = "shapeset",
    dtype: str = "float32",
    eps: float = DEFAULT_EPS,
    names: Sequence[str] | None = None,
    hist_at: Sequence[int] = (),
    bins: int = HIST_BINS,
    progress: Callable[[int, int], None] | None = None,
    max_bytes: float = MAX_BYTES,
    max_seconds: float = MAX_SECONDS,
    threads: int | None = 1,
) -> TrainResult:
    """Train every run; record the statistics described in the module docstring.

    Parameters
    ----------
    activations
        Hidden activations (from :func:`actplot.get`).
    depth, width
        Hidden layers and units per layer.
    batch
        Mini-batch size.
    lr, init, seed
        One value or several each; runs are their combinations with the activations.
    updates
        SGD updates per run (0: only the initial network is recorded).
    every
        Record every ``every`` updates (default: about 60 records per run).
    data
        ``"shapeset"`` (default), ``"spirals"``, a ``.npz`` path, or a
        :class:`~actplot.network.data.Dataset` (then used for every seed).
    dtype
        ``"float32"`` (default) or ``"float64"``.
    eps
        Saturation threshold: |f'| < eps.
    names
        Series names of the activations (default: their ``name``); unique.
    hist_at
        Updates at which histograms are kept (``bins`` bins each).
    progress
        Called as ``progress(done, total)`` after every update.
    max_bytes, max_seconds
        Refuse trainings estimated to need more memory or time than this.
    threads
        BLAS threads while training (None: leave the library's setting).

    Raises
    ------
    ValueError
        For bad settings or data, or a training estimated to need too much
        memory or time (the message gives the estimate).
    """
    depth = _check_int("depth", depth, 1)
    width = _check_int("width", width, 1)
    batch = _check_int("batch", batch, 1)
    updates = _check_int("updates", updates, 0)
    every = default_every(updates) if every is None else _check_int("every", every, 1)
    bins = _check_int("bins", bins, 1)
    eps = check_eps(eps)
    if dtype not in DTYPES:
        raise ValueError(f"unknown dtype {dtype!r}: use {', '.join(DTYPES)}")
    lrs = _unique("learning rate", tuple(_check_lr(v) for v in _as_tuple(lr)))
    inits = _unique("init", tuple(check_init(i).name for i in _as_tuple(init)))
    seeds = _unique("seed", tuple(_check_int("seed", s, 0) for s in _as_tuple(seed)))
    hist_at = tuple(sorted({_check_int("an update of hist_at", u, 0) for u in hist_at}))
    if hist_at and hist_at[-1] > updates:
        raise ValueError(f"histograms at update {hist_at[-1]}: the runs stop at {updates}")
    if not activations:
        raise ValueError("give at least one activation")
    names = tuple(names) if names is not None else tuple(a.name for a in activations)
    if len(names) != len(activations):
        raise ValueError("names and activations differ in length")
    if len(set(names)) != len(names):
        raise ValueError("series names must be unique")
    given = data if isinstance(data, Dataset) else None
    spec = "" if isinstance(data, Dataset) else os.fspath(data)
    datasets: dict[int, Dataset] = {}
    if given is None and spec not in ("shapeset", "spirals"):
        datasets[seeds[0]] = load_data(spec, seed=seeds[0])  # a file: read and checked first
    probe = given or datasets.get(seeds[0])
    features, classes = (1024, 9) if spec == "shapeset" else (2, 3)
    if probe is not None:
        features, classes = probe.features, probe.classes
    n_runs = len(activations) * len(inits) * len(lrs) * len(seeds)
    record_at = sorted({*range(0, updates + 1, every), updates, *hist_at})
    need, seconds = estimate(
        depth=depth, width=width, batch=batch, updates=updates, runs=n_runs,
        features=features, classes=classes, records=len(record_at), dtype=dtype,
        generated=probe is None or probe.draw is not None,
    )  # fmt: skip
    runs_text = f"{n_runs} runs of " if n_runs > 1 else ""
    check_budget(
        f"training {runs_text}{depth} layers × {width} units for {updates} updates",
        need_bytes=need,
        seconds=seconds,
        max_bytes=max_bytes,
        max_seconds=max_seconds,
        remedy="reduce depth, width or updates" + (" or the number of runs" if n_runs > 1 else ""),
    )

    vary = {"init": len(inits) > 1, "lr": len(lrs) > 1, "seed": len(seeds) > 1}
    plan = [
        TrainRun(
            _run_name(names[a], i, r, s, vary),
            names[a],
            getattr(act, "title", names[a]),
            i,
            r,
            s,
        )
        for a, act in enumerate(activations)
        for i in inits
        for r in lrs
        for s in seeds
    ]
    result = TrainResult(
        runs=[], depth=depth, width=width, batch=batch, updates=updates, every=every,
        data=probe.name if probe is not None else spec, features=features,
        classes=classes, dtype=dtype, eps=eps, hist_at=hist_at,
    )  # fmt: skip
    counter = [0, n_runs * updates]
    with blas_threads(threads):
        for run in plan:
            if run.seed not in datasets:
                datasets[run.seed] = given if given is not None else load_data(spec, seed=run.seed)
            record = RunRecord(run)
            result.runs.append(record)
            act = activations[names.index(run.activation)]
            try:
                _train_one(
                    record, act, datasets[run.seed], depth=depth, width=width, batch=batch,
                    updates=updates, record_at=record_at, hist_at=hist_at, dtype=dtype,
                    eps=eps, bins=bins, counter=counter, progress=progress,
                )  # fmt: skip
            except KeyboardInterrupt:
                result.interrupted = True
                if not record.updates:
                    result.runs.pop()
                break
    return result


class _Network:
    """Weights, biases and one SGD step; the hidden activation from the catalogue."""

    def __init__(self, act: Any, weights: list[np.ndarray], dtype: Any) -> None:
        self.act = act
        self.dtype = dtype
        self.weights = weights
        self.biases = [np.zeros(w.shape[1], dtype=dtype) for w in weights]
        self.buffers = [np.empty_like(w) for w in weights]

    def forward(self, x: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
        """Inputs of every layer (the data first), f' of every hidden layer, and the logits."""
        inputs, derivs = [x], []
        h = x
        for w, b in zip(self.weights[:-1], self.biases[:-1], strict=True):
            s = h @ w
            s += b
            h, d = activate(self.act, s)
            inputs.append(h)
            derivs.append(d)
        logits = h @ self.weights[-1]
        logits += self.biases[-1]
        return inputs, derivs, logits

    def step(self, x: np.ndarray, y: np.ndarray, lr: float) -> float:
        """One SGD update on ``(x, y)``; the mini-batch's mean NLL before the update."""
        inputs, derivs, logits = self.forward(x)
        loss, g = _nll(logits, y)
        g /= len(y)
        lr_ = self.dtype.type(lr)
        for layer in range(len(self.weights) - 1, -1, -1):
            w = self.weights[layer]
            below = (g @ w.T) * derivs[layer - 1] if layer else None  # before w changes
            grad = np.matmul(inputs[layer].T, g, out=self.buffers[layer])
            grad *= lr_
            w -= grad
            self.biases[layer] -= lr_ * g.sum(axis=0)
            if below is not None:
                g = below
        return loss


def _nll(logits: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean negative log-likelihood of the softmax, and dNLL_i/dlogits per example."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    total = e.sum(axis=1, keepdims=True)
    rows = np.arange(len(y))
    loss = float(np.mean(np.log(total[:, 0]) - shifted[rows, y], dtype=np.float64))
    p = e / total
    p[rows, y] -= 1
    return loss, p


def _train_one(
    record: RunRecord,
    act: Any,
    data: Dataset,
    *,
    depth: int,
    width: int,
    batch: int,
    updates: int,
    record_at: list[int],
    hist_at: tuple[int, ...],
    dtype: str,
    eps: float,
    bins: int,
    counter: list[int],
    progress: Callable[[int, int], None] | None,
) -> None:
    run = record.run
    dt = np.dtype(dtype)
    sizes = [data.features] + [width] * depth + [data.classes]
    weights = initial_weights(np.random.default_rng(run.seed), run.init, sizes, dtype=dt.type)
    net = _Network(act, weights, dt)
    test_x = data.test_x.astype(dt, copy=False)
    stream: Iterator[tuple[np.ndarray, np.ndarray]] = data.batches(batch)
    pending = next(stream)
    wanted = set(record_at)
    losses: list[float] = []
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for u in range(updates + 1):
            if u:
                x, y = pending
                pending = next(stream)
                loss = net.step(x.astype(dt, copy=False), y, run.lr)
                if not math.isfinite(loss):
                    record.diverged_at = u
                    counter[0] += updates - u + 1
                    if progress is not None:
                        progress(counter[0], counter[1])
                    return
                losses.append(loss)
                record.done = u
                counter[0] += 1
                if progress is not None:
                    progress(counter[0], counter[1])
            if u in wanted:
                if not losses:  # update 0: the first mini-batch at the initial weights
                    _, _, logits = net.forward(pending[0].astype(dt, copy=False))
                    losses.append(_nll(logits, pending[1])[0])
                _record(record, net, u, float(np.mean(losses)), test_x, data, eps,
                        u in hist_at, bins)  # fmt: skip
                losses = []


def _record(
    record: RunRecord,
    net: _Network,
    update: int,
    loss: float,
    test_x: np.ndarray,
    data: Dataset,
    eps: float,
    keep_histograms: bool,
    bins: int,
) -> None:
    """Statistics of the network after ``update`` updates, on the monitor and test sets."""
    inputs, derivs, logits = net.forward(test_x)
    error = float(np.mean(logits.argmax(axis=1) != data.test_y))
    m = data.monitor
    _, g = _nll(logits[:m], data.monitor_y)  # dC_i/dlogits, per monitor example
    depth = len(derivs)
    rows = {metric: np.empty(depth) for metric in LAYER_METRICS}
    acts, grads, wgrads = [], [], []
    for layer in range(depth, -1, -1):
        w = net.weights[layer]
        if layer < depth:
            d = derivs[layer][:m]
            delta = g * d
            h = inputs[layer + 1][:m].astype(np.float64)
            rows["act_mean"][layer] = h.mean()
            rows["act_std"][layer] = h.std()
            rows["act_p98"][layer] = np.percentile(h, 98)
            rows["saturated"][layer] = saturated_fraction(d, eps)
            rows["dead"][layer] = dead_fraction(d)
            rows["grad_std"][layer] = np.std(delta, dtype=np.float64)
            h_in = inputs[layer][:m]
            if m < min(h_in.shape[1], delta.shape[1]):
                rows["wgrad_std"][layer] = product_std(h_in, delta, 1.0 / m)
            else:
                rows["wgrad_std"][layer] = np.std(h_in.T @ delta / m, dtype=np.float64)
            if keep_histograms:
                acts.append(h)
                grads.append(np.asarray(delta, dtype=np.float64))
                wgrads.append(np.asarray(h_in.T @ delta, dtype=np.float64) / m)
        else:
            delta = g
        if layer:
            g = delta @ w.T
    record.updates.append(update)
    for metric in LAYER_METRICS:
        record.layers[metric].append(rows[metric])
    record.network["loss"].append(loss)
    record.network["test_error"].append(error)
    if keep_histograms:
        for quantity, arrays in (("act", acts), ("grad", grads), ("wgrad", wgrads)):
            arrays.reverse()
            edges, fractions = histograms(arrays, bins)
            record.histograms.extend(
                TrainHistogram(update, quantity, layer + 1, edges, f)
                for layer, f in enumerate(fractions)
            )
