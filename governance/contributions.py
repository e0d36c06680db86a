"""What the governance board gives core's contribution points, registered once from
GovernanceConfig.ready() (`contributions_register`):

- the audit trail's words for the actions on risks, review sessions, board decisions
  and audit packs, and a link from each of those objects to its page;
- its navigation entries (the board, the risk register);
- the risks panel on a system's page in the registry;
- the names of a risk's deadlines (review, mitigation) in the deadline lists;
- the `risk_register` evidence kind for the frameworks' requirements (core.evidence_kinds).
"""

from __future__ import annotations

import re

from django.urls import reverse

from core.audit_display import register_action_labels, register_object_link
from core.navigation import NavEntry, register_nav_entry, register_page_link
from core.panels import Panel, register_panel

# A risk's audit name starts with its risk ID, which never changes.
LEADING_RISK_ID = re.compile(r"^(RISK-\d{3,6})(?:\s|$)")

RISK_ACTIONS = {
    "risk.created": "Added a risk to the register",
    "risk.updated": "Changed a risk",
    "risk.closed": "Closed a risk",
    "risk.imported": "Imported risks from CSV",
}
BOARD_ACTIONS = {
    "review_session.opened": "Opened a review session",
    "review_session.attendees_set": "Recorded a review session's attendees",
    "review_session.closed": "Closed a review session",
    "risk_decision.recorded": "Recorded a board decision on a risk",
    "risk.reviewed": "Reviewed a risk (board decision)",
}
PACK_ACTIONS = {
    "pack.requested": "Requested an audit pack",
    "pack.exported": "Exported an audit pack",
    "pack.failed": "An audit pack's export failed",
    "pack.retried": "Retried an audit pack's export",
    "pack.downloaded": "Downloaded an audit pack",
    "pack.deleted": "Deleted an audit pack after its retention time",
    "pack.verified": "Verified an audit pack",
}


def risk_page(_object_id: str, object_repr: str) -> str | None:
    match = LEADING_RISK_ID.match(object_repr or "")
    return reverse("governance:risk_detail", args=[match.group(1)]) if match else None


def session_page(object_id: str, _object_repr: str) -> str | None:
    return reverse("governance:session_detail", args=[object_id]) if object_id.isdigit() else None


def pack_page(object_id: str, _object_repr: str) -> str | None:
    return reverse("governance:pack_detail", args=[int(object_id)]) if object_id.isdigit() else None


def contributions_register() -> None:
    """Called once by GovernanceConfig.ready()."""
    from core.deadline_list import deadline_kind_register
    from governance.services.risk_deadlines import MITIGATION_KIND, REVIEW_KIND

    register_action_labels({**RISK_ACTIONS, **BOARD_ACTIONS, **PACK_ACTIONS})
    # "Risk review" in the deadline lists and their Kind filter, not "governance.risk_review".
    deadline_kind_register(REVIEW_KIND, "Risk review")
    deadline_kind_register(MITIGATION_KIND, "Risk mitigation")
    register_object_link("governance.risk", risk_page)
    register_object_link("governance.reviewsession", session_page)
    register_object_link("governance.auditpack", pack_page)
    for label, url_name, action, position in (
        ("Board", "governance:board", "governance.board.view", 60),
        ("Risk register", "governance:risk_list", "governance.risk.view", 61),
        ("Review sessions", "governance:session_list", "governance.session.view", 62),
    ):
        register_nav_entry(NavEntry(label, url_name, action, position=position, group="Governance"))
    register_nav_entry(
        NavEntry(
            "Audit packs",
            "governance:pack_list",
            "governance.pack.view",
            position=81,
            group="Records",
        )
    )
    register_page_link(
        "core.audit_list",
        NavEntry("Audit packs", "governance:pack_list", "governance.pack.view"),
    )
    register_panel(
        Panel(
            slot="registry.system_detail",
            title="Risks",
            url_name="governance:system_risks_panel",
            action="governance.risk.view",
        )
    )
    _evidence_kinds_register()


def _evidence_kinds_register() -> None:
    from core.evidence_kinds import EvidenceKind, register_evidence_kind
    from governance.selectors import evidence_kinds as found

    register_evidence_kind(
        EvidenceKind(
            "risk_register",
            "Risk register entries with a board decision",
            "governance",
            found.risk_register_found,
            found.risk_register_produce_url,
        )
    )
