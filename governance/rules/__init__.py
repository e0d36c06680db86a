"""The governance board's pure rules (DESIGN.md 2): no ORM, no I/O, no clock reads.

risks     the risk register's scores, levels, ratings and review cadence
packs     an audit pack's export: date range, names, clock states, failure words
charts    the board's heat maps and trend as SVG, data in, SVG out
trend     open high and critical risks by month, from dated changes
"""
