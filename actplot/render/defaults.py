"""Rendering defaults that the CLI shows in ``--help``: no matplotlib import here.

The command line imports this module to show and pass the defaults; the
renderers import it to use them, so a default is written once.
"""

from __future__ import annotations

__all__ = [
    "ANIMATION_DPI",
    "ANIMATION_FPS",
    "DEFAULT_DPI",
    "DEFAULT_SIZE",
    "GALLERY_DPI",
    "GALLERY_PANEL_SIZE",
    "GALLERY_POINTS",
    "GALLERY_RANGE",
    "PGFPLOTS_MAX_POINTS",
    "PGFPLOTS_TOLERANCE",
    "SEED_COLORS",
    "TRAIN_MAX_PANELS",
    "TABLE_DPI",
    "VANISH_SIZE",
]

DEFAULT_DPI = 200  # PNG resolution of a figure
DEFAULT_SIZE = (6.4, 4.8)  # inches, without a style that sets figure.figsize
# The lecture note's MATLAB look: f red solid, f' blue dashed.
SEED_COLORS = ("#d62728", "#1f4fd1")

# Animations are watched on screens: 640 x 480 pixels at the default size
# keeps a 30-frame GIF well under 2 MB.
ANIMATION_DPI = 100
ANIMATION_FPS = 10
# pgfplots: each curve simplified to at most this many points, within this
# fraction of the plot's y span (0.02 %: 0.01 mm on a 5 cm tall figure).
PGFPLOTS_MAX_POINTS = 1000
PGFPLOTS_TOLERANCE = 2e-4

GALLERY_DPI = 150
GALLERY_RANGE = (-5.0, 5.0)
GALLERY_POINTS = 2001  # per panel: smooth at panel size, fast for 47 panels
GALLERY_PANEL_SIZE = (1.8, 1.5)  # inches per panel: the whole catalogue fits a 16:9 slide

TABLE_DPI = 150  # the comparison table as an image

VANISH_SIZE = (12.0, 5.4)  # inches: three panels side by side
TRAIN_MAX_PANELS = 6  # runs (or run × update columns) a train stats, p98 or hist figure shows
