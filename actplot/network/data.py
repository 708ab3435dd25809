"""Training data for ``actplot train``: Shapeset-3×2-style images, spirals, or a .npz file.

* ``shapeset`` -- an endless stream of 32×32 grey images after Glorot &
  Bengio's Shapeset-3×2: one or two objects, each a triangle, a
  parallelogram or an ellipse with random shape, scale (0.2-0.8 of the image),
  rotation, position and grey level (0.55-1) on a background of grey 0-0.45,
  the whole image inverted with probability 0.5; a second object overlaps the
  first by at most 50 % (of the smaller one's area). Nine classes, drawn
  uniformly: the three single shapes (0 triangle, 1 parallelogram, 2 ellipse),
  then the six unordered pairs (3 TT, 4 TP, 5 TE, 6 PP, 7 PE, 8 EE). Pixels
  map to [-1, 1], rows of 1024 features. Rasterised on the pixel centres
  (no anti-aliasing), in numpy, vectorised over images.
* ``spirals`` -- an endless stream of 2-D points on three interleaved noisy
  spiral arms, one class per arm: small and quick, for tests.
* a ``.npz`` file with arrays ``x`` (examples × features, or examples × any
  shape, flattened) and ``y`` (integer class labels 0..K-1).

A :class:`Dataset` holds a fixed held-out test set (whose first ``MONITOR``
examples are the monitor set on which per-layer statistics are taken) and
gives endless mini-batches. Everything is deterministic for a seed: the test
set and the training stream come from independent children of
``np.random.SeedSequence(seed)``. numpy only.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "MONITOR",
    "SHAPESET_CLASSES",
    "TEST_SIZE",
    "Dataset",
    "load_data",
    "load_npz",
    "shapeset",
    "spirals",
]

MONITOR = 300  # examples of the test set on which statistics are taken
TEST_SIZE = 500  # held-out examples for the test error
SHAPESET_SIZE = 32
SHAPESET_CLASSES = (
    "triangle",
    "parallelogram",
    "ellipse",
    "triangle+triangle",
    "triangle+parallelogram",
    "triangle+ellipse",
    "parallelogram+parallelogram",
    "parallelogram+ellipse",
    "ellipse+ellipse",
)
# The shapes of the objects of each class (-1: no second object).
_FIRST = np.array([0, 1, 2, 0, 0, 0, 1, 1, 2])
_SECOND = np.array([-1, -1, -1, 0, 1, 2, 1, 2, 2])
_CHUNK = 1000  # images generated at a time
_MAX_OVERLAP = 0.5
_CACHE_BYTES = 64 * 2**20  # of a stream's chunks, kept for the next run with the same seed


# ---------------------------------------------------------------- Shapeset-3x2


def _pixel_monomials(size: int) -> np.ndarray:
    """(6, size²): x², xy, y², x, y, 1 of the pixel centres, x and y in (0, 1)."""
    centres = (np.arange(size, dtype=np.float64) + 0.5) / size
    gx, gy = (g.ravel() for g in np.meshgrid(centres, centres))
    return np.stack([gx * gx, gx * gy, gy * gy, gx, gy, np.ones_like(gx)])


def _polygons(rng: np.random.Generator, shape: np.ndarray) -> np.ndarray:
    """Canonical vertices (n, 4, 2), counter-clockwise, inside the unit circle."""
    n = shape.size
    # Triangles: three vertices at jittered angles and radii (the 4th repeats the 3rd).
    angles = (
        rng.uniform(0, 2 * math.pi, (n, 1))
        + np.arange(3) * (2 * math.pi / 3)
        + rng.uniform(-0.35, 0.35, (n, 3))
    )
    radii = rng.uniform(0.6, 1.0, (n, 3))
    tri = np.stack([radii * np.cos(angles), radii * np.sin(angles)], axis=2)
    tri = np.concatenate([tri, tri[:, 2:3]], axis=1)
    # Parallelograms: sides u = (1, 0) and v = (shear, aspect), centred.
    aspect = rng.uniform(0.3, 1.0, n)
    shear = rng.uniform(-0.5, 0.5, n)
    ux, vx, vy = np.ones(n), shear, aspect
    par = 0.5 * np.stack(
        [
            np.stack([ux + vx, vy], 1),
            np.stack([-ux + vx, vy], 1),
            np.stack([-ux - vx, -vy], 1),
            np.stack([ux - vx, -vy], 1),
        ],
        axis=1,
    )
    verts = np.where((shape == 0)[:, None, None], tri, par)
    reach = np.sqrt((verts**2).sum(axis=2)).max(axis=1)
    return verts / reach[:, None, None]


def _objects(rng: np.random.Generator, shape: np.ndarray) -> dict[str, np.ndarray]:
    """Random parameters of one object per image, of the given shapes (0, 1, 2)."""
    n = shape.size
    radius = rng.uniform(0.2, 0.8, n) / 2  # of the bounding circle, image width = 1
    return {
        "shape": shape,
        "verts": _polygons(rng, shape),
        "minor": rng.uniform(0.3, 1.0, n),  # the ellipse's second semi-axis
        "radius": radius,
        "angle": rng.uniform(0, 2 * math.pi, n),
        "cx": rng.uniform(radius, 1 - radius),
        "cy": rng.uniform(radius, 1 - radius),
        "grey": rng.uniform(0.55, 1.0, n),
    }


def _masks(obj: dict[str, np.ndarray], monomials: np.ndarray) -> np.ndarray:
    """(n, pixels) booleans: which pixel centres each object covers.

    Both tests are linear in per-pixel monomials (x², xy, y², x, y, 1), so one
    matrix product evaluates them for every object and pixel: the ellipse's
    quadratic form, and the polygon's four edge functions (counter-clockwise:
    inside where all are ≥ 0; a triangle's repeated vertex gives a zero edge).
    """
    n = obj["shape"].size
    c, s = np.cos(obj["angle"]), np.sin(obj["angle"])
    cx, cy, r = obj["cx"], obj["cy"], obj["radius"]
    inv_b2 = 1.0 / obj["minor"] ** 2
    qa, qb, qc = c * c + s * s * inv_b2, 2 * c * s * (1 - inv_b2), s * s + c * c * inv_b2
    quad = np.stack(
        [
            qa,
            qb,
            qc,
            -2 * qa * cx - qb * cy,
            -qb * cx - 2 * qc * cy,
            qa * cx * cx + qb * cx * cy + qc * cy * cy - r * r,
        ],
        axis=1,
    )
    ellipse = quad @ monomials <= 0.0
    # The polygon's vertices in the image: centre + r * rotation(angle) @ canonical.
    vx, vy = obj["verts"][:, :, 0], obj["verts"][:, :, 1]
    x0 = cx[:, None] + r[:, None] * (c[:, None] * vx - s[:, None] * vy)
    y0 = cy[:, None] + r[:, None] * (s[:, None] * vx + c[:, None] * vy)
    x1, y1 = np.roll(x0, -1, axis=1), np.roll(y0, -1, axis=1)
    ex, ey = x1 - x0, y1 - y0
    edges = np.stack([np.zeros_like(ex)] * 3 + [-ey, ex, ey * x0 - ex * y0], axis=2)
    inside = ((edges.reshape(n * 4, 6) @ monomials).reshape(n, 4, -1) >= 0.0).all(axis=1)
    return np.where((obj["shape"] == 2)[:, None], ellipse, inside)


def _take(obj: dict[str, np.ndarray], new: dict[str, np.ndarray], rows: np.ndarray) -> None:
    for key, value in new.items():
        obj[key][rows] = value


def shapeset(
    rng: np.random.Generator, n: int, size: int = SHAPESET_SIZE
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` Shapeset-3×2-style images: ``x`` float32 (n, size²) in [-1, 1], ``y`` int64."""
    grid = _pixel_monomials(size)
    y = rng.integers(0, 9, n)
    first = _objects(rng, _FIRST[y])
    two = _SECOND[y] >= 0
    second = _objects(rng, np.where(two, _SECOND[y], 0))
    mask1 = _masks(first, grid)
    mask2 = _masks(second, grid)
    # Redraw second objects (and, if stubborn, both) until the overlap is at most 50 %.
    for attempt in range(200):
        area1 = np.count_nonzero(mask1, axis=1)
        area2 = np.count_nonzero(mask2, axis=1)
        overlap = np.count_nonzero(mask1 & mask2, axis=1)
        bad = np.flatnonzero(two & (overlap > _MAX_OVERLAP * np.minimum(area1, area2)))
        bad = np.union1d(bad, np.flatnonzero(area1 == 0))
        bad = np.union1d(bad, np.flatnonzero(two & (area2 == 0)))
        if bad.size == 0:
            break
        if attempt % 10 == 9:  # a large first object may leave no room: redraw it too
            new1 = _objects(rng, first["shape"][bad])
            _take(first, new1, bad)
            mask1[bad] = _masks(new1, grid)
        new2 = _objects(rng, second["shape"][bad])
        _take(second, new2, bad)
        mask2[bad] = _masks(new2, grid)
    else:  # pragma: no cover - 200 redraws never fail in practice
        raise RuntimeError("could not place the objects of some images")
    background = rng.uniform(0.0, 0.45, n).astype(np.float32)
    invert = rng.random(n) < 0.5
    img = np.repeat(background[:, None], size * size, axis=1)
    img = np.where(mask1, first["grey"][:, None].astype(np.float32), img)
    img = np.where(two[:, None] & mask2, second["grey"][:, None].astype(np.float32), img)
    img = np.where(invert[:, None], 1.0 - img, img)
    return (2.0 * img - 1.0).astype(np.float32), y.astype(np.int64)


# ---------------------------------------------------------------- spirals


def spirals(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points of three noisy interleaved spiral arms: ``x`` float32 (n, 2), ``y``."""
    y = rng.integers(0, 3, n)
    t = np.sqrt(rng.uniform(0.0, 1.0, n))  # uniform over the spiral's area
    angle = y * (2 * math.pi / 3) + 3 * math.pi * t + rng.normal(0.0, 0.25, n)
    radius = t + rng.normal(0.0, 0.03, n)
    x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    return x.astype(np.float32), y.astype(np.int64)


# ---------------------------------------------------------------- the data set


@dataclass
class Dataset:
    """A held-out test set (its first ``monitor`` rows: the monitor set) and a training source.

    The training examples come either from ``draw(rng, n)`` (an endless
    stream) or from the arrays ``train_x``/``train_y`` (shuffled every epoch).
    """

    name: str
    features: int
    classes: int
    test_x: np.ndarray
    test_y: np.ndarray
    seed: int
    draw: Callable[[np.random.Generator, int], tuple[np.ndarray, np.ndarray]] | None = None
    train_x: np.ndarray | None = None
    train_y: np.ndarray | None = None
    monitor: int = MONITOR
    _chunks: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, repr=False
    )

    @property
    def monitor_x(self) -> np.ndarray:
        return self.test_x[: self.monitor]

    @property
    def monitor_y(self) -> np.ndarray:
        return self.test_y[: self.monitor]

    def batches(self, batch: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Endless mini-batches, the same sequence every time for this data set's seed."""
        rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(2,)))
        if self.draw is None:
            assert self.train_x is not None and self.train_y is not None
            n = len(self.train_y)
            while True:
                order = rng.permutation(n)
                for start in range(0, n - batch + 1, batch):
                    rows = order[start : start + batch]
                    yield self.train_x[rows], self.train_y[rows]
                if n < batch:
                    raise ValueError(f"the training set has {n} examples, fewer than a batch")
        chunk = max(_CHUNK, batch)
        index = 0
        while True:
            x, y = self._chunk(index, chunk)
            for start in range(0, chunk - batch + 1, batch):
                yield x[start : start + batch], y[start : start + batch]
            index += 1

    def _chunk(self, index: int, size: int) -> tuple[np.ndarray, np.ndarray]:
        """Chunk ``index`` of the stream, from its own child of the seed (so it can be cached)."""
        cached = self._chunks.get((index, size))
        if cached is None:
            assert self.draw is not None
            rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(2, index)))
            cached = self.draw(rng, size)
            # Keep about 64 MiB for the next run with this seed.
            if (len(self._chunks) + 1) * cached[0].nbytes <= _CACHE_BYTES:
                self._chunks[index, size] = cached
        return cached


def _stream(
    name: str,
    draw: Callable[[np.random.Generator, int], tuple[np.ndarray, np.ndarray]],
    features: int,
    classes: int,
    seed: int,
    test_size: int,
    monitor: int,
) -> Dataset:
    test_rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1,)))
    test_x, test_y = draw(test_rng, test_size)
    return Dataset(name, features, classes, test_x, test_y, seed, draw=draw,
                   monitor=min(monitor, test_size))  # fmt: skip


def load_npz(
    path: str | os.PathLike[str], *, seed: int = 0, test_size: int = TEST_SIZE,
    monitor: int = MONITOR,
) -> Dataset:  # fmt: skip
    """A :class:`Dataset` from a ``.npz`` file with arrays ``x`` and ``y``.

    ``x``: examples × features (further dimensions are flattened), any real
    dtype, finite; ``y``: integer labels 0..K-1 (K ≥ 2), one per example. A
    random 20 % (at most ``test_size`` examples, chosen with the seed) is held
    out as the test set; the rest trains.

    Raises
    ------
    ValueError
        For a missing or unreadable file, missing arrays, wrong shapes or
        dtypes, non-finite features, bad labels, or too few examples.
    """
    name = os.fspath(path)
    try:
        with np.load(name, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
    except FileNotFoundError:
        raise ValueError(f"{name}: no such file") from None
    except (OSError, ValueError) as error:
        raise ValueError(f"{name}: not a readable .npz file ({error})") from None
    missing = [key for key in ("x", "y") if key not in arrays]
    if missing:
        have = ", ".join(sorted(arrays)) or "none"
        raise ValueError(f"{name}: no array {' or '.join(missing)} (arrays in the file: {have})")
    x, y = arrays["x"], arrays["y"]
    if x.ndim < 2:
        raise ValueError(f"{name}: x must have a row per example, got shape {x.shape}")
    if not (np.issubdtype(x.dtype, np.floating) or np.issubdtype(x.dtype, np.integer)):
        raise ValueError(f"{name}: x must hold real numbers, got dtype {x.dtype}")
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(
            f"{name}: y must be one integer label per example, got shape {y.shape}, dtype {y.dtype}"
        )
    if len(y) != len(x):
        raise ValueError(f"{name}: x has {len(x)} examples but y has {len(y)} labels")
    if len(y) < 10:
        raise ValueError(f"{name}: {len(y)} examples are too few (at least 10)")
    x = x.reshape(len(x), -1).astype(np.float32)
    if x.shape[1] == 0:
        raise ValueError(f"{name}: x has no features")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name}: x holds NaN or infinite values")
    if y.min() < 0:
        raise ValueError(f"{name}: labels must be 0 or more, got {int(y.min())}")
    classes = int(y.max()) + 1
    if classes < 2:
        raise ValueError(f"{name}: y must have at least two classes")
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1,)))
    order = rng.permutation(len(y))
    n_test = max(1, min(test_size, len(y) // 5))
    test, train = order[:n_test], order[n_test:]
    return Dataset(
        os.path.basename(name), x.shape[1], classes, x[test], y[test].astype(np.int64), seed,
        train_x=x[train], train_y=y[train].astype(np.int64), monitor=min(monitor, n_test),
    )  # fmt: skip


def load_data(
    spec: str | os.PathLike[str], *, seed: int = 0, test_size: int = TEST_SIZE,
    monitor: int = MONITOR,
) -> Dataset:  # fmt: skip
    """``"shapeset"``, ``"spirals"`` or the path of a ``.npz`` file (see :func:`load_npz`)."""
    if spec == "shapeset":
        return _stream("shapeset", shapeset, SHAPESET_SIZE**2, 9, seed, test_size, monitor)
    if spec == "spirals":
        return _stream("spirals", spirals, 2, 3, seed, test_size, monitor)
    if os.fspath(spec).lower().endswith(".npz"):
        return load_npz(spec, seed=seed, test_size=test_size, monitor=monitor)
    raise ValueError(f"unknown data {os.fspath(spec)!r}: use shapeset, spirals or a .npz file")
