"""The words on a figure, per language: titles, legend entries, axis labels, headings.

English reads "Sigmoid (solid) and its derivative (dashed)" with legend
"Sigmoid" / "Sigmoid derivative"; Chinese follows the lecture note:
"Sigmoid函数(实线)及其导数(虚线)" with legend "Sigmoid原函数" / "Sigmoid导数".
Chinese text takes full-width punctuation after Chinese characters
(``软饱和，|f′| < 0.05``, ``参数：``): :meth:`Labels.punctuate`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["LABELS", "Labels", "labels_for"]

# A Chinese (or Japanese kana) character, or full-width punctuation.
_CJK = "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
# After a CJK character, or after a bracket that closes one: "性质(数值测得):".
_AFTER_CJK = re.compile(f"(?:(?<=[{_CJK}])|(?<=[{_CJK}][)）]))([,:;!?]) *")


@dataclass(frozen=True)
class Labels:
    """Text patterns of one language; ``{name}``/``{names}`` are activation labels."""

    function: str  # legend entry of f
    derivative: str  # legend entry of f'
    title_one: str  # one curve pair
    title_many: str  # several curve pairs (several functions, or a sweep)
    title_plain: str  # functions without derivatives
    separator: str  # between names of a list ...
    last_separator: str  # ... and before its last one
    xlabel: str
    ylabel: str  # f and f' on the axis
    ylabel_plain: str  # f alone
    with_params: str  # a name with its parameter values in a title
    value_sep: str  # between a parameter's symbol and its one value in a title
    legend_with: str  # legend title of a sweep: the function, then what varies
    full_width: bool = False  # full-width punctuation after CJK characters
    headings: Mapping[str, str] = field(default_factory=dict)

    def join(self, names: Sequence[str]) -> str:
        """``A``, ``A and B``, ``A, B and C`` (``A、B和C``)."""
        names = list(names)
        if len(names) == 1:
            return names[0]
        return self.separator.join(names[:-1]) + self.last_separator + names[-1]

    def title(self, names: Sequence[str], *, derivative: bool = True, curves: int = 0) -> str:
        """The figure title for these activation labels (duplicates dropped).

        ``curves`` is the number of curve pairs drawn (by default one per
        name): a sweep of one function draws several, its derivatives plural.
        """
        unique = list(dict.fromkeys(names))
        joined = self.join(unique)
        if not derivative:
            return self.punctuate(self.title_plain.format(names=joined))
        many = max(curves, len(names)) > 1
        pattern = self.title_many if many else self.title_one
        return self.punctuate(pattern.format(names=joined))

    def heading(self, text: str) -> str:
        """``text`` (an English heading such as "output range") in this language."""
        return self.headings.get(text, text)

    def punctuate(self, text: str) -> str:
        """``text`` with full-width , : ; ! ? after Chinese characters (Chinese only).

        >>> labels_for("zh").punctuate("软饱和, |f′| < 0.05")
        '软饱和，|f′| < 0.05'
        """
        if not self.full_width:
            return text
        return _AFTER_CJK.sub(lambda m: _FULL_WIDTH[m.group(1)], text)


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
            ylabel="f(x), f′(x)",
            ylabel_plain="f(x)",
            with_params="{name} with {params}",
            value_sep=" = ",
            legend_with="{name}, {params} varied",
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
            ylabel="输出 f(x), f′(x)",
            ylabel_plain="输出 f(x)",
            with_params="{name} ({params})",
            value_sep="=",
            legend_with="{name}，{params}取不同值",
            full_width=True,
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
                    "f(0) = 0, both signs": "f(0) = 0 且取正负两种值",
                    "bias shift: E f(Z) = {mean} for Z ~ N(0, 1), the mean output": (
                        "偏置偏移：E f(Z) = {mean}，即 Z ~ N(0, 1) 时的平均输出"
                    ),
                    "Var f(Z)": "输出方差 Var f(Z)",
                    "E |f'(Z)|": "平均梯度因子 E |f'(Z)|",
                    "slope range": "斜率范围",
                    "(min f', max f')": "(f' 的最小值, 最大值)",
                    "Lipschitz constant": "利普希茨常数",
                    "(f jumps)": "(f 有跳跃)",
                    "undefined (f is NaN on part of the line)": "无定义（f 在部分实数上为 NaN）",
                    "domain (f defined)": "定义域（f 有定义）",
                    "open interval": "开区间",
                    "closed interval": "闭区间",
                    "half-open interval": "半开区间",
                    "within {interval} (f jumps: values between may be skipped)": (
                        "在 {interval} 内（f 有跳跃，中间的值未必都取到）"
                    ),
                    "any finite number": "任意有限实数",
                    " and ": " 且 ",
                    "(f' there: the right-hand value)": "（该处 f' 取右导数）",
                    "note: the catalogue declares {field} = {want}; measured {got}": (
                        "注意：函数库声明 {field} = {want}，实测为 {got}"
                    ),
                    "jump": "跳跃",
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
                    # vanish: the untrained network (issue 16)
                    "Gradient flow through {depth} layers of {width} units, {init}": (
                        "梯度消失:{depth}层×{width}单元网络中的梯度传播,{init}"
                    ),
                    "Histograms at initialisation, {depth} layers of {width} units, {init}": (
                        "初始化时各层的直方图,{depth}层×{width}单元,{init}"
                    ),
                    "Layer Jacobians, {depth} layers of {width} units, {init}": (
                        "各层的雅可比矩阵,{depth}层×{width}单元,{init}"
                    ),
                    "Layer Jacobians, {depth} layers of {width} units": (
                        "各层的雅可比矩阵,{depth}层×{width}单元"
                    ),
                    "Gradient flow through {depth} layers of {width} units": (
                        "梯度消失:{depth}层×{width}单元网络中的梯度传播"
                    ),
                    "Histograms at initialisation, {depth} layers of {width} units": (
                        "初始化时各层的直方图,{depth}层×{width}单元"
                    ),
                    "standard init U[±1/√n]": "标准初始化 U[±1/√n]",
                    "Xavier init U[±√6/√(n_in+n_out)]": "Xavier初始化 U[±√6/√(n_in+n_out)]",
                    "He init N(0, 2/n)": "He(MSRA)初始化 N(0, 2/n)",
                    "LeCun init N(0, 1/n)": "LeCun初始化 N(0, 1/n)",
                    "orthogonal init": "正交初始化",
                    "standard init": "标准初始化",
                    "Xavier init": "Xavier初始化",
                    "He init": "He(MSRA)初始化",
                    "LeCun init": "LeCun初始化",
                    "gain {gain}": "增益{gain}",
                    ", gain {gain}": ",增益{gain}",
                    "BN": "批归一化",
                    "no BN": "无批归一化",
                    ", batch-normalised": ",批归一化",
                    "layer (1 = nearest the input)": "层(1 = 最靠近输入)",
                    "RMS gradient w.r.t. pre-activations": "对预激活的梯度(均方根)",
                    "Back-propagated gradient": "反向传播的梯度",
                    "mean f(z)": "f(z)的均值",
                    "Mean activation output": "激活输出的均值",
                    "fraction": "比例",
                    "Saturated inputs and dead units": "饱和输入与死亡神经元",
                    "dead: f′ = 0 on every input": "死亡神经元:对所有输入 f′ = 0",
                    "first/last layer": "首层/末层",
                    "no gradient": "无梯度",
                    "overflow": "溢出",
                    "legend: first/last-layer gradient ratio": "图例:首层/末层梯度之比",
                    "median {value}": "中位数{value}",
                    "1: the layer preserves norms": "1:该层保持范数",
                    "mean singular value of {jacobian}": "{jacobian}的平均奇异值",
                    "averaged over {n} inputs; Glorot & Bengio (2010): "
                    "≈ 0.5 standard, ≈ 0.8 normalised init": (
                        "{n}个输入的平均;Glorot & Bengio (2010):标准初始化≈0.5,归一化初始化≈0.8"
                    ),
                    "activation value f(z)": "激活值 f(z)",
                    "back-propagated gradient ∂C/∂s": "反向传播的梯度 ∂C/∂s",
                    "fraction of values per bin": "各区间的比例",
                    "layer {k}": "第{k}层",
                    # train (issue 15)
                    "Activations during training: mean ± std per layer": (
                        "训练中的激活值:各层的均值±标准差"
                    ),
                    "Activations during training: 98th percentile (markers) and std (lines)": (
                        "训练中的激活值:第98百分位数(标记)与标准差(线)"
                    ),
                    "Histograms per layer": "各层的直方图",
                    "Training loss and test error": "训练损失与测试错误率",
                    "Dead units: f′ = 0 on every monitor example": (
                        "死亡神经元:对所有监测样本 f′ = 0"
                    ),
                    "{depth} layers × {width} units on {data}": "{depth}层×{width}单元,{data}",
                    " (interrupted)": "(已中断)",
                    "diverged at update {n}": "第{n}次更新时发散",
                    "lr {lr}": "学习率{lr}",
                    "seed {seed}": "种子{seed}",
                    "update {u}": "第{u}次更新",
                    "updates": "更新次数",
                    "activation value": "激活值",
                    "98th percentile and std": "第98百分位数与标准差",
                    "98th percentile": "第98百分位数",
                    "standard deviation": "标准差",
                    "weight gradient ∂C/∂W": "权重梯度 ∂C/∂W",
                    "training loss (NLL)": "训练损失(负对数似然)",
                    "test error": "测试错误率",
                    "chance {value}": "随机猜测{value}",
                    "dead fraction": "死亡神经元比例",
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
