"""The numpy network shared by ``vanish`` and ``train``.

:mod:`~actplot.network.init` (initialisers), :mod:`~actplot.network.layers`
(dense layers, batch normalisation, exact backward passes),
:mod:`~actplot.network.stats` (per-layer statistics),
:mod:`~actplot.network.vanish` (the untrained network's gradient flow),
:mod:`~actplot.network.data` and :mod:`~actplot.network.train` (training with SGD;
import ``train`` from its module, whose name it shares).
numpy only: nothing here imports matplotlib or click.
"""

from actplot.network.vanish import (
    CSV_COLUMNS,
    INITS,
    MAX_BYTES,
    LayerRecord,
    SimulationResult,
    estimate_bytes,
    format_table,
    simulate,
)

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
