"""Weight initialisers shared by ``vanish`` and ``train``.

Every initialiser scales one of two kinds of base draws, so that initialisers
of one *family* compared in one run see the same random numbers and differ
only by their scale (and, for ``orthogonal``, by the orthogonalisation):

* ``uniform`` family, base U[-1, 1]:
  ``standard`` U[-1/√n, 1/√n], n = fan-in (Glorot & Bengio's baseline);
  ``xavier`` U[±√6/√(n_in+n_out)] (their "normalized initialization").
* ``normal`` family, base N(0, 1):
  ``he`` N(0, 2/n) (He et al. 2015, "MSRA");
  ``lecun`` N(0, 1/n) (LeCun et al. 1998);
  ``orthogonal`` the Q of a QR decomposition of the base, signs fixed so
  that Q is uniformly (Haar) distributed (Saxe et al. 2014).

A ``gain`` multiplies the result (Karpathy's 5/3 for tanh, √2 for ReLU).
Weights have shape ``(n_in, n_out)``: a layer computes ``h @ W``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "INITIALISERS",
    "Initialiser",
    "check_gain",
    "check_init",
    "draw_base",
    "initial_weights",
    "scale_base",
]


@dataclass(frozen=True)
class Initialiser:
    """One initialisation scheme: its family of base draws and its scaling."""

    name: str
    description: str  # for titles, e.g. "standard init U[±1/√n]"
    family: str  # "uniform" (base U[-1, 1]) or "normal" (base N(0, 1))
    scale: Callable[[np.ndarray, int, int], np.ndarray]  # (base, n_in, n_out) -> weights


def _orthogonal(base: np.ndarray, n_in: int, n_out: int) -> np.ndarray:
    a = base if n_in >= n_out else base.T
    q, r = np.linalg.qr(a)
    q *= np.sign(np.diag(r))  # Haar-distributed Q (a zero diagonal has probability 0)
    return q if n_in >= n_out else q.T


# The expressions of the first three are those ``vanish`` has always used:
# the same draws give the same bits.
INITIALISERS: dict[str, Initialiser] = {
    "standard": Initialiser(
        "standard",
        "standard init U[±1/√n]",
        "uniform",
        lambda base, n_in, n_out: base / math.sqrt(n_in),
    ),
    "xavier": Initialiser(
        "xavier",
        "Xavier init U[±√6/√(n_in+n_out)]",
        "uniform",
        lambda base, n_in, n_out: base * math.sqrt(6.0 / (n_in + n_out)),
    ),
    "he": Initialiser(
        "he",
        "He init N(0, 2/n)",
        "normal",
        lambda base, n_in, n_out: base * math.sqrt(2.0 / n_in),
    ),
    "lecun": Initialiser(
        "lecun",
        "LeCun init N(0, 1/n)",
        "normal",
        lambda base, n_in, n_out: base / math.sqrt(n_in),
    ),
    "orthogonal": Initialiser("orthogonal", "orthogonal init", "normal", _orthogonal),
}


def check_init(init: str) -> Initialiser:
    """The :class:`Initialiser` called ``init``; ValueError naming the choices otherwise."""
    try:
        return INITIALISERS[init]
    except (KeyError, TypeError):
        raise ValueError(f"unknown init {init!r}: use {', '.join(INITIALISERS)}") from None


def check_gain(gain: float) -> float:
    """``gain`` as a float; ValueError unless it is finite and positive."""
    try:
        value = float(gain)
    except (TypeError, ValueError):
        raise ValueError(f"the init gain must be a number, got {gain!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"the init gain must be a positive number, got {value:g}")
    return value


def draw_base(rng: np.random.Generator, family: str, n_in: int, n_out: int) -> np.ndarray:
    """One base matrix of ``family`` (float64, shape ``(n_in, n_out)``)."""
    if family == "uniform":
        return rng.uniform(-1.0, 1.0, (n_in, n_out))
    if family == "normal":
        return rng.standard_normal((n_in, n_out))
    raise ValueError(f"unknown family {family!r}")


def scale_base(
    base: np.ndarray, init: str, gain: float = 1.0, dtype: type = np.float64
) -> np.ndarray:
    """The weights of ``init`` (times ``gain``) made from a base draw of its family."""
    n_in, n_out = base.shape
    w = check_init(init).scale(base, n_in, n_out)
    if gain != 1.0:
        w = w * gain
    return w.astype(dtype, copy=False)


def initial_weights(
    rng: np.random.Generator,
    init: str,
    sizes: Sequence[int],
    *,
    gain: float = 1.0,
    dtype: type = np.float64,
) -> list[np.ndarray]:
    """Weights of a stack of layers ``sizes[0] -> sizes[1] -> ...``, drawn from ``rng``.

    One base matrix per layer is drawn in order (so ``initial_weights`` of
    the same family consume the same draws) and scaled by ``init`` and ``gain``.
    """
    family = check_init(init).family
    gain = check_gain(gain)
    return [
        scale_base(draw_base(rng, family, n_in, n_out), init, gain, dtype)
        for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)
    ]
