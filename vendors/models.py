"""Third-party AI providers. Assessments arrive with the vendor-risk issue."""

from django.db import models


class Vendor(models.Model):
    """A provider whose model or API one of our systems uses."""

    name = models.CharField(max_length=200, unique=True)
    website = models.URLField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
