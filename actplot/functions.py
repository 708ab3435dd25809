"""Numerical kernels: each activation ``f`` directly followed by its ``f_grad``.

Pure, vectorised float64 numpy. No metadata lives here (that is the catalogue's
job). Every kernel meets the catalogue's precision bar -- 1e-12 relative error
against a high-precision reference over the whole float64 line -- and emits no
RuntimeWarning: overflow and invalid operations are avoided by the choice of
formula, not silenced; harmless underflow to 0 is left alone.

Kernels take ``x`` as a float64 ndarray (the catalogue converts) and the
activation's parameters as keyword arguments.
"""

from __future__ import annotations

import numpy as np

# ---------------------------------------------------------------- logistic


def _exp_neg_abs(x):
    # e^-|x| lies in (0, 1]: it never overflows, whatever x is.
    return np.exp(-np.abs(x))


def sigmoid(x):
    # 1/(1+e^-x) overflows e^-x for x << 0; with z = e^-|x| both branches are
    # quotients of numbers in (0, 2], exact to a few ulp, and x = -745 gives a
    # subnormal rather than 0/0.
    z = _exp_neg_abs(x)
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def sigmoid_grad(x):
    # sigma(1 - sigma) loses everything to cancellation once sigma rounds to 1;
    # the derivative is even, and e^-|x| / (1 + e^-|x|)^2 has no cancellation.
    z = _exp_neg_abs(x)
    return z / ((1.0 + z) * (1.0 + z))


# ---------------------------------------------------------------- tanh


def tanh(x):
    return np.tanh(x)


def tanh_grad(x):
    # 1 - tanh^2 is 0 for |x| > 19 although sech^2 is ~1e-17 there;
    # sech^2 x = 4 e^-2|x| / (1 + e^-2|x|)^2 keeps full relative precision.
    z = np.exp(-2.0 * np.abs(x))
    return 4.0 * z / ((1.0 + z) * (1.0 + z))


# ---------------------------------------------------------------- softsign


def softsign(x):
    return x / (1.0 + np.abs(x))


def softsign_grad(x):
    # Square the reciprocal, not the denominator: (1 + |x|)^2 overflows for
    # |x| > 1e154, while its reciprocal squared merely underflows to 0.
    r = 1.0 / (1.0 + np.abs(x))
    return r * r


# ---------------------------------------------------------------- relu


def relu(x):
    return np.maximum(x, 0.0)


def relu_grad(x):
    # Right-hand value at the kink: relu'(0) = 1, as the lecture note's x>=0.
    return np.where(x >= 0, 1.0, 0.0)
