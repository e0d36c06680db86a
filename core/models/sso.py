"""Single sign-on: the table that turns an identity provider's groups into portal roles,
and the mark on each role single sign-on gave (core.sso)."""

from django.db import models
from django.utils import timezone

from core.choices import TEAM_SCOPED_ROLES, Role

from .people import RoleAssignment, Team


class SsoGroupMapping(models.Model):
    """One group of the identity provider, and a role its members hold in the portal.

    Administrators edit this table in the admin. At every single sign-on the person's
    groups (the claim named by SSO_GROUPS_CLAIM) are looked up here: they are given
    the roles their groups map to and lose the roles single sign-on gave them before
    that no group maps to any more. A group may map to several roles (several rows);
    a product owner's role names the team whose systems they maintain."""

    group = models.CharField(
        max_length=255,
        help_text=(
            "The value exactly as the provider sends it in the groups claim: a name "
            "(governance-dpo), a path (/governance/dpo) or an object ID."
        ),
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Only for a product owner's role: the team whose systems they maintain.",
    )

    class Meta:
        ordering = ["group", "role"]
        verbose_name = "single sign-on group mapping"
        constraints = [
            models.UniqueConstraint(
                fields=["group", "role", "team"],
                name="sso_group_role_once",
                nulls_distinct=False,
            ),
            # As on a role assignment: a product owner's role names its team, no other does.
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=sorted(TEAM_SCOPED_ROLES), team__isnull=False)
                    | (~models.Q(role__in=sorted(TEAM_SCOPED_ROLES)) & models.Q(team__isnull=True))
                ),
                name="sso_team_only_for_team_scoped_roles",
                violation_error_message=(
                    "A product owner's role names a team; no other role does."
                ),
            ),
        ]

    def __str__(self) -> str:
        suffix = f" ({self.team})" if self.team_id else ""
        return f"{self.group} → {self.get_role_display()}{suffix}"


class SsoRoleGrant(models.Model):
    """Marks a role assignment single sign-on made. The next sign-in takes it away again
    when no group maps to it any more; a role an administrator gave by hand has no mark
    and is never touched by single sign-on. Deleted with its assignment."""

    assignment = models.OneToOneField(
        RoleAssignment, on_delete=models.CASCADE, related_name="sso_grant"
    )
    group = models.CharField(max_length=255, help_text="The group that brought the role.")
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "role given by single sign-on"

    def __str__(self) -> str:
        return f"{self.assignment} (from {self.group})"
