"""A model card in Markdown: the layout a regulator reads (every section, the metrics
with their thresholds and whether each is met), and the text sections the Hugging Face
README shares (same headings, so one reader maps them back)."""

from __future__ import annotations

from cards.rules.content import AT_MOST, Card, Metric

NOT_STATED = "_Not stated._"
# The paragraphs of a card, by group, each under its own heading: what the Hugging Face
# README carries as Markdown (its front matter carries the rest).
TEXT_SECTIONS = (
    (
        "Uses",
        (
            ("uses.intended_uses", "Intended uses"),
            ("uses.intended_users", "Intended users"),
            ("uses.out_of_scope_uses", "Out-of-scope uses"),
            ("uses.prohibited_uses", "Prohibited uses"),
        ),
    ),
    ("Performance", (("performance.caveats", "Caveats"),)),
    (
        "Technical details",
        (
            ("technical.training_data_description", "Training data"),
            ("technical.evaluation_data", "Evaluation data"),
            ("technical.fine_tuning", "Fine-tuning"),
            ("technical.hyperparameters", "Hyperparameters"),
            ("technical.known_issues", "Known issues"),
        ),
    ),
    (
        "Risks, limitations and mitigations",
        (
            ("considerations.limitations", "Limitations"),
            ("considerations.failure_modes", "Failure modes"),
            ("considerations.identified_biases", "Identified biases"),
            ("considerations.fairness_evaluation", "Fairness evaluation"),
            ("considerations.safety_risks", "Safety risks"),
            ("considerations.red_team_findings", "Red-team findings"),
            ("considerations.mitigations", "Mitigations"),
            ("considerations.accessibility_results", "Accessibility results"),
        ),
    ),
)
TEXT_KEYS = {key for _, entries in TEXT_SECTIONS for key, _ in entries}


def value_of(card: Card, key: str):
    section, name = key.split(".")
    return getattr(getattr(card, section), name)


def text_sections(card: Card, *, empty: str, metrics_table: bool = True) -> list[str]:
    """The grouped paragraphs as Markdown lines; `empty` stands for a field not filled."""
    lines: list[str] = []
    for group, entries in TEXT_SECTIONS:
        lines += [f"## {group}", ""]
        if group == "Performance" and metrics_table:
            lines += metrics_lines(card.performance.metrics) + [""]
        for key, heading in entries:
            lines += [f"### {heading}", "", value_of(card, key) or empty, ""]
    return lines


def metrics_lines(metrics: tuple[Metric, ...]) -> list[str]:
    """The metrics table: each threshold with whether the value meets it."""
    if not metrics:
        return ["No metric is recorded."]
    lines = [
        "| Metric | Group | Value | Confidence interval | Threshold | Met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for metric in metrics:
        interval = (
            f"{metric.ci_low:g} to {metric.ci_high:g}" if metric.ci_low is not None else "not given"
        )
        if metric.threshold is None:
            threshold, met = "none", "no threshold"
        else:
            bound = "at most" if metric.direction == AT_MOST else "at least"
            threshold = f"{bound} {metric.threshold:g}{metric.unit}"
            met = "met" if metric.meets_threshold else "**not met**"
        cells = (
            metric.name,
            metric.group or "overall",
            f"{metric.value:g}{metric.unit}",
            interval,
            threshold,
            met,
        )
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return lines


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _table(rows: list[tuple[str, object]]) -> list[str]:
    lines = ["| | |", "| --- | --- |"]
    for label, value in rows:
        if isinstance(value, tuple):
            value = ", ".join(value)
        shown = NOT_STATED if value in (None, "", ()) else _cell(str(value))
        lines.append(f"| {label} | {shown} |")
    return lines + [""]


def card_to_markdown(
    card: Card, *, system_name: str, model_key: str, version_number: int, status: str = ""
) -> str:
    """The regulator's layout: identity, uses, performance, technical details and data,
    risks, environment, governance; every field shown, "Not stated." where empty."""
    identity, technical, environment, governance = (
        card.identity,
        card.technical,
        card.environment,
        card.governance,
    )
    title = identity.name or model_key
    lines = [
        f"# Model card: {title}",
        "",
        f"System: {system_name}. Model key: {model_key}. Card version {version_number}"
        + (f" ({status})." if status else "."),
        "",
        "## Identity",
        "",
        *_table(
            [
                ("Model ID", identity.model_id),
                ("Name", identity.name),
                ("Version", identity.version),
                ("Release date", identity.release_date),
                ("Previous version", identity.previous_version),
                ("Authors", identity.authors),
                ("Organisation", identity.organisation),
                ("Licence", identity.licence),
            ]
        ),
        *text_sections(card, empty=NOT_STATED),
        "## Model and data",
        "",
        *_table(
            [
                ("Model type", technical.model_type),
                ("Base model", technical.base_model),
                ("Training data size", technical.training_data_size),
                ("Knowledge cut-off", technical.knowledge_cutoff),
                ("Training datasets", technical.training_datasets),
                ("Evaluation datasets", technical.evaluation_datasets),
            ]
        ),
        "## Environmental impact and compute",
        "",
        *_table(
            [
                ("Energy (kWh)", environment.energy_kwh),
                ("CO2 equivalent (kg)", environment.co2e_kg),
                ("Compute", environment.compute),
                ("Hardware", environment.hardware),
            ]
        ),
        "## Governance",
        "",
        *_table(
            [
                ("Risk tier", governance.risk_tier),
                ("Oversight level", governance.oversight_level),
                ("Approvers", governance.approvers),
                ("Approval date", governance.approval_date),
                (
                    "Review schedule",
                    f"every {governance.review_months} months" if governance.review_months else "",
                ),
                ("Incident contact", governance.incident_contact),
                ("Regulations", governance.regulations),
            ]
        ),
    ]
    return "\n".join(lines).rstrip() + "\n"
