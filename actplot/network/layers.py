"""Dense layers with exact forward and backward passes, optionally batch-normalised.

One hidden layer maps its input h (a batch of rows) to ``f(y)`` where

* ``s = h @ W (+ b)`` is the pre-activation (biases are zero in ``vanish``
  and start at zero in ``train``);
* ``y = s`` or, with batch normalisation, ``y = (s - mean) / sqrt(var + 1e-5)``
  with the batch's mean and (biased) variance per unit, γ = 1 and β = 0;
* f is any catalogue or formula activation: its value and its analytic
  derivative f'(y) come from the :class:`actplot.Activation`.

The backward pass takes dC/dh of the layer's output and gives dC/ds, the
gradient with respect to the pre-activation (through the normalisation when
there is one, exactly), and dC/dh of the layer's input. Activations compute in
float64; their results are cast to the network's dtype (float32 in ``train``).
numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "BN_EPS",
    "BatchNorm",
    "LayerPass",
    "activate",
    "backward_layer",
    "batchnorm_backward",
    "batchnorm_forward",
    "forward_layer",
]

BN_EPS = 1e-5


@dataclass
class BatchNorm:
    """What the backward pass through a batch normalisation needs."""

    xhat: np.ndarray  # the normalised pre-activations (batch, units)
    inv_std: np.ndarray  # 1 / sqrt(var + eps) per unit


@dataclass
class LayerPass:
    """One layer's forward pass, as kept for its backward pass and statistics."""

    d: np.ndarray  # f'(y)
    h: np.ndarray | None  # the layer's output f(y), when kept
    h_in: np.ndarray | None  # the layer's input, when kept (for the weight gradient)
    bn: BatchNorm | None


def batchnorm_forward(s: np.ndarray, eps: float = BN_EPS) -> tuple[np.ndarray, BatchNorm]:
    """Normalise each column of ``s`` with the batch's mean and variance (γ = 1, β = 0)."""
    mean = s.mean(axis=0)
    centred = s - mean
    var = np.mean(centred * centred, axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = centred * inv_std
    return xhat, BatchNorm(xhat=xhat, inv_std=inv_std)


def batchnorm_backward(dy: np.ndarray, cache: BatchNorm) -> np.ndarray:
    """dC/ds from dC/dy through :func:`batchnorm_forward` (the batch statistics included)."""
    xhat = cache.xhat
    return cache.inv_std * (dy - dy.mean(axis=0) - xhat * np.mean(dy * xhat, axis=0))


def activate(act: Any, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(f(y), f'(y))`` in the dtype of ``y`` (activations compute in float64)."""
    d = act.derivative(y)
    h = act(y)
    if y.dtype != np.float64:
        d = d.astype(y.dtype)
        h = h.astype(y.dtype)
    return h, d


def forward_layer(
    h: np.ndarray,
    w: np.ndarray,
    act: Any,
    *,
    bias: np.ndarray | None = None,
    batchnorm: bool = False,
    keep_input: bool = False,
    keep_output: bool = False,
) -> tuple[np.ndarray, LayerPass]:
    """The layer's output f(y) and what its backward pass needs."""
    s = h @ w
    if bias is not None:
        s += bias
    bn = None
    if batchnorm:
        s, bn = batchnorm_forward(s)
    out, d = activate(act, s)
    return out, LayerPass(
        d=d, h=out if keep_output else None, h_in=h if keep_input else None, bn=bn
    )


def backward_layer(
    g: np.ndarray, layer: LayerPass, w: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray | None]:
    """``(dC/ds, dC/dh_in)`` from ``g`` = dC/dh_out; no dC/dh_in when ``w`` is None."""
    delta = g * layer.d
    if layer.bn is not None:
        delta = batchnorm_backward(delta, layer.bn)
    below = delta @ w.T if w is not None else None
    return delta, below
