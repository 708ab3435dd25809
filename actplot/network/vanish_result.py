"""What ``vanish`` records: runs, per-layer records and histograms, as CSV and a table.

See :mod:`actplot.network.vanish` for the experiment. numpy only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO, Any

import numpy as np

from actplot.network.init import INITIALISERS

__all__ = [
    "CSV_COLUMNS",
    "HIST_COLUMNS",
    "LayerHistogram",
    "LayerRecord",
    "Run",
    "SimulationResult",
    "format_table",
]

CSV_COLUMNS = (
    "activation",
    "layer",
    "grad_rms",
    "act_mean",
    "saturated_fraction",
    "dead_fraction",
    "init",
    "gain",
    "batchnorm",
    "jacobian_sv",  # empty unless the Jacobians were computed
)
# Appended to the header when a result has histograms: one row per bin.
HIST_COLUMNS = ("quantity", "bin_low", "bin_high", "fraction")


@dataclass(frozen=True)
class Run:
    """One combination of activation and settings."""

    name: str  # unique in a result: the activation's series name, plus what varies
    activation: str  # the activation's series name
    title: str  # the activation's display title
    init: str
    gain: float
    batchnorm: bool


@dataclass(frozen=True)
class LayerRecord:
    """What one layer of one run's network did."""

    activation: str  # the activation's series name
    layer: int  # 1 = nearest the input
    grad_rms: float
    act_mean: float
    saturated_fraction: float
    dead_fraction: float
    init: str = "standard"
    gain: float = 1.0
    batchnorm: bool = False
    jacobian_sv: float | None = None
    run: str = ""  # the run's name ("" = the activation's)


@dataclass(frozen=True)
class LayerHistogram:
    """The fraction of one layer's values in each bin; edges are shared within a run."""

    run: str
    quantity: str  # "act" (f(y)) or "grad" (dC/ds)
    layer: int
    edges: np.ndarray
    fractions: np.ndarray


@dataclass(frozen=True)
class SimulationResult:
    """Records per run and layer, and the settings that produced them."""

    names: tuple[str, ...]  # run names, in order (the activations' names for one setting)
    titles: tuple[str, ...]  # the runs' activation titles, parallel to ``names``
    records: tuple[LayerRecord, ...]
    depth: int
    width: int
    batch: int
    init: str  # the init, or the inits joined by commas
    seed: int | None
    eps: float
    runs: tuple[Run, ...] = ()
    histograms: tuple[LayerHistogram, ...] = ()
    jacobian_examples: int = 0  # 0: no Jacobians computed

    def series(self, name: str, field: str) -> np.ndarray:
        """One quantity (e.g. ``"grad_rms"``) of one run, layers 1..depth."""
        return np.array(
            [getattr(r, field) for r in self.records if (r.run or r.activation) == name]
        )

    def ratio(self, name: str) -> float:
        """First-layer over last-layer RMS gradient (< 1: gradients vanish downwards)."""
        g = self.series(name, "grad_rms")
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.float64(g[0]) / np.float64(g[-1]))

    def run(self, name: str) -> Run:
        for run in self.runs:
            if run.name == name:
                return run
        raise KeyError(name)

    def histogram(self, name: str, quantity: str) -> list[LayerHistogram]:
        """The histograms of one run and quantity, layers 1..depth."""
        return [h for h in self.histograms if h.run == name and h.quantity == quantity]

    @property
    def inits(self) -> tuple[str, ...]:
        return tuple(self.init.split(","))

    def varies(self, setting: str) -> bool:
        """Whether ``setting`` ("activation", "init", "gain", "batchnorm") differs among runs."""
        return len({getattr(r, setting) for r in self.runs}) > 1

    @property
    def init_descriptions(self) -> tuple[str, ...]:
        return tuple(INITIALISERS[i].description for i in self.inits)

    @property
    def init_description(self) -> str:
        return ", ".join(self.init_descriptions)

    def rows(self) -> list[tuple[Any, ...]]:
        """Long-format rows in the order of :data:`CSV_COLUMNS`."""
        return [
            (
                r.activation,
                r.layer,
                r.grad_rms,
                r.act_mean,
                r.saturated_fraction,
                r.dead_fraction,
                r.init,
                r.gain,
                "on" if r.batchnorm else "off",
                r.jacobian_sv,
            )
            for r in self.records
        ]

    def write_csv(self, path: str | os.PathLike[str]) -> None:
        """Write :meth:`rows` with a header row, atomically; floats round-trip exactly.

        With histograms, the header gains :data:`HIST_COLUMNS` and one row per
        run, quantity, layer and bin follows the layer rows (their statistics
        cells empty).
        """
        import csv
        import io

        from actplot.output import atomic_write

        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")  # quotes names holding commas
        extra = len(HIST_COLUMNS) if self.histograms else 0
        writer.writerow(CSV_COLUMNS + (HIST_COLUMNS if extra else ()))
        for name, layer, *values, init, gain, bn, jac in self.rows():
            stats = (repr(float(v)) for v in values)
            jac_text = "" if jac is None else repr(float(jac))
            writer.writerow([name, layer, *stats, init, repr(gain), bn, jac_text, *[""] * extra])
        runs = {run.name: run for run in self.runs}
        for h in self.histograms:
            run = runs[h.run]
            settings = [run.init, repr(run.gain), "on" if run.batchnorm else "off"]
            for lo, hi, f in zip(h.edges[:-1], h.edges[1:], h.fractions, strict=True):
                writer.writerow(
                    [run.activation, h.layer, "", "", "", "", *settings, ""]
                    + [h.quantity, repr(float(lo)), repr(float(hi)), repr(float(f))]
                )
        data = text.getvalue().encode()

        def write(fileobj: IO[bytes]) -> None:
            fileobj.write(data)

        atomic_write(path, write)


def format_table(result: SimulationResult) -> str:
    """The RMS gradient per layer (rows) and run (columns), then each ratio."""
    names = result.names
    widths = [max(len(n), 9) for n in names]
    head = f"{'layer':>10}  " + "  ".join(f"{n:>{w}}" for n, w in zip(names, widths, strict=True))
    settings = f"{result.init} init"
    runs = result.runs
    gains = sorted({r.gain for r in runs})
    if gains and gains != [1.0] and len(gains) == 1:
        settings += f", gain {gains[0]:g}"
    if runs and all(r.batchnorm for r in runs):
        settings += ", batch-normalised"
    lines = [
        f"RMS gradient w.r.t. pre-activations ({result.depth} layers × {result.width} units, "
        f"batch {result.batch}, {settings}, seed {result.seed}; layer 1 = input side)",
        head,
    ]
    grads = [result.series(n, "grad_rms") for n in names]
    for layer in range(result.depth):
        cells = (f"{g[layer]:>{w}.3g}" for g, w in zip(grads, widths, strict=True))
        lines.append(f"{layer + 1:>10}  " + "  ".join(cells))
    ratios = (f"{result.ratio(n):>{w}.3g}" for n, w in zip(names, widths, strict=True))
    lines.append(f"{'first/last':>10}  " + "  ".join(ratios))
    if result.jacobian_examples:
        jac = [result.series(n, "jacobian_sv").astype(float) for n in names]
        lines.append(f"{'mean J sv':>10}  " + "  ".join(
            f"{float(np.median(j)):>{w}.3g}" for j, w in zip(jac, widths, strict=True)
        ))  # fmt: skip
        lines.append(
            f"{'':>10}  (median over layers of each layer's mean Jacobian singular value, "
            f"{result.jacobian_examples} input{'s' if result.jacobian_examples > 1 else ''})"
        )
    return "\n".join(lines)
