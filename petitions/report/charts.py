"""Small self-contained SVG charts: no JavaScript, no CDN, readable in print."""

from __future__ import annotations

import math
from html import escape

PALETTE = ("#2f6fb0", "#e0873a", "#4f9d5a", "#c0504d", "#8064a2", "#4bacc6", "#9c7a3c", "#7f7f7f")
FONT = "font-family=\"'Noto Sans CJK SC','WenQuanYi Zen Hei','Microsoft YaHei',sans-serif\""
W = 760


def _svg(height: int, body: list[str], title: str) -> str:
    return (f'<svg class="chart" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {W} {height}" width="{W}" height="{height}" {FONT} font-size="12">'
            f'<title>{escape(title)}</title>'
            f'<text x="{W / 2}" y="18" text-anchor="middle" font-size="15" font-weight="bold">{escape(title)}</text>'
            + "".join(body) + "</svg>")


def _legend(names: list[str], y: int) -> list[str]:
    out, x = [], 60
    for i, name in enumerate(names):
        out.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>'
                   f'<text x="{x + 16}" y="{y}">{escape(name)}</text>')
        x += 24 + 13 * len(name)
    return out


def _ticks(peak: float) -> list[float]:
    """Round steps from zero to at least the peak: every axis starts at zero."""
    raw = max(peak, 1) / 4
    magnitude = 10 ** (len(str(int(raw))) - 1)
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(max(1, math.ceil(max(peak, 1) / step)) + 1)]


def _y_grid(ticks: list[float], top: int, plot_h: float, left: int) -> list[str]:
    out = []
    for t in ticks:
        y = top + plot_h - plot_h * t / ticks[-1]
        out.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{W - 20}" y2="{y:.1f}" stroke="#ddd"/>'
                   f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="10">{t:g}</text>')
    return out


def grouped_bars(groups: list[str], series: dict[str, list[float]], title: str) -> str:
    """Bars side by side per group, e.g. this year vs the same span last year per level × kind."""
    height, top, bottom, left = 300, 40, 60, 50
    plot_h, plot_w = height - top - bottom, W - left - 20
    ticks = _ticks(max([v for values in series.values() for v in values] + [1]))
    peak = ticks[-1]
    slot = plot_w / max(len(groups), 1)
    bar = slot * 0.8 / max(len(series), 1)
    body = [*_y_grid(ticks, top, plot_h, left),
            f'<line x1="{left}" y1="{top + plot_h}" x2="{W - 20}" y2="{top + plot_h}" stroke="#444"/>']
    for g, group in enumerate(groups):
        x0 = left + g * slot + slot * 0.1
        for s, (name, values) in enumerate(series.items()):
            h = plot_h * values[g] / peak
            x, y = x0 + s * bar, top + plot_h - h
            body.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" '
                        f'fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(group)} {escape(name)}: {values[g]:g}</title></rect>')
            body.append(f'<text x="{x + bar / 2 - 1:.1f}" y="{y - 3:.1f}" text-anchor="middle" font-size="10">{values[g]:g}</text>')
        body.append(f'<text x="{x0 + slot * 0.4:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{escape(group)}</text>')
    return _svg(height, body + _legend(list(series), height - 14), title)


def stacked_bars(labels: list[str], series: dict[str, list[float]], title: str) -> str:
    """One stacked bar per label (e.g. month), one colour per series (e.g. level)."""
    height, top, bottom, left = 300, 40, 70, 50
    plot_h, plot_w = height - top - bottom, W - left - 20
    totals = [sum(values[i] for values in series.values()) for i in range(len(labels))]
    ticks = _ticks(max(totals + [1]))
    peak = ticks[-1]
    slot = plot_w / max(len(labels), 1)
    body = [*_y_grid(ticks, top, plot_h, left),
            f'<line x1="{left}" y1="{top + plot_h}" x2="{W - 20}" y2="{top + plot_h}" stroke="#444"/>']
    for i, label in enumerate(labels):
        y = top + plot_h
        for s, (name, values) in enumerate(series.items()):
            h = plot_h * values[i] / peak
            y -= h
            body.append(f'<rect class="bar" x="{left + i * slot + 1:.1f}" y="{y:.1f}" width="{slot - 2:.1f}" '
                        f'height="{h:.1f}" fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(label)} {escape(name)}: '
                        f'{values[i]:g}</title></rect>')
        if len(labels) <= 12 or i % 3 == 0:
            x = left + i * slot + slot / 2
            body.append(f'<text x="{x:.1f}" y="{top + plot_h + 14}" text-anchor="end" font-size="10" '
                        f'transform="rotate(-45 {x:.1f} {top + plot_h + 14})">{escape(label)}</text>')
    return _svg(height, body + _legend(list(series), height - 10), title)


def horizontal_bars(labels: list[str], values: list[float | None], title: str, suffix: str = "", fmt: str = "g",
                    peak: float | None = None, marker: tuple[str, float] | None = None) -> str:
    """One bar per label from a zero axis with gridlines; ``peak`` fixes the scale (100 for shares) and
    ``marker`` draws a labelled reference line (e.g. the city average)."""
    row, top, left = 22, 40, 110
    height = top + row * len(labels) + 30
    ticks = _ticks(peak if peak is not None else max([v or 0 for v in values] + [1]))
    scale, plot_w = ticks[-1], W - left - 80
    body = []
    for t in ticks:
        x = left + plot_w * t / scale
        body.append(f'<line class="grid" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 24}" stroke="#ddd"/>'
                    f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" font-size="10">{t:g}{suffix}</text>')
    for i, (label, value) in enumerate(zip(labels, values)):
        y, w = top + i * row, plot_w * (value or 0) / scale
        shown = "—" if value is None else f"{value:{fmt}}{suffix}"
        body.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end">{escape(label)}</text>'
                    f'<rect class="bar" x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{PALETTE[0]}"/>'
                    f'<text x="{left + w + 6:.1f}" y="{y + 14}">{shown}</text>')
    if marker is not None:
        x = left + plot_w * marker[1] / scale
        body.append(f'<line class="marker" x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 24}" stroke="{PALETTE[3]}" '
                    f'stroke-dasharray="4 3"/><text x="{x + 4:.1f}" y="{top - 6}" fill="{PALETTE[3]}">'
                    f'{escape(marker[0])} {marker[1]:{fmt}}{suffix}</text>')
    return _svg(height, body, title)


def heatmap(rows: list[str], columns: list[str], values: list[list[float | None]], title: str,
            reverse: tuple[bool, ...] = ()) -> str:
    """A table whose cells darken with the value (per column); ``reverse`` marks columns where low is bad."""
    cell_w, cell_h, top, left = (W - 120) / max(len(columns), 1), 24, 60, 120
    height = top + cell_h * len(rows) + 10
    body = [f'<text x="{left + (j + 0.5) * cell_w:.1f}" y="{top - 8}" text-anchor="middle" font-size="11">{escape(c)}</text>'
            for j, c in enumerate(columns)]
    peaks = [max([r[j] or 0 for r in values] + [1]) for j in range(len(columns))]
    for i, label in enumerate(rows):
        y = top + i * cell_h
        body.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{escape(label)}</text>')
        for j, v in enumerate(values[i]):
            share = 0.0 if v is None else v / peaks[j]
            if j < len(reverse) and reverse[j] and v is not None:
                share = 1 - share
            fill = f"rgba(192,80,77,{0.08 + 0.8 * share:.2f})" if v is not None else "#eee"
            text = "—" if v is None else f"{v:g}"
            body.append(f'<rect class="cell" x="{left + j * cell_w:.1f}" y="{y}" width="{cell_w - 2:.1f}" '
                        f'height="{cell_h - 2}" fill="{fill}"/><text x="{left + (j + 0.5) * cell_w:.1f}" '
                        f'y="{y + 16}" text-anchor="middle">{text}</text>')
    return _svg(height, body, title)
