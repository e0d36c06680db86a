"""What the audit trail shows for audit packs' events: actions in words, and a link from
a pack to its page."""

from __future__ import annotations

from django.urls import reverse

from core.audit_display import register_action_labels, register_object_link


def pack_page(object_id: str, _object_repr: str) -> str | None:
    return reverse("governance:pack_detail", args=[int(object_id)]) if object_id.isdigit() else None


def register() -> None:
    register_object_link("governance.auditpack", pack_page)
    register_action_labels(
        {
            "pack.requested": "Requested an audit pack",
            "pack.exported": "Exported an audit pack",
            "pack.failed": "An audit pack's export failed",
            "pack.retried": "Retried an audit pack's export",
            "pack.downloaded": "Downloaded an audit pack",
            "pack.deleted": "Deleted an audit pack after its retention time",
            "pack.verified": "Verified an audit pack",
        }
    )
