"""People: users who log in by e-mail, teams, the roles they hold, and the one way every
record refers to a person (`user_fk`) or to "a person or a team" (`person_or_team`)."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.choices import TEAM_SCOPED_ROLES, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("Users need an e-mail address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        # The address the administrator (or the console) gave is the verified login
        # address; any address the person adds later counts once they confirm it.
        from core.identity import user_address_vouch

        user_address_vouch(user=user)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their e-mail address. Never deleted, only deactivated,
    because the audit trail names them."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    time_zone = models.CharField(max_length=64, default="Europe/Berlin")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)
    # Part of the session auth hash: "Sign out everywhere" (core.sessions) draws a new
    # one, and every session signed in before no longer matches and is ended.
    # db_default: a row written without the column (a migration test, a raw insert) gets "".
    session_token = models.CharField(max_length=32, blank=True, editable=False, db_default="")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    def _get_session_auth_hash(self, secret=None):
        # Django's HMAC of the password, with the session token mixed in once one was
        # drawn: accounts that never signed out everywhere keep their sessions' hash.
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        value = f"{self.password}:{self.session_token}" if self.session_token else self.password
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()


class Team(models.Model):
    """A team that owns AI systems (e.g. People Ops)."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    """One role held by one user; product-owner assignments name the team they cover."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=32, choices=Role.choices)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="role_assignments"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "team"],
                name="role_once_per_team",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=sorted(TEAM_SCOPED_ROLES))
                | models.Q(team__isnull=False),
                name="team_scoped_role_names_team",
            ),
        ]

    def __str__(self) -> str:
        suffix = f" ({self.team})" if self.team_id else ""
        return f"{self.user} – {self.get_role_display()}{suffix}"


def user_fk(**options) -> models.ForeignKey:
    """A record's reference to a person (who did it, who owns it, who was told): PROTECT,
    because people are never deleted, only deactivated, and the record names them; no
    reverse accessor unless `related_name` is given."""
    options.setdefault("related_name", "+")
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, **options)


def person_or_team(what: str, *, related_name: str) -> tuple[models.ForeignKey, models.ForeignKey]:
    """The two optional keys of "a person or a team" answering for a record (a risk's
    owner, a system's incident contact): `<what> (person)` and `<what> (team)`, with one
    `related_name` on both sides. Whether one must be set is the model's own constraint.

        owner_user, owner_team = person_or_team("owner", related_name="owned_risks")
    """
    return (
        user_fk(null=True, blank=True, related_name=related_name, verbose_name=f"{what} (person)"),
        models.ForeignKey(
            Team,
            on_delete=models.PROTECT,
            null=True,
            blank=True,
            related_name=related_name,
            verbose_name=f"{what} (team)",
        ),
    )
