"""The board's charts as SVG strings, drawn on the server: data in, SVG out.

Pure functions (no ORM, no request), so the page and the PDF packs show the same picture.
No script, no external font (the generic sans-serif family), and never colour alone:
every cell and bar carries its number as text and a <title> for screen readers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape

from governance.rules.risks import SCALE, risk_level, risk_score

CELL = 56
MARGIN_LEFT = 64
MARGIN_TOP = 12
MARGIN_BOTTOM = 52
# Fill per level, light enough for dark text to keep a contrast above 4.5:1.
LEVEL_FILL = {"low": "#cfe8cf", "medium": "#fbe7a1", "high": "#f9c08f", "critical": "#f3a0a0"}
TEXT = "#1a1a1a"
FONT = 'font-family="sans-serif"'

Cell = tuple[int, int]  # (likelihood, impact)
HrefFor = Callable[[int, int], str]


def _a(value) -> str:
    return escape(str(value), quote=True)


def heat_map_cells(counts: Mapping[Cell, int]) -> list[dict]:
    """The 25 cells, highest likelihood first (the top row), impact left to right."""
    cells = []
    for row, likelihood in enumerate(reversed(SCALE)):
        for column, impact in enumerate(SCALE):
            level = risk_level(risk_score(likelihood, impact))
            cells.append(
                {
                    "likelihood": likelihood,
                    "impact": impact,
                    "count": int(counts.get((likelihood, impact), 0)),
                    "level": level,
                    "x": MARGIN_LEFT + column * CELL,
                    "y": MARGIN_TOP + row * CELL,
                }
            )
    return cells


def _cell_svg(cell: dict, label: str, href: str) -> str:
    count = cell["count"]
    noun = "risk" if count == 1 else "risks"
    title = (
        f"{label}: likelihood {cell['likelihood']}, impact {cell['impact']} "
        f"({cell['level']}): {count} {noun}"
    )
    x, y = cell["x"], cell["y"]
    weight = "bold" if count else "normal"
    return (
        # Named by its <title> (SVG-AAM), which holds the visible count and the level.
        f'<a href="{_a(href)}">'
        f"<title>{escape(title)}</title>"
        f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{LEVEL_FILL[cell["level"]]}" '
        f'stroke="#ffffff" stroke-width="2"/>'
        f'<text x="{x + CELL // 2}" y="{y + CELL // 2 + 6}" text-anchor="middle" {FONT} '
        f'font-size="18" font-weight="{weight}" fill="{TEXT}">{count}</text>'
        f'<text x="{x + CELL // 2}" y="{y + CELL - 6}" text-anchor="middle" {FONT} '
        # The level is in the cell's name already; read once, not twice.
        f'font-size="9" fill="{TEXT}" aria-hidden="true">{escape(cell["level"])}</text></a>'
    )


def heat_map_svg(counts: Mapping[Cell, int], *, label: str, href: HrefFor) -> str:
    """A 5x5 likelihood x impact heat map; `counts` maps (likelihood, impact) to a number of
    risks, `href(likelihood, impact)` is the link each cell opens."""
    width = MARGIN_LEFT + 5 * CELL + 8
    height = MARGIN_TOP + 5 * CELL + MARGIN_BOTTOM
    cells = heat_map_cells(counts)
    total = sum(cell["count"] for cell in cells)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="group" aria-label="{_a(label)}" '
        'class="heat-map">',
        f"<title>{escape(label)}: {total} risk{'s' if total != 1 else ''}</title>",
    ]
    parts += [_cell_svg(cell, label, href(cell["likelihood"], cell["impact"])) for cell in cells]
    for row, likelihood in enumerate(reversed(SCALE)):
        y = MARGIN_TOP + row * CELL + CELL // 2 + 5
        parts.append(
            f'<text x="{MARGIN_LEFT - 8}" y="{y}" text-anchor="end" {FONT} font-size="13" '
            f'fill="{TEXT}">{likelihood}</text>'
        )
    base = MARGIN_TOP + 5 * CELL
    for column, impact in enumerate(SCALE):
        x = MARGIN_LEFT + column * CELL + CELL // 2
        parts.append(
            f'<text x="{x}" y="{base + 18}" text-anchor="middle" {FONT} font-size="13" '
            f'fill="{TEXT}">{impact}</text>'
        )
    parts.append(
        f'<text x="{MARGIN_LEFT + 5 * CELL // 2}" y="{base + 42}" text-anchor="middle" {FONT} '
        f'font-size="13" fill="{TEXT}">Impact →</text>'
        f'<text x="16" y="{MARGIN_TOP + 5 * CELL // 2}" text-anchor="middle" {FONT} '
        f'font-size="13" fill="{TEXT}" transform="rotate(-90 16 {MARGIN_TOP + 5 * CELL // 2})">'
        "Likelihood →</text></svg>"
    )
    return "".join(parts)


def trend_svg(points: Sequence[tuple[str, int]], *, label: str) -> str:
    """A bar per month (label, count), each with its count written above it."""
    bar, gap, top, bottom, height = 38, 16, 24, 28, 180
    width = len(points) * (bar + gap) + gap
    highest = max((count for _, count in points), default=0) or 1
    plot = height - top - bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{_a(label)}" class="trend">',
        f"<title>{escape(label)}</title>",
    ]
    for index, (month, count) in enumerate(points):
        x = gap + index * (bar + gap)
        bar_height = round(plot * count / highest)
        y = top + plot - bar_height
        title = f"{month}: {count} open high or critical risk{'s' if count != 1 else ''}"
        parts.append(
            f"<g><title>{escape(title)}</title>"
            f'<rect x="{x}" y="{y}" width="{bar}" height="{bar_height}" fill="#c0504d"/>'
            f'<text x="{x + bar // 2}" y="{y - 6}" text-anchor="middle" {FONT} font-size="12" '
            f'fill="{TEXT}">{count}</text>'
            f'<text x="{x + bar // 2}" y="{height - 10}" text-anchor="middle" {FONT} '
            f'font-size="10" fill="{TEXT}">{escape(month)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
