"""The score trend of a product's assessments as a small SVG drawn on the server (so the
page and any PDF show the same picture; DESIGN.md 4). Pure: points in, markup out."""

from __future__ import annotations

from datetime import date

from django.utils.html import format_html, format_html_join

WIDTH, HEIGHT, PAD = 320, 120, 24
MAX_POINTS = 20  # a risk score cannot exceed 17; the axis is fixed so charts compare


def score_trend_svg(points: list[tuple[date, int]]) -> str:
    """A line of (day, score) oldest first, with the tier thresholds at 4 and 8 and each
    score written beside its dot (numbers, not colour alone)."""
    if not points:
        return ""
    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)

    def y(score: int) -> str:
        return f"{HEIGHT - PAD - (HEIGHT - 2 * PAD) * min(score, MAX_POINTS) / MAX_POINTS:.1f}"

    coords = [
        (f"{PAD + i * step:.1f}", y(score), day, score) for i, (day, score) in enumerate(points)
    ]
    line = " ".join(f"{x},{yy}" for x, yy, _d, _s in coords)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3"><title>{}: {} points</title></circle>'
        '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
        ((x, yy, d.isoformat(), s, x, f"{float(yy) - 6:.1f}", s) for x, yy, d, s in coords),
    )
    thresholds = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="currentColor" '
        'stroke-dasharray="3 3" opacity="0.4"/><text x="2" y="{}" font-size="9">{}</text>',
        (
            (PAD, WIDTH - PAD, y(t), y(t), f"{float(y(t)) + 3:.1f}", label)
            for t, label in ((8, "high"), (4, "med"))
        ),
    )
    label = f"Risk score of {len(points)} assessments, from {points[0][1]} to {points[-1][1]}"
    return format_html(
        '<svg class="score-trend" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" '
        'height="{}">{}<polyline points="{}" fill="none" stroke="currentColor" '
        'stroke-width="2"/>{}</svg>',
        label,
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        thresholds,
        line,
        dots,
    )
