"""The arithmetic of forward-mode derivatives.

A derivative is an array, a numpy scalar for a part free of x, ``None`` when
it is identically zero, or :data:`ONE` (d/dx x, recognised by identity so
that multiplying by it costs nothing). The evaluator's rules for the
operators and the chain rules of the primitives are written with these.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["ONE", "Array", "Deriv", "add", "domain", "neg", "scale"]

Array = Any  # an ndarray, or a numpy scalar for x-free sub-expressions
Deriv = Any  # like Array, or None for an identically zero derivative

ONE = np.float64(1.0)  # d/dx x, recognised by identity to skip multiplications


def scale(k: Array, d: Deriv) -> Deriv:
    """k * d for a derivative d (None is zero, ONE is one)."""
    if d is None:
        return None
    if d is ONE:
        return k
    return k * d


def add(a: Deriv, b: Deriv) -> Deriv:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def neg(d: Deriv) -> Deriv:
    return None if d is None else -d


def domain(d: Array, u: Array, low: float) -> Array:
    """``d`` made NaN where ``u < low``, outside the primitive's domain."""
    # min() is one pass with no temporary; usually nothing is outside.
    if np.min(u) < low:
        d = np.where(u < low, np.nan, d)
    return d
