"""The board's compliance trend by month: per framework, the share of applicable
requirements met across the systems (DOMAIN.md 3: computed, never stored by hand).

Pure (no ORM, no clock): the months and the stored month rows' sums come in, the
series and its SVG go out. The chart is drawn on the server like the board's other
charts (governance.rules.charts: same font, text colour, no script), so the page and a
PDF pack show the same picture; every point carries its percentage as text and a
<title>, never colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from compliance.rules.status import percentage
from governance.rules.charts import FONT, TEXT

# Line colours told apart by dash pattern and marker too (never colour alone); dark
# enough for a 3:1 contrast on white.
STYLES = (
    ("#1f5fa8", "", "circle"),
    ("#a8321f", "6 3", "square"),
    ("#2e7d32", "2 3", "diamond"),
    ("#6a3d9a", "8 3 2 3", "triangle"),
)
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 36, 16, 36


@dataclass(frozen=True)
class TrendSeries:
    """One framework's line: a percentage per month (None: nothing applied that month)."""

    label: str
    points: tuple[int | None, ...]


def months_back(today: date, count: int) -> list[date]:
    """The first days of the last `count` months, oldest first, this month last.

    >>> months_back(date(2026, 2, 10), 3)
    [datetime.date(2025, 12, 1), datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)]
    """
    year, month = today.year, today.month
    found = []
    for _ in range(count):
        found.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return found[::-1]


def months_recorded(months: Sequence[date], recorded: Iterable[date]) -> list[date]:
    """`months` from the first one with a record on (at least the last one): a chart of
    eleven empty months and this one says nothing the table does not.

    >>> months_recorded(months_back(date(2026, 12, 7), 3), [date(2026, 11, 1)])
    [datetime.date(2026, 11, 1), datetime.date(2026, 12, 1)]
    """
    first = min((m for m in recorded if m in months), default=months[-1])
    return [m for m in months if m >= first]


def trend_series(
    sums: Mapping[tuple[int, date], tuple[int, int]],
    frameworks: Iterable[tuple[int, str]],
    months: Sequence[date],
) -> list[TrendSeries]:
    """`sums` maps (framework id, month) to (met, applicable) summed over the systems;
    one series per framework (id, label), one point per month."""
    return [
        TrendSeries(
            label,
            tuple(percentage(*sums.get((pk, month), (0, 0))) for month in months),
        )
        for pk, label in frameworks
    ]


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span * index / (count - 1) if count > 1 else span / 2)


def _y(value: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (100 - value) / 100


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _axes(months: Sequence[str]) -> list[str]:
    parts = []
    for value in (0, 50, 100):
        y = _y(value)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#d0d0d0"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" {FONT} font-size="11" '
            f'fill="{TEXT}">{value}%</text>'
        )
    for index, month in enumerate(months):
        parts.append(
            f'<text x="{_x(index, len(months)):.1f}" y="{HEIGHT - 12}" text-anchor="middle" '
            f'{FONT} font-size="10" fill="{TEXT}">{escape(month)}</text>'
        )
    return parts


def _series_svg(series: TrendSeries, style: tuple, months: Sequence[str]) -> str:
    colour, dash, shape = style
    count = len(months)
    points = [
        (_x(i, count), _y(value), month, value)
        for i, (month, value) in enumerate(zip(months, series.points, strict=True))
        if value is not None
    ]
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
    parts = [f"<g><title>{escape(series.label)}</title>"]
    if len(points) > 1:
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dashed}/>'
        )
    for x, y, month, value in points:
        parts.append(
            f"<g><title>{escape(series.label)}, {escape(month)}: {value}% met</title>"
            f"{_marker(shape, x, y, colour)}</g>"
        )
    parts.append("</g>")
    return "".join(parts)


def trend_svg(series: Sequence[TrendSeries], months: Sequence[str], *, label: str) -> str:
    """A line per framework over `months` (their labels, oldest first), 0 to 100 %."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-label="{escape(label, quote=True)}" '
        'class="trend compliance-trend" preserveAspectRatio="xMinYMin meet">',
        f"<title>{escape(label)}</title>",
        *_axes(months),
    ]
    for index, one in enumerate(series):
        parts.append(_series_svg(one, STYLES[index % len(STYLES)], months))
    parts.append("</svg>")
    return "".join(parts)


def legend(series: Sequence[TrendSeries]) -> list[dict]:
    """The legend's entries (label, colour, dash, marker), in the lines' order."""
    return [
        {"label": one.label, "colour": c, "dash": d, "marker": m}
        for one, (c, d, m) in zip(series, (STYLES * (len(series) // len(STYLES) + 1)), strict=False)
    ]
