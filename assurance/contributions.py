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
    _work_register()
    _reports_register()
    _monitoring_register()
    _red_team_register()
    _import_register()
    _navigation_register()
    _logs_register()


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


def _import_register() -> None:
    """A red-team tool's result file imported into an exercise: its audit words."""
    from assurance.services.result_import import ACTION_LABELS as IMPORT_LABELS
    from core.audit_display import register_action_labels

    register_action_labels(IMPORT_LABELS)


def _navigation_register() -> None:
    """The bar's "Assurance" entry, in its Systems menu (the bar keeps to five areas,
    so it joins the menu of what is known about each system rather than standing
    alone); its page has the red-team, monitoring and log-digest tabs."""
    from core.navigation import NavEntry, register_nav_entry

    register_nav_entry(
        NavEntry(
            "Assurance", "assurance:exercise_list", "assurance.view", position=17, group="Systems"
        )
    )


def _monitoring_register() -> None:
    """Post-market monitoring: audit words, the silence clock's kind and who else it
    tells, the monitoring_plan evidence kind, the production gate's "Monitoring and
    alerting setup" artifact, the panel on the system page and the audit pack's monitoring
    section."""
    from assurance.selectors import monitoring as found
    from assurance.selectors.monitoring_report import monitoring_pack_section
    from assurance.services.silence import SILENCE_KIND, silence_recipients
    from core.audit_display import register_action_labels
    from core.clocks.recipients import deadline_recipients_register
    from core.deadline_list import deadline_kind_register
    from core.evidence_kinds import EvidenceKind, register_evidence_kind
    from core.gate_artifact_sources import ArtifactSource, register_artifact_source
    from core.pack_sections import PackSection, register_pack_section
    from core.panels import Panel, register_panel

    register_action_labels(MONITORING_LABELS)
    deadline_kind_register(SILENCE_KIND, "Monitoring values due (silence)")
    deadline_recipients_register(SILENCE_KIND, silence_recipients)
    register_evidence_kind(
        EvidenceKind(
            "monitoring_plan",
            "Post-market monitoring plan",
            "assurance",
            found.monitoring_plans_found,
            found.monitoring_plan_produce_url,
            help_text="The system's monitoring plan: its metrics, thresholds, interval "
            "and who is told (DOMAIN.md 11).",
        )
    )
    register_artifact_source(
        ArtifactSource(
            record_type="monitoring_plan",
            label="Monitoring plan",
            requirements=frozenset({"monitoring-and-alerting-setup"}),
            linkable=found.plan_artifacts_linkable,
            resolve=found.plan_artifact,
            refusal="Link this system's own monitoring plan.",
        )
    )
    register_panel(
        Panel(
            slot="registry.system_detail",
            title="Post-market monitoring",
            url_name="assurance:system_monitoring_panel",
            action="assurance.view",
        )
    )
    register_pack_section(
        PackSection(
            key="monitoring",
            title="Post-market monitoring",
            owner="assurance",
            system_template="assurance/pack/monitoring_system.html",
            portfolio_template="assurance/pack/monitoring_portfolio.html",
            build=monitoring_pack_section,
        )
    )


MONITORING_LABELS = {
    "monitoring_plan.created": "Wrote a system's monitoring plan",
    "monitoring_plan.updated": "Changed a system's monitoring plan",
    "plan_metric.added": "Added a metric to a monitoring plan",
    "plan_metric.changed": "Changed a monitoring plan's metric or threshold",
    "plan_metric.removed": "Took a metric off a monitoring plan",
    "breach_episode.opened": "A monitored metric went past its threshold (breach opened)",
    "breach_episode.ended": "A monitored metric came back within its threshold",
    "breach_episode.incident_opened": "Opened the incident a breach proposed",
    "breach_episode.dismissed": "Dismissed a breach without an incident",
}


def _reports_register() -> None:
    """What red-team results become for other readers: the report's download in the
    audit trail, the red_team_report evidence kind, the gate's "Red team report"
    artifact source, the trend panel on the system page, the findings panel on a
    review session's agenda and the audit packs' red-team section."""
    from assurance.selectors import evidence_kinds as found
    from assurance.selectors.artifacts import gate_source_register
    from assurance.selectors.trend import red_team_pack_section
    from assurance.services.exercise_report import ACTION_LABELS as REPORT_LABELS
    from core.audit_display import register_action_labels
    from core.evidence_kinds import EvidenceKind, register_evidence_kind
    from core.pack_sections import PackSection, register_pack_section
    from core.panels import Panel, register_panel

    register_action_labels(REPORT_LABELS)
    gate_source_register()
    register_evidence_kind(
        EvidenceKind(
            found.KEY,
            "Red-team report (the latest completed exercise)",
            "assurance",
            found.red_team_reports_found,
            found.red_team_produce_url,
            help_text="A completed red-team exercise of the system with its results; "
            "its report is the PDF.",
        )
    )
    register_panel(
        Panel(
            slot="registry.system_detail",
            title="Red teaming",
            url_name="assurance:system_red_team_panel",
            action="assurance.view",
        )
    )
    register_pack_section(
        PackSection(
            key="red_team",
            title="Red teaming",
            owner="assurance",
            system_template="assurance/pack/red_team_system.html",
            portfolio_template="assurance/pack/red_team_portfolio.html",
            build=red_team_pack_section,
        )
    )
    register_panel(
        Panel(
            slot="governance.session_detail",
            title="Red-team findings on this agenda",
            url_name="assurance:session_red_team_panel",
            action="assurance.view",
        )
    )


def _logs_register() -> None:
    """Log digests and monitoring tokens: audit words, the digest clock's kind, the
    token panel on the registry's system page, the demo step."""
    from assurance.services.demo import demo_assurance
    from assurance.services.log_digests import ACTION_LABELS as LOG_LABELS
    from assurance.services.log_digests import LOG_DIGEST_KIND
    from assurance.services.tokens import ACTION_LABELS as TOKEN_LABELS
    from core.audit_display import register_action_labels
    from core.deadline_list import deadline_kind_register
    from core.demo_steps import register_demo_step
    from core.panels import Panel, register_panel

    register_action_labels(LOG_LABELS | TOKEN_LABELS)
    deadline_kind_register(LOG_DIGEST_KIND, "Daily log digest")
    register_panel(
        Panel(
            slot="registry.system_detail",
            title="Monitoring token",
            url_name="assurance:token_panel",
            action="assurance.view",
        )
    )
    register_demo_step("assurance", demo_assurance)


def _work_register() -> None:
    """Breaches whose proposed incident waits for a decision, in "Waiting for me"."""
    from assurance.selectors.work import breaches_to_decide_for
    from core.choices import Role
    from core.work import WorkSource, register_work_source

    register_work_source(
        WorkSource(
            key="assurance.breaches_to_decide",
            heading="Monitoring breaches to decide",
            roles=frozenset({Role.PRODUCT_OWNER, Role.AI_SAFETY, Role.RESPONDER}),
            items=breaches_to_decide_for,
            position=60,
        )
    )
