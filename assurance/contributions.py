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
    _red_team_register()


def _red_team_register() -> None:
    """Red-team exercises, results and the loop: audit words, the quarterly red-team
    deadline's kind."""
    from assurance.services.exercises import ACTION_LABELS as EXERCISE_LABELS
    from assurance.services.red_team_clock import RED_TEAM_KIND, RED_TEAM_KIND_LABEL
    from assurance.services.results import ACTION_LABELS as RESULT_LABELS
    from core.audit_display import register_action_labels
    from core.deadline_list import deadline_kind_register

    register_action_labels(EXERCISE_LABELS | RESULT_LABELS)
    deadline_kind_register(RED_TEAM_KIND, RED_TEAM_KIND_LABEL)
