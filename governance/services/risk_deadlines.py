"""A risk's clocks (next review, mitigation due) follow the risk."""

from __future__ import annotations


def risk_deadlines_sync(*, actor, risk) -> None:
    """placeholder; the risks branch replaces it"""
