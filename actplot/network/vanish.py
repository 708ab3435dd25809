"""Gradient flow through a deep fully-connected network, in plain numpy.

This is the experiment behind the lecture note's claim that sigmoid networks
show vanishing gradients within about five layers (Glorot & Bengio, 2010,
"Understanding the difficulty of training deep feedforward neural networks"):
a stack of ``depth`` hidden layers of ``width`` units, zero biases, weights
from one of three initialisations, a batch of standard-normal inputs; a
forward pass, then a standard-normal gradient back-propagated from the top
layer's outputs. For every activation and layer it records

* ``grad_rms`` -- the RMS gradient with respect to the layer's
  pre-activations z (dL/dz = f'(z) * dL/dh, so f' enters at every layer);
* ``act_mean`` -- the mean output f(z) over the batch and the units;
* ``saturated_fraction`` -- the fraction of (input, unit) pairs with
  |f'(z)| < eps (soft or hard saturation);
* ``dead_fraction`` -- the fraction of units with f'(z) = 0 for every input
  of the batch ("dead" ReLUs).

Layer 1 is the one nearest the input. Every activation sees the same inputs,
weights and top gradient, so the curves differ only by the activation. The
run is deterministic for a given seed. numpy only; nothing is printed (pass
``progress`` to follow a long run).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from actplot.analysis.saturation import DEFAULT_EPS, check_eps, saturated

__all__ = [
    "CSV_COLUMNS",
    "INITS",
    "MAX_BYTES",
    "LayerRecord",
    "SimulationResult",
    "estimate_bytes",
    "format_table",
    "simulate",
]

# name -> (description for titles, sampler(rng, n_in, n_out))
INITS: dict[str, tuple[str, Callable[[np.random.Generator, int, int], np.ndarray]]] = {
    # Glorot & Bengio's baseline ("standard"): U[-1/sqrt(n), 1/sqrt(n)], n = fan-in.
    "standard": (
        "standard init U[±1/√n]",
        lambda rng, n_in, n_out: rng.uniform(-1.0, 1.0, (n_in, n_out)) / math.sqrt(n_in),
    ),
    # Their "normalized initialization", now called Xavier/Glorot uniform.
    "xavier": (
        "Xavier init U[±√6/√(n_in+n_out)]",
        lambda rng, n_in, n_out: (
            rng.uniform(-1.0, 1.0, (n_in, n_out)) * math.sqrt(6.0 / (n_in + n_out))
        ),
    ),
    # He et al. (2015): N(0, 2/n), n = fan-in.
    "he": (
        "He init N(0, 2/n)",
        lambda rng, n_in, n_out: rng.standard_normal((n_in, n_out)) * math.sqrt(2.0 / n_in),
    ),
}

# Refuse runs estimated to need more than this (override with max_bytes=).
MAX_BYTES = 2 * 1024**3

CSV_COLUMNS = (
    "activation",
    "layer",
    "grad_rms",
    "act_mean",
    "saturated_fraction",
    "dead_fraction",
)


@dataclass(frozen=True)
class LayerRecord:
    """What one layer of one activation's network did."""

    activation: str  # the series name (unique within a result)
    layer: int  # 1 = nearest the input
    grad_rms: float
    act_mean: float
    saturated_fraction: float
    dead_fraction: float


@dataclass(frozen=True)
class SimulationResult:
    """Records per activation and layer, and the settings that produced them."""

    names: tuple[str, ...]  # series names, in the order given
    titles: tuple[str, ...]  # display titles, parallel to ``names``
    records: tuple[LayerRecord, ...]
    depth: int
    width: int
    batch: int
    init: str
    seed: int | None
    eps: float

    def series(self, name: str, field: str) -> np.ndarray:
        """One quantity (e.g. ``"grad_rms"``) of one activation, layers 1..depth."""
        return np.array([getattr(r, field) for r in self.records if r.activation == name])

    def ratio(self, name: str) -> float:
        """First-layer over last-layer RMS gradient (< 1: gradients vanish downwards)."""
        g = self.series(name, "grad_rms")
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.float64(g[0]) / np.float64(g[-1]))

    @property
    def init_description(self) -> str:
        return INITS[self.init][0]

    def rows(self) -> list[tuple[Any, ...]]:
        """Long-format rows in the order of :data:`CSV_COLUMNS`."""
        return [
            (
                r.activation,
                r.layer,
                r.grad_rms,
                r.act_mean,
                r.saturated_fraction,
                r.dead_fraction,
            )
            for r in self.records
        ]

    def write_csv(self, path: str | os.PathLike[str]) -> None:
        """Write :meth:`rows` with a header row, atomically; floats round-trip exactly."""
        import csv
        import io

        from actplot.output import atomic_write

        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")  # quotes names holding commas
        writer.writerow(CSV_COLUMNS)
        for name, layer, *values in self.rows():
            writer.writerow([name, layer, *(repr(float(v)) for v in values)])
        data = text.getvalue().encode()
        atomic_write(path, lambda fileobj: fileobj.write(data))


def estimate_bytes(depth: int, width: int, batch: int) -> int:
    """Peak memory of :func:`simulate`, roughly: weights plus stored f'(z) plus temporaries."""
    weights = depth * width * width
    stored = depth * batch * width  # f'(z) of every layer, kept for the backward pass
    temporaries = 8 * batch * width  # inputs, top gradient, kernels' intermediates
    return 8 * (weights + stored + temporaries)


def _format_bytes(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError  # unreachable


def _check_size(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(value)


def simulate(
    activations: Sequence[Any],
    *,
    depth: int = 5,
    width: int = 1000,
    batch: int = 256,
    init: str = "standard",
    seed: int | None = 0,
    eps: float = DEFAULT_EPS,
    names: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_bytes: int = MAX_BYTES,
) -> SimulationResult:
    """Run the forward and backward passes for each activation; record every layer.

    Parameters
    ----------
    activations
        Activations (from :func:`actplot.get`), any mix, parameters included.
    depth, width
        Number of hidden layers and units per layer (the input has ``width``
        features too).
    batch
        Number of standard-normal input vectors.
    init
        ``"standard"`` (U[-1/√n, 1/√n], Glorot & Bengio's baseline),
        ``"xavier"`` (U[±√6/√(n_in+n_out)]) or ``"he"`` (N(0, 2/n)).
    seed
        Seed of ``np.random.default_rng``; the same seed gives the same result.
    eps
        Saturation threshold: a unit saturates on an input where |f'(z)| < eps.
    names
        Series names (default: each activation's ``name``); must be unique.
    progress
        Called as ``progress(done, total)`` after every layer of every pass.
    max_bytes
        Refuse runs whose estimated memory exceeds this.

    Returns
    -------
    SimulationResult

    Raises
    ------
    ValueError
        For a size below 1, an unknown ``init``, a bad ``eps``, duplicate
        names, or a run estimated to need more than ``max_bytes``.
    """
    depth = _check_size("depth", depth)
    width = _check_size("width", width)
    batch = _check_size("batch", batch)
    eps = check_eps(eps)
    if init not in INITS:
        raise ValueError(f"unknown init {init!r}: use {', '.join(INITS)}")
    if not activations:
        raise ValueError("give at least one activation")
    names = tuple(names) if names is not None else tuple(a.name for a in activations)
    if len(names) != len(activations):
        raise ValueError("names and activations differ in length")
    if len(set(names)) != len(names):
        raise ValueError("series names must be unique")
    need = estimate_bytes(depth, width, batch)
    if need > max_bytes:
        raise ValueError(
            f"a network of {depth} layers × {width} units with a batch of {batch} "
            f"needs about {_format_bytes(need)} of memory, more than the "
            f"{_format_bytes(max_bytes)} allowed; reduce depth, width or batch"
        )

    rng = np.random.default_rng(seed)
    sample = INITS[init][1]
    weights = [sample(rng, width, width) for _ in range(depth)]
    inputs = rng.standard_normal((batch, width))
    top_grad = rng.standard_normal((batch, width))

    total = 2 * depth * len(activations)
    done = 0
    records: list[LayerRecord] = []
    for act, name in zip(activations, names, strict=True):
        means = np.empty(depth)
        sat = np.empty(depth)
        dead = np.empty(depth)
        derivs: list[np.ndarray] = []
        h = inputs
        # Unbounded activations (exponential, ...) may overflow in deep
        # stacks: the inf/NaN is the honest result and shows in the records.
        with np.errstate(over="ignore", invalid="ignore"):
            for layer in range(depth):
                z = h @ weights[layer]
                d = act.derivative(z)
                h = act(z)
                means[layer] = h.mean()
                sat[layer] = saturated(d, eps).mean()
                dead[layer] = (d == 0).all(axis=0).mean()
                derivs.append(d)
                done += 1
                if progress is not None:
                    progress(done, total)
            rms = np.empty(depth)
            g = top_grad
            for layer in range(depth - 1, -1, -1):
                delta = g * derivs.pop()  # popping frees each f'(z) once used
                rms[layer] = math.sqrt(float(np.vdot(delta, delta)) / delta.size)
                if layer:
                    g = delta @ weights[layer].T
                done += 1
                if progress is not None:
                    progress(done, total)
        records.extend(
            LayerRecord(
                activation=name,
                layer=layer + 1,
                grad_rms=float(rms[layer]),
                act_mean=float(means[layer]),
                saturated_fraction=float(sat[layer]),
                dead_fraction=float(dead[layer]),
            )
            for layer in range(depth)
        )
    return SimulationResult(
        names=names,
        titles=tuple(getattr(a, "title", n) for a, n in zip(activations, names, strict=True)),
        records=tuple(records),
        depth=depth,
        width=width,
        batch=batch,
        init=init,
        seed=seed,
        eps=eps,
    )


def format_table(result: SimulationResult) -> str:
    """The RMS gradient per layer (rows) and activation (columns), then each ratio."""
    names = result.names
    widths = [max(len(n), 9) for n in names]
    head = f"{'layer':>10}  " + "  ".join(f"{n:>{w}}" for n, w in zip(names, widths, strict=True))
    lines = [
        f"RMS gradient w.r.t. pre-activations ({result.depth} layers × {result.width} units, "
        f"batch {result.batch}, {result.init} init, seed {result.seed}; layer 1 = input side)",
        head,
    ]
    grads = [result.series(n, "grad_rms") for n in names]
    for layer in range(result.depth):
        cells = (f"{g[layer]:>{w}.3g}" for g, w in zip(grads, widths, strict=True))
        lines.append(f"{layer + 1:>10}  " + "  ".join(cells))
    ratios = (f"{result.ratio(n):>{w}.3g}" for n, w in zip(names, widths, strict=True))
    lines.append(f"{'first/last':>10}  " + "  ".join(ratios))
    return "\n".join(lines)
