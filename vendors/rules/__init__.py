"""Pure computations of vendors (no ORM, no I/O, no clock reads): the risk score of
DOMAIN.md 8 (scoring.py), the score trend chart's geometry (charts.py), the log filter
that keeps questionnaire tokens out of the logs (log_redaction.py)."""
