"""Charts for synthesis reports as PNG bytes (matplotlib's Agg canvas, no display).

Only matplotlib's own bundled DejaVu fonts are used (they hold every Vietnamese letter),
so nothing is looked up or fetched: the same picture on every machine. The figure
objects are built without pyplot, so charts can be drawn from several threads.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

DPI = 150
FONT = "DejaVu Sans"
BAR = "#1f4e79"
WOMEN = "#c0504d"
MEN = "#4f81bd"


def _figure(width_cm: float, height_cm: float):  # -> Figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _png(fig) -> bytes:
    stream = io.BytesIO()
    fig.savefig(stream, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    return stream.getvalue()


def _style(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8)
    for label in ax.get_xticklabels() + ax.get_yticklabels():
        label.set_fontfamily(FONT)


def _thousands(value: float, _pos: int) -> str:
    return f"{int(value):,}".replace(",", ".")


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float]) -> bytes:
    """Horizontal bars, largest on top, each with its value."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    pairs = sorted(zip(labels, values, strict=True), key=lambda p: p[1])
    height = 2.2 + 0.7 * max(1, len(pairs))
    fig = _figure(16, height)
    ax = fig.add_subplot(1, 1, 1)
    names = [p[0] for p in pairs]
    numbers = [float(p[1]) for p in pairs]
    bars = ax.barh(range(len(numbers)), numbers, color=BAR, height=0.6)
    ax.set_yticks(range(len(names)), names)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
    top = max(numbers, default=0) or 1
    ax.set_xlim(0, top * 1.18)
    for bar, value in zip(bars, numbers, strict=True):
        ax.text(
            bar.get_width() + top * 0.01,
            bar.get_y() + bar.get_height() / 2,
            _thousands(value, 0),
            va="center",
            fontsize=8,
            fontfamily=FONT,
        )
    ax.set_title(title, fontsize=10, fontfamily=FONT, fontweight="bold")
    _style(ax)
    fig.tight_layout()
    return _png(fig)


def sex_chart(
    title: str, groups: Sequence[str], men: Sequence[float], women: Sequence[float]
) -> bytes:
    """Men and women side by side for each group (a year, a kind of activity…)."""
    from matplotlib.ticker import FuncFormatter

    fig = _figure(16, 7.5)
    ax = fig.add_subplot(1, 1, 1)
    positions = range(len(groups))
    width = 0.38
    ax.bar([p - width / 2 for p in positions], men, width, label="Nam", color=MEN)
    ax.bar([p + width / 2 for p in positions], women, width, label="Nữ", color=WOMEN)
    ax.set_xticks(list(positions), list(groups))
    ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
    legend = ax.legend(fontsize=8, frameon=False)
    for text in legend.get_texts():
        text.set_fontfamily(FONT)
    ax.set_title(title, fontsize=10, fontfamily=FONT, fontweight="bold")
    _style(ax)
    fig.tight_layout()
    return _png(fig)
