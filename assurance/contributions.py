"""What assurance gives core's contribution points: the audit trail's words for its
actions, its evidence kinds (red-team report, monitoring plan), navigation, panels, deadline
kinds, work sources and pack sections (registered from AssuranceConfig.ready).

Each area registers in its own function below; add yours and one call line."""

from __future__ import annotations

ACTION_LABELS = {
    "red_team_thresholds.created": "Set the red-team thresholds (a new version)",
}


def contributions_register() -> None:
    """Called once by AssuranceConfig.ready."""
    from core.audit_display import register_action_labels

    register_action_labels(ACTION_LABELS)
