"""actplot: plot neural-network activation functions with their derivatives.

>>> import actplot
>>> act = actplot.get("sigmoid")
>>> float(act(0.0)), float(act.derivative(0.0))
(0.5, 0.25)

``get`` also takes a formula in x, with its exact derivative:

>>> float(actplot.get("x*sigmoid(x)").derivative(0.0))
0.5

Importing actplot does not import matplotlib; the plotting functions load it
when first used.
"""

from __future__ import annotations

from typing import Any

from . import catalogue as _catalogue
from .catalogue import (
    CATALOGUE,
    Activation,
    Param,
    Properties,
    UnknownActivationError,
    names,
)

__version__ = "0.1.0"

__all__ = [
    "CATALOGUE",
    "Activation",
    "FormulaError",
    "Param",
    "Properties",
    "UnknownActivationError",
    "__version__",
    "figure",
    "get",
    "names",
    "plot_activation",
    "save",
]


def get(spec: str, **params: float) -> Activation:
    """The activation called ``spec`` (a catalogue name), or the one its formula defines.

    See :func:`actplot.formula.get`; the formula parser is imported only when
    ``spec`` is not a catalogue name.
    """
    if _catalogue.lookup(spec) is not None:
        return _catalogue.get(spec, **params)
    from .formula import get as formula_get

    return formula_get(spec, **params)


# Rendering needs matplotlib, which costs more to import than everything else
# together; load it only when a plotting function is actually used. The
# formula parser too is loaded on first use.
_LAZY = {
    "figure": "render.figure",
    "plot_activation": "render.curves",
    "save": "render.save",
    "FormulaError": "formula",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
