"""The words of assurance: red-team methods and stacks, result sources, the monitored
metrics' directions and the incidents a breach proposes (DOMAIN.md 9, 11, 12)."""

from django.db import models


class Method(models.TextChoices):
    AUTOMATED = "automated", "Automated (a scanner or harness)"
    HUMAN = "human", "Human red team"
    BUG_BOUNTY = "bug_bounty", "Bug bounty"


class StackPart(models.TextChoices):
    """What of the production stack an exercise tested (DOMAIN.md 9: the full stack, not
    the base model alone)."""

    BASE_MODEL = "base_model", "Base model"
    RETRIEVAL = "retrieval", "Retrieval"
    GUARDRAILS = "guardrails", "Guardrails"
    TOOL_POLICIES = "tool_policies", "Tool policies"
    HUMAN_ESCALATION = "human_escalation", "Human escalation"


class ExerciseStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"


class ResultSource(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    GARAK = "garak", "garak report.jsonl"
    PROMPTFOO = "promptfoo", "promptfoo results.json"
    INSPECT = "inspect", "Inspect eval log"
    PYRIT = "pyrit", "PyRIT scored results"


class Direction(models.TextChoices):
    """Which side of its threshold a metric's value must stay on."""

    AT_LEAST = "at_least", "At least the threshold (e.g. accuracy)"
    AT_MOST = "at_most", "At most the threshold (e.g. error rate, disparity)"


class BreachKind(models.TextChoices):
    """The incident a breach proposes."""

    PERFORMANCE_REGRESSION = "performance_regression", "Performance regression"
    BIAS_HARM = "bias_harm", "Bias harm"


class EpisodeStatus(models.TextChoices):
    OPEN = "open", "Open: values still past the threshold"
    ENDED = "ended", "Ended: values back within the threshold"
