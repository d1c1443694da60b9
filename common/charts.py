"""Server-rendered SVG charts: readable without JavaScript, printable, embeddable in PDFs.

Every chart is plain SVG text with <title> tooltips and, where given, links on its
bars, so a chart is also a way into the list behind it. Colours are few and the text
is real text (searchable, translatable, read by screen readers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

FONT = "'PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif"
PALETTE = ["#1f4e79", "#b8860b", "#1b7f3b", "#b3261e", "#6a4c93", "#2a9d8f", "#8d6e63", "#5b6575"]


@dataclass
class Bar:
    label: str
    value: float
    href: str = ""
    note: str = ""  # shown after the value, e.g. "3/12"
    segments: list[tuple[str, float]] = field(default_factory=list)  # (series, value) for stacked bars


def _text(x, y, s, *, size=12, anchor="start", weight="normal", fill="#1d2430") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{fill}" font-family="{FONT}">{escape(str(s))}</text>'
    )


def _link(href: str, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def hbar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    unit: str = "",
    series: Sequence[str] = (),
    max_value: float | None = None,
    width: int = 640,
    percent: bool = False,
    colors: Sequence[str] = (),
) -> str:
    """Horizontal bars (optionally stacked by series), labels on the left, values on the right.

    `colors` gives the series their colours in order (e.g. severities from grey to red).
    """
    palette = list(colors) or PALETTE
    row, top, label_w, value_w = 26, 34 if series else 8, 190, 90
    plot_w = width - label_w - value_w - 16
    height = top + row * max(len(bars), 1) + 12
    peak = max_value or max((b.value for b in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    if series:
        x = label_w
        for i, name in enumerate(series):
            parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{palette[i % len(palette)]}"/>')
            parts.append(_text(x + 16, 16, name, size=11))
            x += 24 + 12 * len(name) + 10
    if not bars:
        parts.append(_text(label_w, top + 16, "—", fill="#5b6575"))
    for i, bar in enumerate(bars):
        y = top + i * row
        label = bar.label if len(bar.label) <= 16 else bar.label[:15] + "…"
        parts.append(_link(bar.href, _text(label_w - 8, y + 16, label, anchor="end")))
        x = label_w
        segments = bar.segments or [("", bar.value)]
        for j, (name, value) in enumerate(segments):
            w = max(plot_w * value / peak, 0)
            if w <= 0:
                continue
            color = palette[(series.index(name) if name in series else j) % len(palette)]
            tip = f"{bar.label} {name} {value:g}{unit}".strip()
            parts.append(
                _link(
                    bar.href,
                    f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row - 10}" fill="{color}"><title>{escape(tip)}</title></rect>',
                )
            )
            x += w
        shown = f"{bar.value:.0%}" if percent else f"{bar.value:g}{unit}"
        parts.append(_text(x + 6, y + 16, f"{shown} {bar.note}".strip(), size=11, fill="#5b6575"))
    parts.append("</svg>")
    return "".join(parts)


@dataclass
class Span:
    row: str
    label: str
    start: dt.date
    end: dt.date | None  # None: still running
    highlight: bool = False


@dataclass
class Mark:
    day: dt.date
    label: str
    kind: str = "work"  # work | material | defect | event


def timeline(spans: Sequence[Span], marks: Sequence[Mark], *, title: str, today: dt.date, width: int = 900) -> str:
    """Rows of date spans (tenures) against marks on the same time axis (work dates, the defect)."""
    days = [s.start for s in spans] + [s.end or today for s in spans] + [m.day for m in marks]
    if not days:
        return ""
    lo, hi = min(days), max(days)
    lo = dt.date(lo.year, 1, 1)
    hi = dt.date(hi.year + 1, 1, 1)
    rows = list(dict.fromkeys(s.row for s in spans))
    label_w, top, row_h = 150, 26, 34
    plot_w = width - label_w - 20
    height = top + row_h * len(rows) + 46
    span_days = (hi - lo).days or 1

    def x(day: dt.date) -> float:
        return label_w + plot_w * (day - lo).days / span_days

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for year in range(lo.year, hi.year + 1):
        xx = x(dt.date(year, 1, 1))
        parts.append(f'<line x1="{xx:.1f}" y1="{top - 6}" x2="{xx:.1f}" y2="{height - 30}" stroke="#d9dee7"/>')
        parts.append(_text(xx + 2, height - 16, str(year), size=10, fill="#5b6575"))
    for i, row in enumerate(rows):
        y = top + i * row_h
        parts.append(_text(label_w - 8, y + 18, row, anchor="end", size=12))
        for span in (s for s in spans if s.row == row):
            x0, x1 = x(span.start), x(span.end or today)
            fill = "#1f4e79" if span.highlight else "#9fb3c8"
            tip = f"{span.label}: {span.start:%Y-%m-%d} – {span.end.strftime('%Y-%m-%d') if span.end else '…'}"
            parts.append(
                f'<rect x="{x0:.1f}" y="{y + 6}" width="{max(x1 - x0, 2):.1f}" height="18" rx="3" fill="{fill}">'
                f"<title>{escape(tip)}</title></rect>"
            )
            if x1 - x0 > 60:
                parts.append(
                    _text(x0 + 4, y + 19, span.label, size=11, fill="#ffffff" if span.highlight else "#1d2430")
                )
    colors = {"work": "#1b7f3b", "material": "#b8860b", "defect": "#b3261e", "event": "#5b6575"}
    for mark in marks:
        xx = x(mark.day)
        color = colors.get(mark.kind, "#5b6575")
        tip = f"{mark.day:%Y-%m-%d} {mark.label}"
        parts.append(
            f'<line x1="{xx:.1f}" y1="{top - 6}" x2="{xx:.1f}" y2="{height - 30}" stroke="{color}" '
            f'stroke-width="{2 if mark.kind == "defect" else 1}" stroke-dasharray="{"" if mark.kind == "defect" else "3,2"}">'
            f"<title>{escape(tip)}</title></line>"
        )
    parts.append("</svg>")
    return "".join(parts)
