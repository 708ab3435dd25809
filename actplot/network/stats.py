"""Per-layer statistics of a network's forward and backward passes.

* activations f(y): mean, standard deviation, 98th percentile (of the values,
  not of their magnitudes, as in Glorot & Bengio's Fig. 3);
* the saturated fraction, (input, unit) pairs with |f'(y)| < eps;
* the dead fraction, units whose f'(y) is 0 on every input of the batch;
* RMS and standard deviation of a gradient;
* normalised histograms on common bin edges, one per layer;
* the mean singular value of a layer's Jacobian dh_out/dh_in.

numpy only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from actplot.analysis.saturation import saturated

__all__ = [
    "HIST_BINS",
    "dead_fraction",
    "histogram_edges",
    "histograms",
    "product_std",
    "jacobian_mean_singular_value",
    "rms",
    "saturated_fraction",
    "summary",
]

HIST_BINS = 50  # equal-width bins between the edges of :func:`histogram_edges`
# The bins span these percentiles of the values pooled over the layers, so a
# few outliers do not squeeze every curve into one bin.
_HIST_PERCENTILES = (0.5, 99.5)


def rms(x: np.ndarray) -> float:
    """Root mean square of ``x`` (float64 accumulation)."""
    return math.sqrt(float(np.vdot(x, x)) / x.size)


def summary(h: np.ndarray) -> tuple[float, float, float]:
    """``(mean, std, 98th percentile)`` of ``h``."""
    return float(h.mean()), float(h.std()), float(np.percentile(h, 98))


def saturated_fraction(d: np.ndarray, eps: float) -> float:
    """The fraction of entries of f' with |f'| < eps."""
    return float(saturated(d, eps).mean())


def dead_fraction(d: np.ndarray) -> float:
    """The fraction of units (columns) whose f' is 0 on every input (row)."""
    return float((d == 0).all(axis=0).mean())


def product_std(a: np.ndarray, b: np.ndarray, scale: float = 1.0) -> float:
    """Standard deviation of the entries of ``scale * a.T @ b`` without forming it.

    For a weight gradient ``h.T @ delta`` of a batch of m rows: the sum of
    its entries is ``h.sum(1) · delta.sum(1)`` and the sum of their squares
    is ``sum((h h^T) * (delta delta^T))``, two m × m Gram matrices, far cheaper
    than the width × width product when m is smaller than the width.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    count = a.shape[1] * b.shape[1]
    total = float(a.sum(axis=1) @ b.sum(axis=1))
    squares = float(np.sum((a @ a.T) * (b @ b.T)))
    mean = total / count
    var = max(squares / count - mean * mean, 0.0)
    return math.sqrt(var) * abs(scale)


def histogram_edges(arrays: Sequence[np.ndarray], bins: int = HIST_BINS) -> np.ndarray:
    """Common equal-width bin edges for ``arrays`` (finite values pooled).

    The edges span the 0.5th to the 99.5th percentile of each array, widened
    to cover every array's span; a constant (or empty) set gets a unit span
    around its value.
    """
    lows, highs = [], []
    for a in arrays:
        values = a[np.isfinite(a)]
        if values.size:
            lo, hi = np.percentile(values, _HIST_PERCENTILES)
            lows.append(lo)
            highs.append(hi)
    if not lows:
        return np.linspace(-0.5, 0.5, bins + 1)
    lo, hi = float(min(lows)), float(max(highs))
    if not hi > lo:
        span = max(abs(lo), 1.0) * 0.5
        lo, hi = lo - span, hi + span
    return np.linspace(lo, hi, bins + 1)


def histograms(
    arrays: Sequence[np.ndarray], bins: int = HIST_BINS
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Common edges and, per array, the fraction of its values in each bin.

    Values outside the edges (the extreme tails) and non-finite values are
    not counted, so a row sums to at most 1.
    """
    edges = histogram_edges(arrays, bins)
    fractions = []
    for a in arrays:
        counts, _ = np.histogram(a[np.isfinite(a)], bins=edges)
        fractions.append(counts / max(a.size, 1))
    return edges, fractions


def jacobian_mean_singular_value(
    w: np.ndarray,
    d: np.ndarray,
    *,
    inv_std: np.ndarray | None = None,
    examples: int = 1,
    gram: np.ndarray | None = None,
) -> float:
    """Mean singular value of dh_out/dh_in = diag(f'(y) · c) Wᵀ, averaged over examples.

    ``d`` holds f'(y) of the layer for a batch (rows); the first ``examples``
    rows are used. With batch normalisation, ``inv_std`` (c = 1/σ of the
    batch) enters as a constant: the per-example map at fixed batch statistics.
    Singular values come from the eigenvalues of Mᵀ M (``eigvalsh``), with
    M = W diag(c f'), through ``gram`` = Wᵀ W (computed here unless given).
    """
    w = np.asarray(w, dtype=np.float64)
    n_in, n_out = w.shape
    rows = np.asarray(d[:examples], dtype=np.float64)
    if inv_std is not None:
        rows = rows * np.asarray(inv_std, dtype=np.float64)
    values = []
    if n_out <= n_in:
        if gram is None:
            gram = w.T @ w  # (n_out, n_out)
        for c in rows:
            eig = np.linalg.eigvalsh(gram * np.outer(c, c))
            values.append(np.sqrt(np.clip(eig, 0.0, None)).mean())
    else:
        for c in rows:
            m = w * c
            eig = np.linalg.eigvalsh(m @ m.T)  # (n_in, n_in): min(n_in, n_out) values
            values.append(np.sqrt(np.clip(eig, 0.0, None)).mean())
    return float(np.mean(values))
