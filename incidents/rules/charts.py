"""Incident metrics as SVG strings, drawn on the server (like governance.rules.charts): no
script, no external font, every bar carrying its number as text and a <title>."""

from __future__ import annotations

from html import escape

from incidents.rules.metrics import Compliance, Duration, hours_label, months_of

TEXT = "#1a1a1a"
FONT = 'font-family="sans-serif"'
SEVERITY_FILL = {"critical": "#b3261e", "high": "#d9730d", "medium": "#c98a00", "low": "#4f7fb8"}


def _a(value) -> str:
    return escape(str(value), quote=True)


def duration_svg(durations: list[Duration], *, label: str) -> str:
    """One horizontal bar per severity: the median time to the step."""
    row, left, right, top = 30, 86, 120, 8
    width, height = 520, top + row * len(durations) + 8
    longest = max((d.median_minutes or 0 for d in durations), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{_a(label)}">',
        f"<title>{escape(label)}</title>",
    ]
    for index, d in enumerate(durations):
        y = top + index * row
        span = round((width - left - right) * (d.median_minutes or 0) / longest)
        value = f"{hours_label(d.median_minutes)} (n={d.incidents})"
        parts.append(
            f"<g><title>{escape(f'{d.severity}: median {value}')}</title>"
            f'<text x="{left - 8}" y="{y + 18}" text-anchor="end" {FONT} font-size="13" '
            f'fill="{TEXT}">{escape(d.severity)}</text>'
            f'<rect x="{left}" y="{y + 4}" width="{span}" height="20" '
            f'fill="{SEVERITY_FILL[d.severity]}"/>'
            f'<text x="{left + span + 6}" y="{y + 18}" {FONT} font-size="12" '
            f'fill="{TEXT}">{escape(value)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def compliance_svg(compliance: list[Compliance], *, severity: str, label: str) -> str:
    """One bar per month: the share of the severity's SLA clocks met on time."""
    months = months_of(compliance)
    by_month = {c.month: c for c in compliance if c.severity == severity}
    bar, gap, top, bottom, height = 40, 14, 22, 28, 170
    width = max(len(months), 1) * (bar + gap) + gap
    plot = height - top - bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{_a(label)}">',
        f"<title>{escape(label)}</title>",
    ]
    for index, month in enumerate(months):
        x = gap + index * (bar + gap)
        cell = by_month.get(month)
        percent = cell.percent if cell else None
        shown = "–" if percent is None else f"{percent}%"
        bar_height = round(plot * (percent or 0) / 100)
        detail = f"{cell.on_time} of {cell.decided} on time" if cell else "no clocks"
        parts.append(
            f"<g><title>{escape(f'{month}: {shown} ({detail})')}</title>"
            f'<rect x="{x}" y="{top + plot - bar_height}" width="{bar}" height="{bar_height}" '
            f'fill="{SEVERITY_FILL[severity]}"/>'
            f'<text x="{x + bar // 2}" y="{top + plot - bar_height - 6}" text-anchor="middle" '
            f'{FONT} font-size="12" fill="{TEXT}">{shown}</text>'
            f'<text x="{x + bar // 2}" y="{height - 10}" text-anchor="middle" {FONT} '
            f'font-size="10" fill="{TEXT}">{escape(month)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
