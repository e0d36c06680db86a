"""The enterprise's incidents with their clocks, and the rest of its deadlines (the
risks' reviews and mitigations), in bulk. See bench/scale_data/__init__.py."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core.models import Deadline, Team, User
from governance.models import Risk
from incidents.models import Incident
from registry.models import AISystem

BATCH = 5_000
OPEN_SHARE = 50  # one incident in 50, the newest, is still being handled
INCIDENT_SPAN = timedelta(days=3 * 365)
TYPES = ("privacy_violation", "bias_harm", "performance_regression", "security_breach")
SEVERITIES = ("critical", "high", "medium", "low")
DEMO_TEAMS = ("People Ops", "Customer Success")


@dataclass(frozen=True)
class People:
    """The demo's logins that own and act on the enterprise's records."""

    admin: User
    board: User
    owner: User
    dpo: User
    responder: User
    ciso: User
    everyone: tuple[User, ...]


def demo_people() -> People:
    by_email = {u.email: u for u in User.objects.filter(email__endswith="@example.com")}

    def one(name: str) -> User:
        return by_email[f"{name}@example.com"]

    return People(
        admin=one("admin"),
        board=one("board"),
        owner=one("owner"),
        dpo=one("dpo"),
        responder=one("responder"),
        ciso=one("ciso"),
        everyone=tuple(sorted(by_email.values(), key=lambda u: u.pk)),
    )


def share_with_demo_teams() -> None:
    """Every tenth bench system to a demo team, so a product owner's lists grow too."""
    teams = list(Team.objects.filter(name__in=DEMO_TEAMS).order_by("name"))
    bench = AISystem.objects.filter(owner_team__slug__startswith="bench-team-")
    ids = list(bench.order_by("pk").values_list("pk", flat=True)[::10])
    for k, team in enumerate(teams):
        AISystem.objects.filter(pk__in=ids[k :: len(teams)]).update(owner_team=team)


def _incident(n: int, count: int, rng: random.Random, systems: list[int], people: People):
    now = timezone.now().replace(microsecond=0)
    discovered = now - INCIDENT_SPAN * (count - n) / count - timedelta(hours=1)
    is_open = n > count - count // OPEN_SHARE
    personal = n % 4 == 0
    return Incident(
        incident_id=f"INC-{n:07d}",
        system_id=systems[n % len(systems)],
        type=TYPES[n % len(TYPES)],
        severity=rng.choice(SEVERITIES),
        status=rng.choice(("reported", "triaged")) if is_open else "closed",
        title=f"Bench incident {n}",
        description=f"Bench incident {n}, found by monitoring.",
        discovered_at=discovered,
        reported_at=discovered + timedelta(minutes=30),
        personal_data_exposed=personal,
        personal_data_aware_at=discovered if personal else None,
        personal_data_aware_by=people.dpo if personal else None,
        reported_by=people.responder,
        lead=people.responder,
        triaged_at=None if is_open else discovered + timedelta(hours=2),
        closed_at=None if is_open else discovered + timedelta(days=9),
    )


def _clocks(incident: Incident, subject: ContentType, people: People) -> list[Deadline]:
    """Triage and containment for every incident, the GDPR 72 hours when personal data
    was affected; met an hour before due, except those not due yet (still running)."""
    kinds = [("triage", 4, people.responder), ("containment", 24, people.responder)]
    if incident.personal_data_exposed:
        kinds.append(("gdpr_72h", 72, people.dpo))
    now = timezone.now()
    made = []
    for kind, hours, owner in kinds:
        due = incident.discovered_at + timedelta(hours=hours)
        running = due > now
        made.append(
            Deadline(
                subject_type=subject,
                subject_id=str(incident.pk),
                label=f"{incident.incident_id} {kind}",
                link=f"/incidents/{incident.incident_id}/",
                kind=f"incidents.{kind}",
                due_at=due,
                owner=owner,
                escalation_roles=["ciso", "dpo"] if kind == "gdpr_72h" else ["ciso"],
                met_at=None if running else due - timedelta(hours=1),
                met_by=None if running else owner,
                created_at=incident.reported_at,
            )
        )
    return made


def load_incidents(count: int, people: People) -> int:
    """`count` incidents over three years with their clocks; returns the clocks made."""
    rng = random.Random(count)
    systems = list(AISystem.objects.order_by("pk").values_list("pk", flat=True))
    subject = ContentType.objects.get_for_model(Incident)
    clocks = 0
    for first in range(1, count + 1, BATCH):
        with transaction.atomic():
            made = Incident.objects.bulk_create(
                _incident(n, count, rng, systems, people)
                for n in range(first, min(first + BATCH, count + 1))
            )
            rows = [d for i in made for d in _clocks(i, subject, people)]
            Deadline.objects.bulk_create(rows)
            clocks += len(rows)
    return clocks


def _risk_deadlines(risk: dict, subject: ContentType, owner: User, kinds: int) -> list[Deadline]:
    today = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    due = today + timedelta(days=risk["pk"] % 400 - 30)  # a month's worth already overdue
    wanted = [
        ("governance.risk_review", "Review", due, timedelta(days=7)),
        ("governance.mitigation", "Mitigation", due + timedelta(days=60), None),
    ]
    return [
        Deadline(
            subject_type=subject,
            subject_id=str(risk["pk"]),
            label=f"{what} of {risk['risk_id']}",
            link=f"/risks/{risk['risk_id']}/",
            kind=kind,
            due_at=due_at,
            owner=owner,
            escalate_after=escalate,
            escalation_role="board",
        )
        for kind, what, due_at, escalate in wanted[:kinds]
    ]


def load_deadlines(wanted: int, people: People) -> None:
    """`wanted` more deadlines on the bench risks: a review date for each, then a
    mitigation date on the first ones until the number is reached, owned in turn by
    the demo's people who own risks (a month's worth of reviews already overdue)."""
    subject = ContentType.objects.get_for_model(Risk)
    risks = list(
        Risk.objects.filter(title__startswith="Bench risk").order_by("pk").values("pk", "risk_id")
    )
    owners = (people.board, people.owner, people.dpo, people.ciso)
    mitigations = max(0, wanted - len(risks))
    rows = [
        d
        for k, r in enumerate(risks[:wanted])
        for d in _risk_deadlines(r, subject, owners[k % len(owners)], 2 if k < mitigations else 1)
    ]
    for first in range(0, len(rows), BATCH):
        Deadline.objects.bulk_create(rows[first : first + BATCH])
