"""Gradient flow through a deep fully-connected network at initialisation, in numpy.

This is the experiment behind the lecture note's claim that sigmoid networks
show vanishing gradients within about five layers (Glorot & Bengio, 2010,
"Understanding the difficulty of training deep feedforward neural networks"),
and behind the remedies it names ("Batch Normalization的逐层归一化, Xavier和MSRA
权重初始化"): a stack of ``depth`` hidden layers of ``width`` units, zero biases,
weights from an initialiser (times a gain), optionally batch-normalised
pre-activations, a batch of standard-normal inputs; a forward pass, then a
standard-normal gradient back-propagated from the top layer's outputs. For
every run and layer it records

* ``grad_rms`` -- the RMS gradient with respect to the layer's
  pre-activations s = h W (dC/ds = f'(y) * dC/dh, through the normalisation
  when there is one, so f' enters at every layer);
* ``act_mean`` -- the mean output f(y) over the batch and the units;
* ``saturated_fraction`` -- the fraction of (input, unit) pairs with
  |f'(y)| < eps (soft or hard saturation);
* ``dead_fraction`` -- the fraction of units with f'(y) = 0 for every input
  of the batch ("dead" ReLUs);
* ``jacobian_sv`` (with ``jacobian=True``) -- the mean singular value of the
  layer's Jacobian dh_out/dh_in (Glorot & Bengio: about 0.5 with the standard
  initialisation, 0.8 with theirs), averaged over the first
  ``jacobian_examples`` inputs;

and, with ``histograms=True``, per-layer histograms of the activations and of
the back-propagated gradients dC/ds (the paper's Figs. 6 and 7).

A *run* is one combination of activation × init × gain × batchnorm, in that
order. Every run sees the same inputs and top gradient; runs with the same
init and gain see the same weights, and inits of one family (see
:mod:`actplot.network.init`) scale the same draws, so curves differ only by
what the run changes. Layer 1 is the one nearest the input. The run is
deterministic for a given seed: with one init and gain 1 the draws are the
weights, then the inputs, then the top gradient (as ``vanish`` always drew
them). numpy only; nothing is printed (pass ``progress`` to follow a long run).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from actplot.analysis.saturation import DEFAULT_EPS, check_eps
from actplot.network.budget import FLOPS_PER_SECOND, MAX_BYTES, MAX_SECONDS, check_budget
from actplot.network.init import (
    INITIALISERS,
    check_gain,
    check_init,
    draw_base,
    initial_weights,
    scale_base,
)
from actplot.network.layers import LayerPass, backward_layer, forward_layer
from actplot.network.stats import (
    HIST_BINS,
    dead_fraction,
    jacobian_mean_singular_value,
    rms,
    saturated_fraction,
)
from actplot.network.stats import histograms as layer_histograms
from actplot.network.threads import blas_threads
from actplot.network.vanish_result import (
    CSV_COLUMNS,
    HIST_COLUMNS,
    LayerHistogram,
    LayerRecord,
    Run,
    SimulationResult,
    format_table,
)

__all__ = [
    "CSV_COLUMNS",
    "HIST_COLUMNS",
    "INITS",
    "JACOBIAN_EXAMPLES",
    "MAX_BYTES",
    "MAX_SECONDS",
    "VIEWS",
    "LayerHistogram",
    "LayerRecord",
    "Run",
    "SimulationResult",
    "check_run_count",
    "estimate_bytes",
    "estimate_flops",
    "format_table",
    "simulate",
]


# name -> (description for titles, sampler(rng, n_in, n_out)); see actplot.network.init.
def _sampler(name: str) -> Callable[[np.random.Generator, int, int], np.ndarray]:
    def sample(rng: np.random.Generator, n_in: int, n_out: int) -> np.ndarray:
        return initial_weights(rng, name, (n_in, n_out))[0]

    return sample


# name -> (description for titles, sampler(rng, n_in, n_out)); see actplot.network.init.
INITS: dict[str, tuple[str, Callable[[np.random.Generator, int, int], np.ndarray]]] = {
    name: (init.description, _sampler(name)) for name, init in INITIALISERS.items()
}

VIEWS = ("rms", "hist", "jacobian")
JACOBIAN_EXAMPLES = 2  # inputs whose Jacobians are averaged (each costs an eigensolve)
# How many runs a figure shows legibly when more than the activations vary
# (colours for activations, line styles for the settings); a histogram figure
# has a column of panels per run.
MAX_RUNS = {"rms": 16, "jacobian": 16, "hist": 6}


def estimate_bytes(
    depth: int,
    width: int,
    batch: int,
    *,
    weight_sets: int = 1,
    batchnorm: bool = False,
    histograms: bool = False,
    jacobian: bool = False,
) -> int:
    """Peak memory of :func:`simulate`, roughly: weights plus stored passes plus temporaries.

    ``weight_sets`` counts the weight matrices kept at once (1 for one init at
    gain 1; base draws per family plus the current run's set otherwise).
    """
    weights = weight_sets * depth * width * width
    # f'(y) of every layer, kept for the backward pass; and the normalised
    # pre-activations with batch normalisation; activations and gradients for
    # histograms.
    stored = depth * batch * width * (1 + int(batchnorm) + 2 * int(histograms))
    temporaries = 8 * batch * width  # inputs, top gradient, kernels' intermediates
    if jacobian:
        temporaries += (depth + 3) * width * width  # W^T W per layer, an eigensolve's work
    return 8 * (weights + stored + temporaries)


def estimate_flops(
    depth: int, width: int, batch: int, runs: int, *, jacobian_examples: int = 0
) -> float:
    """Floating-point operations of :func:`simulate`: the products, and the eigensolves."""
    flops = runs * depth * 4.0 * batch * width * width
    if jacobian_examples:
        flops += runs * depth * (2.0 * width**3 + jacobian_examples * 6.0 * width**3)
    return flops


def check_run_count(runs: int, view: str = "rms", *, settings_vary: bool = True) -> None:
    """ValueError when one figure of ``view`` cannot show ``runs`` runs legibly.

    When only the activations vary (``settings_vary=False``), a line figure
    shows any number, as ``vanish`` always has.
    """
    if view not in MAX_RUNS:
        raise ValueError(f"unknown view {view!r}: use {', '.join(VIEWS)}")
    limit = MAX_RUNS[view]
    if runs > limit and (settings_vary or view == "hist"):
        raise ValueError(
            f"the activations, --init, --gain and --batchnorm make {runs} runs; "
            f"a {view} figure shows at most {limit}"
        )


def _check_size(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(value)


def _as_tuple(value: Any, kind: type) -> tuple[Any, ...]:
    if isinstance(value, (str, bool, int, float, np.floating, np.integer, np.bool_)):
        return (value,)
    values = tuple(value)
    if not values:
        raise ValueError(f"give at least one {kind.__name__} value")
    return values


def _settings(
    init: Any, gain: Any, batchnorm: Any
) -> tuple[tuple[str, ...], tuple[float, ...], tuple[bool, ...]]:
    inits = tuple(check_init(i).name for i in _as_tuple(init, str))
    gains = tuple(check_gain(g) for g in _as_tuple(gain, float))
    bns = tuple(bool(b) for b in _as_tuple(batchnorm, bool))
    for what, values in (("init", inits), ("gain", gains), ("batchnorm", bns)):
        if len(set(values)) != len(values):
            raise ValueError(f"a {what} value is listed twice")
    return inits, gains, bns


def _run_name(activation: str, init: str, gain: float, bn: bool, vary: dict[str, bool]) -> str:
    parts = [activation]
    if vary["init"]:
        parts.append(f"init={init}")
    if vary["gain"]:
        parts.append(f"gain={gain:g}")
    if vary["batchnorm"]:
        parts.append(f"bn={'on' if bn else 'off'}")
    return "/".join(parts)


def simulate(
    activations: Sequence[Any],
    *,
    depth: int = 5,
    width: int = 1000,
    batch: int = 256,
    init: str | Sequence[str] = "standard",
    gain: float | Sequence[float] = 1.0,
    batchnorm: bool | Sequence[bool] = False,
    seed: int | None = 0,
    eps: float = DEFAULT_EPS,
    names: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_bytes: int = MAX_BYTES,
    max_seconds: float = MAX_SECONDS,
    histograms: bool = False,
    jacobian: bool = False,
    jacobian_examples: int = JACOBIAN_EXAMPLES,
    bins: int = HIST_BINS,
) -> SimulationResult:
    """Run the forward and backward passes for each run; record every layer.

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
        One initialiser or several (``"standard"``, ``"xavier"``, ``"he"``,
        ``"lecun"``, ``"orthogonal"``; see :mod:`actplot.network.init`).
    gain
        One multiplier of the initial weights or several.
    batchnorm
        False, True, or both (``(False, True)``): normalise each layer's
        pre-activations with the batch's statistics (γ = 1, β = 0, ε = 1e-5).
    seed
        Seed of ``np.random.default_rng``; the same seed gives the same result.
    eps
        Saturation threshold: a unit saturates on an input where |f'(y)| < eps.
    names
        Series names of the activations (default: each one's ``name``); unique.
    progress
        Called as ``progress(done, total)`` after every layer of every pass.
    max_bytes, max_seconds
        Refuse runs estimated to need more memory or time than this.
    histograms
        Also record per-layer histograms of activations and gradients (``bins`` bins).
    jacobian
        Also record each layer's mean Jacobian singular value, averaged over
        the first ``jacobian_examples`` inputs.

    Returns
    -------
    SimulationResult

    Raises
    ------
    ValueError
        For a size below 1, an unknown ``init``, a bad gain or ``eps``,
        duplicate names or settings, or a run estimated to need more than
        ``max_bytes`` of memory or ``max_seconds`` of time.
    """
    depth = _check_size("depth", depth)
    width = _check_size("width", width)
    batch = _check_size("batch", batch)
    eps = check_eps(eps)
    inits, gains, bns = _settings(init, gain, batchnorm)
    if jacobian:
        jacobian_examples = min(_check_size("jacobian_examples", jacobian_examples), batch)
    bins = _check_size("bins", bins)
    if not activations:
        raise ValueError("give at least one activation")
    names = tuple(names) if names is not None else tuple(a.name for a in activations)
    if len(names) != len(activations):
        raise ValueError("names and activations differ in length")
    if len(set(names)) != len(names):
        raise ValueError("series names must be unique")
    single = len(inits) == 1 and gains == (1.0,)
    families = list(dict.fromkeys(INITIALISERS[i].family for i in inits))
    n_runs = len(activations) * len(inits) * len(gains) * len(bns)
    need = estimate_bytes(
        depth,
        width,
        batch,
        weight_sets=1 if single else 1 + len(families),
        batchnorm=any(bns),
        histograms=histograms,
        jacobian=jacobian,
    )
    flops = estimate_flops(
        depth, width, batch, n_runs, jacobian_examples=jacobian_examples if jacobian else 0
    )
    runs_text = f"{n_runs} runs of " if n_runs > 1 else ""
    check_budget(
        f"{runs_text}a network of {depth} layers × {width} units with a batch of {batch}",
        need_bytes=need,
        seconds=flops / FLOPS_PER_SECOND,
        max_bytes=max_bytes,
        max_seconds=max_seconds,
        remedy="reduce depth, width or batch" + (" or the number of runs" if n_runs > 1 else ""),
    )

    rng = np.random.default_rng(seed)
    sizes = [width] * (depth + 1)
    bases: dict[str, list[np.ndarray]] = {}
    first: list[np.ndarray] | None = None
    if single:
        first = initial_weights(rng, inits[0], sizes)
    else:
        bases[families[0]] = [draw_base(rng, families[0], width, width) for _ in range(depth)]
    inputs = rng.standard_normal((batch, width))
    top_grad = rng.standard_normal((batch, width))
    for family in families[1:]:
        bases[family] = [draw_base(rng, family, width, width) for _ in range(depth)]

    vary = {
        "init": len(inits) > 1,
        "gain": len(gains) > 1,
        "batchnorm": len(bns) > 1,
    }
    steps_per_run = depth * (2 + int(jacobian))
    counter = _Counter(n_runs * steps_per_run, progress)
    done: dict[tuple[int, str, float, bool], tuple[Run, list[LayerRecord], list[LayerHistogram]]]
    done = {}
    for init_name in inits:
        for g in gains:
            if first is not None:
                weights = first
            else:
                family = INITIALISERS[init_name].family
                weights = [scale_base(b, init_name, g) for b in bases[family]]
            grams: list[np.ndarray | None] = [None] * depth
            for a, act in enumerate(activations):
                for bn in bns:
                    run = Run(
                        name=_run_name(names[a], init_name, g, bn, vary),
                        activation=names[a],
                        title=getattr(act, "title", names[a]),
                        init=init_name,
                        gain=g,
                        batchnorm=bn,
                    )
                    done[a, init_name, g, bn] = (
                        run,
                        *_one_run(
                            run,
                            act,
                            weights,
                            inputs,
                            top_grad,
                            eps=eps,
                            histograms=histograms,
                            bins=bins,
                            jacobian_examples=jacobian_examples if jacobian else 0,
                            grams=grams,
                            counter=counter,
                        ),
                    )
            del weights, grams
    records: list[LayerRecord] = []
    hists: list[LayerHistogram] = []
    runs: list[Run] = []
    for a in range(len(activations)):
        for init_name in inits:
            for g in gains:
                for bn in bns:
                    run, recs, hs = done[a, init_name, g, bn]
                    runs.append(run)
                    records.extend(recs)
                    hists.extend(hs)
    return SimulationResult(
        names=tuple(run.name for run in runs),
        titles=tuple(run.title for run in runs),
        records=tuple(records),
        depth=depth,
        width=width,
        batch=batch,
        init=",".join(inits),
        seed=seed,
        eps=eps,
        runs=tuple(runs),
        histograms=tuple(hists),
        jacobian_examples=jacobian_examples if jacobian else 0,
    )


def _jacobians(
    passes: list[LayerPass],
    weights: list[np.ndarray],
    grams: list[np.ndarray | None],
    jac: list[float | None],
    examples: int,
    counter: _Counter,
) -> None:
    """Each layer's mean Jacobian singular value into ``jac`` (Wᵀ W cached in ``grams``).

    The eigensolves run with one BLAS thread: on a busy machine a threaded
    LAPACK waits for descheduled threads (see :mod:`actplot.network.threads`).
    """
    with blas_threads(1):
        for layer, lp in enumerate(passes):
            w = weights[layer]
            gram = grams[layer]
            if gram is None:
                gram = grams[layer] = w.T @ w
            jac[layer] = jacobian_mean_singular_value(
                w,
                lp.d,
                inv_std=lp.bn.inv_std if lp.bn is not None else None,
                examples=examples,
                gram=gram,
            )
            counter.step()


class _Counter:
    def __init__(self, total: int, progress: Callable[[int, int], None] | None) -> None:
        self.total, self.done, self.progress = total, 0, progress

    def step(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)


def _one_run(
    run: Run,
    act: Any,
    weights: list[np.ndarray],
    inputs: np.ndarray,
    top_grad: np.ndarray,
    *,
    eps: float,
    histograms: bool,
    bins: int,
    jacobian_examples: int,
    grams: list[np.ndarray | None],
    counter: _Counter,
) -> tuple[list[LayerRecord], list[LayerHistogram]]:
    depth = len(weights)
    means = np.empty(depth)
    sat = np.empty(depth)
    dead = np.empty(depth)
    jac: list[float | None] = [None] * depth
    passes: list[LayerPass] = []
    outputs: list[np.ndarray] = []
    deltas: list[np.ndarray] = []
    h = inputs
    # Unbounded activations (exponential, ...) may overflow in deep stacks:
    # the inf/NaN is the honest result and shows in the records.
    with np.errstate(over="ignore", invalid="ignore"):
        for layer in range(depth):
            h, lp = forward_layer(h, weights[layer], act, batchnorm=run.batchnorm)
            means[layer] = h.mean()
            sat[layer] = saturated_fraction(lp.d, eps)
            dead[layer] = dead_fraction(lp.d)
            if histograms:
                outputs.append(h)
            passes.append(lp)
            counter.step()
        if jacobian_examples:
            _jacobians(passes, weights, grams, jac, jacobian_examples, counter)
        grad = np.empty(depth)
        g: np.ndarray | None = top_grad
        for layer in range(depth - 1, -1, -1):
            assert g is not None
            # Popping frees each layer's f'(y) once used.
            delta, g = backward_layer(g, passes.pop(), weights[layer] if layer else None)
            grad[layer] = rms(delta)
            if histograms:
                deltas.append(delta)
            counter.step()
    records = [
        LayerRecord(
            activation=run.activation,
            layer=layer + 1,
            grad_rms=float(grad[layer]),
            act_mean=float(means[layer]),
            saturated_fraction=float(sat[layer]),
            dead_fraction=float(dead[layer]),
            init=run.init,
            gain=run.gain,
            batchnorm=run.batchnorm,
            jacobian_sv=jac[layer],
            run=run.name,
        )
        for layer in range(depth)
    ]
    hists: list[LayerHistogram] = []
    if histograms:
        deltas.reverse()
        for quantity, arrays in (("act", outputs), ("grad", deltas)):
            edges, fractions = layer_histograms(arrays, bins)
            hists.extend(
                LayerHistogram(run.name, quantity, layer + 1, edges, f)
                for layer, f in enumerate(fractions)
            )
    return records, hists
