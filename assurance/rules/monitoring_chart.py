"""A monitored metric's values over time as an SVG line with its threshold (DOMAIN.md
11), drawn on the server like the portal's other charts (governance.rules.charts: same
font and text colour, no script) so the page and a PDF pack show the same picture. The
values past the threshold are marked with a cross as well as colour. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from html import escape

from assurance.rules.monitoring import is_past
from governance.rules.charts import FONT, TEXT

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 14, 30
LINE, BAD, LIMIT = "#1f5fa8", "#a8321f", "#555555"


def _scale(lo: float, hi: float, size: float, flip: bool):
    span = (hi - lo) or 1.0

    def at(value: float) -> float:
        share = (value - lo) / span
        return round((1 - share) * size if flip else share * size, 1)

    return at


def metric_chart_svg(
    points: Sequence[tuple[datetime, float]],
    *,
    threshold: float,
    direction: str,
    label: str,
    zone: tzinfo = UTC,
) -> str:
    """The chart of `points` (time, value), oldest first; '' without points. Times are
    written in `zone` (the reader's), with its abbreviation."""
    if not points:
        return ""
    ys = [v for _, v in points] + [threshold]
    pad = (max(ys) - min(ys)) * 0.1 or abs(threshold) * 0.1 or 1.0
    lo, hi = min(ys) - pad, max(ys) + pad
    t0, t1 = points[0][0].timestamp(), points[-1][0].timestamp()
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    x, y = _scale(t0, t1 if t1 > t0 else t0 + 1, plot_w, False), _scale(lo, hi, plot_h, True)
    path = " ".join(f"{LEFT + x(t.timestamp())},{TOP + y(v)}" for t, v in points)
    limit_y = TOP + y(threshold)
    marks = "".join(
        _cross(LEFT + x(t.timestamp()), TOP + y(v), _when(t, zone), v)
        for t, v in points
        if is_past(value=v, threshold=threshold, direction=direction)
    )
    title = escape(f"{label}: {len(points)} values; threshold {threshold:g}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{title}" {FONT} font-size="11" fill="{TEXT}" '
        f'class="metric-chart"><title>{title}</title>'
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{hi:.3g}</text>'
        f'<text x="{LEFT - 6}" y="{HEIGHT - BOTTOM}" text-anchor="end">{lo:.3g}</text>'
        f'<line x1="{LEFT}" y1="{limit_y}" x2="{WIDTH - RIGHT}" y2="{limit_y}" '
        f'stroke="{LIMIT}" stroke-dasharray="6 3"/>'
        f'<text x="{WIDTH - RIGHT}" y="{limit_y - 4}" text-anchor="end">'
        f"threshold {threshold:g}</text>"
        f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="1.5"/>{marks}'
        f'<text x="{LEFT}" y="{HEIGHT - 8}">{_when(points[0][0], zone)}</text>'
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 8}" text-anchor="end">'
        f"{_when(points[-1][0], zone)}</text></svg>"
    )


def _when(at: datetime, zone: tzinfo) -> str:
    return f"{at.astimezone(zone):%Y-%m-%d %H:%M %Z}"


def _cross(cx: float, cy: float, at: str, value: float) -> str:
    return (
        f'<path d="M{cx - 3},{cy - 3}L{cx + 3},{cy + 3}M{cx - 3},{cy + 3}L{cx + 3},{cy - 3}" '
        f'stroke="{BAD}" stroke-width="1.5"><title>{value:g} at {at}, '
        f"past the threshold</title></path>"
    )
