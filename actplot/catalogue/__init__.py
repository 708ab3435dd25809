"""The activation catalogue: one table of records, and lookup by name.

Every fact about an activation is a field of its :class:`Activation` record in
``CATALOGUE``; everything else (the CLI's names and completion, ``list``,
``info``, the gallery, the README table, the tests) is derived from that table.

Each activation lives in one family module (``logistic``, ``tanh_like``,
``rectifiers``, ``hard``, ``exponential``, ``gaussian``, ``algebraic``,
``periodic``): its kernels ``f`` and ``f_grad``, directly followed by its record.
``records`` holds the record types, ``stable`` the numerically stable helpers
the kernels share, ``lookup`` the name index. Adding an activation is one family
module (kernels + record) and one line in ``CATALOGUE``; nothing registers
itself on import.

Kernels are pure, vectorised float64 numpy. Every kernel meets the catalogue's
precision bar -- 1e-12 relative error against a high-precision reference over
the whole float64 line, absolute 1e-300 where the true value underflows -- and
emits no RuntimeWarning: overflow and invalid operations are avoided by the
choice of formula; only where the true value itself lies beyond float64's range
does a narrowly scoped ``np.errstate`` let the overflow to inf stand. Harmless
underflow to 0 is left alone.

Kernels take ``x`` as a float64 ndarray (the record converts) and the
activation's parameters as keyword arguments, and return a new float64 array of
x's shape (0-d included). They run on cache-sized blocks (``stable._blockwise``),
so the in-place steps inside them are on private 1-d temporaries; x itself is
never modified.
"""

from __future__ import annotations

from . import algebraic, exponential, gaussian, hard, logistic, periodic, rectifiers, tanh_like
from .lookup import Index, UnknownActivationError, normalize
from .records import Activation, Param, Properties

__all__ = [
    "CATALOGUE",
    "Activation",
    "Param",
    "Properties",
    "UnknownActivationError",
    "get",
    "lookup",
    "names",
    "normalize",
    "suggest",
]

# The table, in display order (``list``, the gallery and the README follow it).
CATALOGUE: tuple[Activation, ...] = (
    logistic.SIGMOID,
    tanh_like.TANH,
    algebraic.SOFTSIGN,
    rectifiers.RELU,
    rectifiers.IDENTITY,
    rectifiers.BINARY_STEP,
    rectifiers.LEAKY_RELU,
    rectifiers.PRELU,
    rectifiers.RRELU,
    exponential.ELU,
    exponential.SELU,
    exponential.CELU,
    gaussian.GELU,
    gaussian.GELU_TANH,
    logistic.SILU,
    logistic.SWISH,
    tanh_like.MISH,
    logistic.SOFTPLUS,
    logistic.LOGSIGMOID,
    hard.HARDSIGMOID,
    hard.HARDTANH,
    hard.HARDSWISH,
    rectifiers.RELU6,
    tanh_like.TANHSHRINK,
    hard.SOFTSHRINK,
    hard.HARDSHRINK,
    algebraic.ARCTAN,
    gaussian.GAUSSIAN,
    algebraic.BENT_IDENTITY,
    algebraic.ISRU,
    algebraic.ISRLU,
    algebraic.SQUAREPLUS,
    periodic.SINUSOID,
    periodic.SINC,
    exponential.SOFTEXPONENTIAL,
    rectifiers.SRELU,
    tanh_like.SMHT,
    logistic.ELISH,
    hard.HARD_ELISH,
    rectifiers.THRESHOLD,
    exponential.EXPONENTIAL,
    hard.SPARSE_PLUS,
    hard.SPARSE_SIGMOID,
    tanh_like.LISHT,
    periodic.SNAKE,
    rectifiers.RELU_SQUARED,
    logistic.QUICK_GELU,
    hard.HARD_SIGMOID_KERAS2,
)

_INDEX = Index(CATALOGUE)

names = _INDEX.names
lookup = _INDEX.lookup
suggest = _INDEX.suggest
get = _INDEX.get
