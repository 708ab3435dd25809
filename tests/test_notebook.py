"""Notebooks: figures show as images through IPython's display formatter; activations are short."""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest
from PIL import Image

import actplot

IPython = pytest.importorskip("IPython")


@pytest.fixture(scope="module")
def formatter():
    from IPython.core.interactiveshell import InteractiveShell

    return InteractiveShell.instance().display_formatter


def _png(data: dict) -> Image.Image:
    png = data["image/png"]
    raw = png if isinstance(png, bytes) else base64.b64decode(png)
    assert raw.startswith(b"\x89PNG")
    return Image.open(io.BytesIO(raw))


def test_the_readme_figure_shows_as_an_image(formatter):
    act = actplot.get("sigmoid")
    fig = actplot.figure([act], np.linspace(-10, 10, 2001))
    data, metadata = formatter.format(fig)
    image = _png(data)
    assert image.size == (1280, 960)  # drawn at the figure's 200 dpi ...
    assert metadata["image/png"] == {"width": 640, "height": 480}  # ... shown at 100 per inch
    pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
    assert (pixels == [0xD6, 0x27, 0x28]).all(axis=1).any()  # the note's red f is drawn


def test_the_image_is_drawn_under_the_figures_look(formatter):
    fig = actplot.figure([actplot.get("relu")], np.linspace(-3, 3, 301), style="dark")
    image = _png(formatter.format(fig)[0]).convert("RGB")
    assert np.asarray(image)[2, 2].max() < 80  # the dark style's background


def test_gallery_and_table_figures_show_too(formatter):
    from actplot.analysis.sampling import grid
    from actplot.render.gallery import gallery_figure
    from actplot.render.table import table_figure
    from actplot.text.table import measure

    x = grid(-5, 5, points=201)
    acts = [actplot.get("relu"), actplot.get("tanh")]
    for fig in (gallery_figure(acts, x), table_figure(measure(acts), x)):
        assert "image/png" in formatter.format(fig)[0]


def test_a_bare_activation_shows_its_name_and_parameters(formatter):
    data, _ = formatter.format(actplot.get("elu", alpha=0.5))
    assert data["text/plain"] == "Activation('elu', alpha=0.5)"
    assert formatter.format(actplot.get("sigmoid"))[0]["text/plain"] == "Activation('sigmoid')"
    text = formatter.format(actplot.get("srelu"))[0]["text/plain"]
    assert text == "Activation('srelu', t_left=-1.0, a_left=0.1, t_right=1.0, a_right=0.1)"
    assert len(formatter.format(actplot.get("x*sigmoid(x)"))[0]["text/plain"]) < 40
