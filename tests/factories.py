"""factory_boy factories and the persona set used across the suite."""

from dataclasses import dataclass

import factory

from core.choices import Role
from core.models import RoleAssignment, Team, User
from registry.models import AISystem

PASSWORD = "test-password-123"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.LazyAttribute(lambda t: t.name.lower().replace(" ", "-"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)


class AISystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AISystem

    system_id = factory.Sequence(lambda n: f"SYS-{n + 100:03d}")
    name = factory.Sequence(lambda n: f"System {n}")
    description = "A system under test."
    owner_team = factory.SubFactory(TeamFactory)


def user_with_roles(email: str, *roles: str, team: Team | None = None) -> User:
    user = UserFactory(email=email)
    for role in roles:
        RoleAssignment.objects.create(
            user=user, role=role, team=team if role == Role.PRODUCT_OWNER else None
        )
    return user


@dataclass
class PersonaSet:
    people_ops: Team
    customer_success: Team
    admin: User
    board: User
    owner: User
    owner2: User
    dpo: User
    auditor: User
    ciso: User
    legal: User
    engmanager: User
    security: User
    safety: User
    responder: User
    outsider: User  # logged in, but holds no role


def make_personas() -> PersonaSet:
    people_ops = TeamFactory(name="People Ops", slug="people-ops")
    customer_success = TeamFactory(name="Customer Success", slug="customer-success")
    return PersonaSet(
        people_ops=people_ops,
        customer_success=customer_success,
        admin=user_with_roles("admin@example.com", Role.ADMIN),
        board=user_with_roles("board@example.com", Role.BOARD),
        owner=user_with_roles("owner@example.com", Role.PRODUCT_OWNER, team=people_ops),
        owner2=user_with_roles("owner2@example.com", Role.PRODUCT_OWNER, team=customer_success),
        dpo=user_with_roles("dpo@example.com", Role.DPO),
        auditor=user_with_roles("auditor@example.com", Role.AUDITOR),
        ciso=user_with_roles("ciso@example.com", Role.CISO),
        legal=user_with_roles("legal@example.com", Role.LEGAL),
        engmanager=user_with_roles("engmanager@example.com", Role.ENG_MANAGER),
        security=user_with_roles("security@example.com", Role.SECURITY_LEAD),
        safety=user_with_roles("safety@example.com", Role.AI_SAFETY),
        responder=user_with_roles("responder@example.com", Role.RESPONDER),
        outsider=UserFactory(email="outsider@example.com"),
    )
