"""The words on a figure, per language: titles, legend entries, axis labels, headings.

English reads "Sigmoid (solid) and its derivative (dashed)" with legend
"Sigmoid" / "Sigmoid derivative"; Chinese follows the lecture note:
"Sigmoid函数(实线)及其导数(虚线)" with legend "Sigmoid原函数" / "Sigmoid导数".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["LABELS", "Labels", "labels_for"]


@dataclass(frozen=True)
class Labels:
    """Text patterns of one language; ``{name}``/``{names}`` are activation labels."""

    function: str  # legend entry of f
    derivative: str  # legend entry of f'
    title_one: str  # one function with its derivative
    title_many: str  # several functions with their derivatives
    title_plain: str  # functions without derivatives
    separator: str  # between names of a list ...
    last_separator: str  # ... and before its last one
    xlabel: str
    headings: Mapping[str, str] = field(default_factory=dict)

    def join(self, names: Sequence[str]) -> str:
        """``A``, ``A and B``, ``A, B and C`` (``A、B和C``)."""
        names = list(names)
        if len(names) == 1:
            return names[0]
        return self.separator.join(names[:-1]) + self.last_separator + names[-1]

    def title(self, names: Sequence[str], *, derivative: bool = True) -> str:
        """The figure title for these activation labels (duplicates dropped)."""
        unique = list(dict.fromkeys(names))
        joined = self.join(unique)
        if not derivative:
            return self.title_plain.format(names=joined)
        pattern = self.title_one if len(names) == 1 else self.title_many
        return pattern.format(names=joined)

    def heading(self, text: str) -> str:
        """``text`` (an English heading such as "output range") in this language."""
        return self.headings.get(text, text)


LABELS: Mapping[str, Labels] = MappingProxyType(
    {
        "en": Labels(
            function="{name}",
            derivative="{name} derivative",
            title_one="{names} (solid) and its derivative (dashed)",
            title_many="{names} (solid) and their derivatives (dashed)",
            title_plain="{names}",
            separator=", ",
            last_separator=" and ",
            xlabel="x",
        ),
        "zh": Labels(
            function="{name}原函数",
            derivative="{name}导数",
            title_one="{names}函数(实线)及其导数(虚线)",
            title_many="{names}函数(实线)及其导数(虚线)",
            title_plain="{names}函数",
            separator="、",
            last_separator="和",
            xlabel="输入 x",
            headings=MappingProxyType(
                {
                    "name": "名称",
                    "label": "名称",
                    "aliases": "别名",
                    "formula": "公式",
                    "derivative": "导数",
                    "parameters": "参数",
                    "default": "默认值",
                    "valid range": "取值范围",
                    "output range": "值域",
                    "monotonic": "单调",
                    "monotonic derivative": "导数单调",
                    "smoothness": "光滑性",
                    "continuity": "连续性",
                    "zero-centred": "零中心",
                    "identity near zero": "零点附近近似恒等",
                    "≈ identity near 0": "零点附近≈恒等",
                    "value": "取值",
                    "properties (measured)": "性质(数值测得)",
                    "saturation": "饱和性",
                    "left": "左侧",
                    "right": "右侧",
                    "soft": "软饱和",
                    "hard": "硬饱和",
                    "none": "无",
                    "yes": "是",
                    "no": "否",
                    "reference": "参考文献",
                    "kinks": "不可导点",
                    "gradient": "梯度",
                    "layer": "层",
                    "vanishing gradient": "梯度消失",
                    "Activation functions (solid) and their derivatives (dashed)": (
                        "激活函数(实线)及其导数(虚线)"
                    ),
                }
            ),
        ),
    }
)


def labels_for(lang: str) -> Labels:
    """The :class:`Labels` of ``lang`` ("en" or "zh")."""
    try:
        return LABELS[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}: use {', '.join(LABELS)}") from None
