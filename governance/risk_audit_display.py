"""What the audit trail shows for the risk register's events: actions in words, and a
link from a risk to its page (its name starts with its risk ID, which never changes)."""

from __future__ import annotations

import re

from django.urls import reverse

from core.audit_display import register_action_labels, register_object_link

LEADING_RISK_ID = re.compile(r"^(RISK-\d{3,6})(?:\s|$)")


def risk_page(_object_id: str, object_repr: str) -> str | None:
    match = LEADING_RISK_ID.match(object_repr or "")
    return reverse("governance:risk_detail", args=[match.group(1)]) if match else None


def register() -> None:
    register_object_link("governance.risk", risk_page)
    register_action_labels(
        {
            "risk.created": "Added a risk to the register",
            "risk.updated": "Changed a risk",
            "risk.closed": "Closed a risk",
            "risk.imported": "Imported risks from CSV",
        }
    )
