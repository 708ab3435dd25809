"""What ``train`` records: per run, per recorded update, per layer; as tidy CSV and a summary.

See :mod:`actplot.network.train` for the trainer. numpy only.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import IO

import numpy as np

__all__ = [
    "CSV_COLUMNS",
    "HIST_QUANTITIES",
    "LAYER_METRICS",
    "NETWORK_METRICS",
    "RunRecord",
    "TrainHistogram",
    "TrainResult",
    "TrainRun",
]

CSV_COLUMNS = ("activation", "init", "lr", "seed", "update", "layer", "metric", "value")
# Per layer, on the monitor set: activations f(y) (mean, std, 98th percentile),
# the saturated fraction |f'| < eps, the dead fraction (f' = 0 on every
# monitor example), std of the back-propagated gradient dC_i/ds (per
# example) and of the weight gradient dC/dW (C the monitor set's mean NLL).
LAYER_METRICS = ("act_mean", "act_std", "act_p98", "saturated", "dead", "grad_std", "wgrad_std")
# Whole network: mean NLL of the mini-batches since the previous record (at
# update 0, of the first mini-batch), and the error rate on the test set.
NETWORK_METRICS = ("loss", "test_error")
# Histograms (metric ``hist_<quantity>:<bin low>:<bin high>``, value: the
# fraction of the layer's values in that bin; edges shared by a run's layers).
HIST_QUANTITIES = ("act", "grad", "wgrad")


@dataclass(frozen=True)
class TrainRun:
    """One combination of activation, init, learning rate and seed."""

    name: str  # unique in a result: the activation's series name, plus what varies
    activation: str
    title: str
    init: str
    lr: float
    seed: int


@dataclass(frozen=True)
class TrainHistogram:
    update: int
    quantity: str  # "act", "grad" or "wgrad"
    layer: int
    edges: np.ndarray
    fractions: np.ndarray


@dataclass
class RunRecord:
    """The records of one run: ``layers[metric]`` has a row per recorded update."""

    run: TrainRun
    updates: list[int] = field(default_factory=list)
    layers: dict[str, list[np.ndarray]] = field(
        default_factory=lambda: {m: [] for m in LAYER_METRICS}
    )
    network: dict[str, list[float]] = field(
        default_factory=lambda: {m: [] for m in NETWORK_METRICS}
    )
    histograms: list[TrainHistogram] = field(default_factory=list)
    diverged_at: int | None = None  # the update whose loss was not finite
    done: int = 0  # updates completed

    def series(self, metric: str, layer: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``(updates, values)`` of a network metric, or of a layer metric at ``layer`` (from 1)."""
        u = np.array(self.updates, dtype=np.int64)
        if metric in NETWORK_METRICS:
            return u, np.array(self.network[metric], dtype=np.float64)
        if layer is None:
            raise ValueError(f"{metric} is per layer: give a layer")
        return u, np.array([row[layer - 1] for row in self.layers[metric]], dtype=np.float64)

    def histogram(self, quantity: str, update: int) -> list[TrainHistogram]:
        return [h for h in self.histograms if h.quantity == quantity and h.update == update]

    def summary(self) -> str:
        """One line: final loss, test error, top-layer mean and dead fraction."""
        head = f"{self.run.name}:"
        if not self.updates:
            return f"{head} nothing recorded"
        depth = len(self.layers["act_mean"][-1])
        text = (
            f"{head} after {self.updates[-1]} updates loss {self.network['loss'][-1]:.3f}, "
            f"test error {self.network['test_error'][-1]:.3f}, "
            f"top-layer mean {self.layers['act_mean'][-1][depth - 1]:.3f}, "
            f"dead {self.layers['dead'][-1][depth - 1]:.3f} (top layer)"
        )
        if self.diverged_at is not None:
            text += f"; diverged at update {self.diverged_at}"
        return text


@dataclass
class TrainResult:
    """Every run's records and the settings that produced them."""

    runs: list[RunRecord]
    depth: int
    width: int
    batch: int
    updates: int
    every: int
    data: str
    features: int
    classes: int
    dtype: str
    eps: float
    hist_at: tuple[int, ...] = ()
    interrupted: bool = False  # stopped by Ctrl-C: the records so far

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(r.run.name for r in self.runs)

    def run(self, name: str) -> RunRecord:
        for r in self.runs:
            if r.run.name == name:
                return r
        raise KeyError(name)

    def varies(self, setting: str) -> bool:
        """Whether ``setting`` ("activation", "init", "lr", "seed") differs among runs."""
        return len({getattr(r.run, setting) for r in self.runs}) > 1

    def rows(self) -> list[tuple[str, str, float, int, int, int | None, str, float]]:
        """Tidy rows in the order of :data:`CSV_COLUMNS` (layer None for network metrics)."""
        rows: list[tuple[str, str, float, int, int, int | None, str, float]] = []
        for rec in self.runs:
            r = rec.run
            key = (r.activation, r.init, r.lr, r.seed)
            for i, u in enumerate(rec.updates):
                for metric in LAYER_METRICS:
                    for layer, value in enumerate(rec.layers[metric][i], start=1):
                        rows.append((*key, u, layer, metric, float(value)))
                for metric in NETWORK_METRICS:
                    rows.append((*key, u, None, metric, float(rec.network[metric][i])))
            for h in rec.histograms:
                for lo, hi, f in zip(h.edges[:-1], h.edges[1:], h.fractions, strict=True):
                    name = f"hist_{h.quantity}:{float(lo)!r}:{float(hi)!r}"
                    rows.append((*key, h.update, h.layer, name, float(f)))
        return rows

    def write_csv(self, path: str | os.PathLike[str]) -> None:
        """:meth:`rows` with a header row, atomically; floats round-trip exactly."""
        import csv
        import io

        from actplot.output import atomic_write

        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for act, init, lr, seed, u, layer, metric, value in self.rows():
            shown = repr(value) if math.isfinite(value) else str(value)
            writer.writerow([act, init, repr(lr), seed, u, "" if layer is None else layer,
                             metric, shown])  # fmt: skip
        data = text.getvalue().encode()

        def write(fileobj: IO[bytes]) -> None:
            fileobj.write(data)

        atomic_write(path, write)

    def summary(self) -> str:
        """The settings, then one line per run (see :meth:`RunRecord.summary`)."""
        head = (
            f"trained {self.depth} layers × {self.width} units on {self.data} "
            f"({self.features} features, {self.classes} classes), batch {self.batch}, "
            f"{self.dtype}"
        )
        lines = [head, *(r.summary() for r in self.runs)]
        if self.interrupted:
            lines.append("interrupted: the records so far are kept")
        return "\n".join(lines)
