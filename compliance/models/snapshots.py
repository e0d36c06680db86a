"""What the board's matrix reads: each system's requirement statuses as the rule last
computed them (compliance.services.coverage_refresh), never set by hand, and one row
per system, framework and month for the trend."""

from django.db import models
from django.utils import timezone

from compliance import choices as c

from .frameworks import Framework, Requirement


class StatusSnapshot(models.Model):
    """The status of one applicable requirement for one system, as last computed."""

    system = models.ForeignKey(
        "registry.AISystem", on_delete=models.CASCADE, related_name="compliance_statuses"
    )
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="+")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=c.RequirementStatus.choices)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["framework", "system"], name="status_by_framework")]
        constraints = [
            models.UniqueConstraint(fields=["system", "requirement"], name="status_once")
        ]

    def __str__(self) -> str:
        return f"{self.system_id} {self.requirement_id}: {self.status}"


class CoverageMonth(models.Model):
    """A system's coverage of a framework at the last refresh of a month (the trend)."""

    system = models.ForeignKey("registry.AISystem", on_delete=models.CASCADE, related_name="+")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month.")
    applicable = models.PositiveIntegerField()
    met = models.PositiveIntegerField()
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "framework", "month"], name="coverage_month_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.system_id} {self.framework_id} {self.month}: {self.met}/{self.applicable}"
