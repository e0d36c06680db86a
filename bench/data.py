"""The bench's data generator: many classified systems, in bulk, deterministic.

Bulk inserts bypass the services (and so the audit trail) on purpose: this is
a throw-away database for timing reads, never the portal's own.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from django.db import connection, transaction

from core.choices import Role
from core.models import RoleAssignment, Team, User
from registry import choices as c
from registry.models import AISystem, Classification, ControlDefinition, SystemControl
from registry.rules import classify
from registry.selectors.classification import scheme_in_force
from registry.vocabulary import DIMENSION_VALUES

TEAMS = 20
BATCH = 2_000
USES = (
    "resume screening",
    "churn prediction",
    "fraud scoring",
    "ticket triage",
    "document summarising",
    "demand forecasting",
    "content moderation",
    "route planning",
)


def admin_user() -> User:
    user, _ = User.objects.get_or_create(
        email="bench-admin@example.com", defaults={"is_staff": True, "is_superuser": True}
    )
    RoleAssignment.objects.get_or_create(user=user, role=Role.ADMIN, team=None)
    return user


def _teams() -> list[Team]:
    for n in range(TEAMS):
        Team.objects.get_or_create(name=f"Bench team {n:02d}", slug=f"bench-team-{n:02d}")
    return list(Team.objects.filter(slug__startswith="bench-team-").order_by("slug"))


def _inputs(rng: random.Random) -> dict[str, str]:
    return {dim: rng.choice(values) for dim, values in DIMENSION_VALUES.items()}


def _system(n: int, rng: random.Random, teams: list[Team], scheme) -> tuple[AISystem, dict | None]:
    use = rng.choice(USES)
    inputs = _inputs(rng) if rng.random() < 0.9 else None  # a tenth left unclassified
    result = classify(inputs, scheme.as_rules()) if inputs else None
    system = AISystem(
        system_id=f"SYS-{n:05d}",
        name=f"{use.title()} {n}",
        description=f"Bench system {n} for {use}.",
        owner_team=teams[n % len(teams)],
        deployment_date=date(2024, 1, 1) + timedelta(days=n % 700),
        lifecycle_stage=rng.choice(c.LifecycleStage.values),
        model_version=f"v{n % 7}.{n % 13}",
        intended_uses=use,
        user_population=inputs["user_vulnerability"] if inputs else "",
        decision_type=inputs["decision_impact"] if inputs else "",
        deployment_scale=inputs["deployment_scale"] if inputs else "",
        processes_eu_personal_data=rng.random() < 0.5,
        risk_score=result.score if result else None,
        risk_tier=result.tier if result else "",
        ai_act_category=rng.choice(c.AIActCategory.values),
        reclassification_needed=rng.random() < 0.05,
    )
    return system, inputs


def _controls_for(systems: list[AISystem], rng: random.Random, scheme) -> list[SystemControl]:
    definitions = {d.key: d for d in ControlDefinition.objects.all()}
    by_tier = {
        tier: [definitions[key] for key in keys] for tier, keys in scheme.tier_controls.items()
    }
    statuses = (c.ControlStatus.MISSING, c.ControlStatus.IN_PROGRESS, c.ControlStatus.IMPLEMENTED)
    return [
        SystemControl(system=s, control=d, status=rng.choice(statuses))
        for s in systems
        for d in by_tier.get(s.risk_tier, [])
    ]


@transaction.atomic
def _load_batch(numbers: range, rng, teams, actor) -> None:
    scheme = scheme_in_force()
    built = [_system(n, rng, teams, scheme) for n in numbers]
    systems = AISystem.objects.bulk_create([s for s, _ in built])
    Classification.objects.bulk_create(
        Classification(
            system=s,
            score=s.risk_score,
            tier=s.risk_tier,
            scheme=scheme,
            status="effective",
            classified_by=actor,
            reviewer=actor,
            reviewed_at=s.created_at,
            rationale="Bench data.",
            **inputs,
        )
        for s, inputs in zip(systems, (i for _, i in built), strict=True)
        if inputs
    )
    SystemControl.objects.bulk_create(_controls_for(systems, rng, scheme), batch_size=BATCH * 4)


def load_systems(total: int, *, actor: User) -> float:
    """Add systems until there are `total`; return the seconds it took."""
    start = time.perf_counter()
    teams = _teams()
    have = AISystem.objects.count()
    rng = random.Random(total)
    for first in range(have + 1, total + 1, BATCH):
        _load_batch(range(first, min(first + BATCH, total + 1)), rng, teams, actor)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # plans as a live database would have them
    return time.perf_counter() - start


def _risk(n: int, rng: random.Random, owners: list[User], teams: list[Team]):
    from governance.models import Risk
    from governance.rules.risks import risk_rating

    il, ii = rng.randint(1, 5), rng.randint(1, 5)
    inherent = risk_rating(il, ii)
    rl, ri = rng.randint(1, il), rng.randint(1, ii)  # never above the inherent rating
    residual = risk_rating(rl, ri)
    by_team = rng.random() < 0.5
    return Risk(
        risk_id=f"RISK-{n:05d}",
        title=f"Bench risk {n}",
        description=f"Bench risk {n}.",
        category=rng.choice(["safety", "fairness", "privacy", "reliability", "security"]),
        inherent_likelihood=il,
        inherent_impact=ii,
        inherent_score=inherent.score,
        inherent_level=inherent.level,
        residual_likelihood=rl,
        residual_impact=ri,
        residual_score=residual.score,
        residual_level=residual.level,
        owner_user=None if by_team else rng.choice(owners),
        owner_team=rng.choice(teams) if by_team else None,
        next_review=date(2026, 1, 1) + timedelta(days=n % 400),
        mitigation_due=date(2026, 6, 1) + timedelta(days=n % 300) if n % 3 else None,
    )


def load_risks(total: int, *, actor: User) -> float:
    """Add risks until there are `total`, each linked to one or two systems (the
    systems must be loaded first); return the seconds it took."""
    from governance.models import Risk

    start = time.perf_counter()
    teams, owners = _teams(), [actor]
    system_ids = list(AISystem.objects.order_by("pk").values_list("pk", flat=True))
    rng = random.Random(total)
    links = Risk.systems.through
    for first in range(Risk.objects.count() + 1, total + 1, BATCH):
        with transaction.atomic():
            risks = Risk.objects.bulk_create(
                [_risk(n, rng, owners, teams) for n in range(first, min(first + BATCH, total + 1))]
            )
            links.objects.bulk_create(
                links(risk_id=r.pk, aisystem_id=s)
                for r in risks
                for s in set(rng.sample(system_ids, rng.randint(1, 2)))
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - start
