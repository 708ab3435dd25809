"""Regenerate the README's "Remedies" and "Training lessons" figures.

    python examples/training_lessons.py

``vanish_cure.png``: sigmoid, tanh and ReLU through 20 layers of 500 units,
with and without batch normalisation, the equivalent of
``actplot vanish sigmoid tanh relu --depth 20 --width 500 --batchnorm off,on``.

``train_fig2.png``: Glorot & Bengio's Fig. 2, a sigmoid network of 5 × 1000
trained for 600 updates, the equivalent of
``actplot train sigmoid --depth 5 --width 1000 --updates 600``.

``train_init.png``: histograms at initialisation, tanh, standard against
normalised initialisation (their Figs. 6-8), the equivalent of
``actplot train tanh --init standard,xavier --updates 0 --view hist``.

``train_dead.png``: ReLU units dying at larger learning rates, the
equivalent of ``actplot train relu --init he --width 256 --lr 0.01,0.05,0.12
--updates 300 --view dead``.

``train_error.png``: tanh against sigmoid on the spirals, the equivalent of
``actplot train sigmoid tanh --data spirals --width 64 --updates 2000 --seed 1
--view error``.
"""

from pathlib import Path

import actplot
from actplot.network.train import train
from actplot.network.vanish import simulate
from actplot.render.save import save
from actplot.render.train import train_figure
from actplot.render.vanish import vanish_figure

HERE = Path(__file__).parent


def get(*names: str) -> list[actplot.Activation]:
    return [actplot.get(n) for n in names]


if __name__ == "__main__":
    cure = simulate(get("sigmoid", "tanh", "relu"), depth=20, width=500, batchnorm=(False, True))
    print(save(vanish_figure(cure), HERE / "vanish_cure.png", dpi=110))

    fig2 = train(get("sigmoid"), depth=5, width=1000, updates=600)
    print(fig2.summary())
    print(save(train_figure(fig2, view="stats", size=(7.0, 5.0)), HERE / "train_fig2.png", dpi=110))

    init = train(get("tanh"), depth=5, width=1000, init=("standard", "xavier"), updates=0,
                 hist_at=(0,))  # fmt: skip
    print(save(train_figure(init, view="hist"), HERE / "train_init.png", dpi=110))

    dead = train(get("relu"), depth=5, width=256, init="he", lr=(0.01, 0.05, 0.12), updates=300)
    print(dead.summary())
    print(save(train_figure(dead, view="dead"), HERE / "train_dead.png", dpi=110))

    curves = train(get("sigmoid", "tanh"), depth=5, width=64, updates=2000, seed=1,
                   data="spirals")  # fmt: skip
    print(curves.summary())
    print(save(train_figure(curves, view="error"), HERE / "train_error.png", dpi=110))
