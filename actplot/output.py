"""Output files: supported formats, path checks, atomic writes, CSV tables."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

import numpy as np

__all__ = [
    "ANIMATION_FORMATS",
    "FIGURE_FORMATS",
    "FORMATS",
    "PLOT_FORMATS",
    "TABLE_FORMATS",
    "OutputPathError",
    "UnsupportedFormatError",
    "atomic_write",
    "check_output_path",
    "write_csv",
]

FIGURE_FORMATS = ("png", "svg", "pdf")
FORMATS = (*FIGURE_FORMATS, "csv")
# Teaching outputs: animated sweeps, pgfplots for LaTeX, and the comparison table.
ANIMATION_FORMATS = ("gif", "mp4", "html")
PLOT_FORMATS = (*FORMATS, "tex", *ANIMATION_FORMATS)  # what `actplot NAME... -o` writes
TABLE_FORMATS = (*FIGURE_FORMATS, "md", "tex", "html", "csv")  # what `actplot table` writes


class UnsupportedFormatError(ValueError):
    """The file name's extension is not a format actplot writes."""


class OutputPathError(OSError):
    """The output location cannot be written (missing, a directory, read-only)."""


def check_output_path(
    path: str | os.PathLike[str], formats: Sequence[str] | None = None
) -> tuple[Path, str]:
    """Validate an output path before any work is done; return it and its format.

    The format comes from the extension (case-insensitive) and must be one of
    ``formats`` (default: every format actplot writes).
    """
    formats = FORMATS if formats is None else tuple(formats)
    path = Path(path)
    if path.is_dir():
        raise OutputPathError(
            f"{path} is a directory; give a file name such as {path / 'figure.png'}"
        )
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in formats:
        shown = f"'.{fmt}'" if fmt else "no extension"
        raise UnsupportedFormatError(
            f"cannot write {path.name}: {shown} is not supported here "
            f"(use {', '.join('.' + f for f in formats)})"
        )
    parent = path.parent
    if not parent.is_dir():
        raise OutputPathError(f"directory {parent} does not exist")
    # Probe by creating a file: os.access says yes to root even on read-only mounts.
    try:
        fd, probe = tempfile.mkstemp(dir=parent, prefix=".actplot-probe.")
    except OSError:
        raise OutputPathError(f"directory {parent} is not writable") from None
    os.close(fd)
    os.unlink(probe)
    return path, fmt


def atomic_write(path: str | os.PathLike[str], write: Callable[[IO[bytes]], None]) -> None:
    """Write a file through ``write(fileobj)`` so that it appears whole or not at all.

    The bytes go to a temporary file in the same directory, which replaces
    ``path`` only once ``write`` has returned; on any error the temporary file
    is removed and an existing ``path`` is left untouched.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fileobj:
            write(fileobj)
            fileobj.flush()
            os.fsync(fileobj.fileno())
        # mkstemp creates the file 0600; give it the permissions open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_csv(path: str | os.PathLike[str], columns: Sequence[tuple[str, np.ndarray]]) -> None:
    """Write named float64 columns as CSV: one header row, repr-exact numbers.

    numpy's float-to-string conversion gives the shortest text that reads back
    as the same float64, so nothing is lost.
    """
    # Names may hold commas (a formula such as max(x,0.1*x)): quote them as CSV does.
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(name for name, _ in columns)
    header = buffer.getvalue()
    text_columns = [np.asarray(values, dtype=np.float64).astype(str) for _, values in columns]

    def write(fileobj: IO[bytes]) -> None:
        fileobj.write((header + "\n").encode())
        rows = zip(*text_columns, strict=True)
        chunk: list[str] = []
        for row in rows:
            chunk.append(",".join(row))
            if len(chunk) == 65536:
                fileobj.write(("\n".join(chunk) + "\n").encode())
                chunk.clear()
        if chunk:
            fileobj.write(("\n".join(chunk) + "\n").encode())

    atomic_write(path, write)
