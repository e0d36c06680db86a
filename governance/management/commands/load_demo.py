"""`manage.py load_demo`: the demo teams, logins and 14 AI systems, idempotently.

Everything is written through the services, so the demo has a real audit trail:
systems registered by the administrator, classified by the AI safety lead,
screened for the EU AI Act by Legal, two product owners' proposals left
waiting in the reviewers' queue, and three gate histories (governance/services/demo/gates.py).
Each classification opens the system's review deadline; two are moved (one overdue,
one due within 14 days). A second run finds every team, user (by e-mail) and system
(by system ID) and changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core.choices import Role
from core.clocks.services import deadline_move
from core.demo_steps import demo_steps_run
from core.models import Team, User
from core.permissions import CONSOLE, require
from core.selectors import organisation_profile_get
from core.services import organisation_profile_update, role_grant, team_create, user_create
from core.writes import row_update
from governance.models import Risk
from governance.services.demo import portfolio as demo
from governance.services.demo.cards import ensure_model_cards
from governance.services.demo.gates import ensure_gate_histories
from governance.services.demo.incidents import ensure_incidents
from governance.services.demo.packs import ensure_audit_pack
from governance.services.demo.vendors import VENDORS, ensure_vendors
from governance.services.risks import risk_create
from registry import rules
from registry.models import AISystem, SystemControl
from registry.selectors.reviews import system_review_deadline
from registry.services import (
    ai_act_screening_record,
    control_update,
    system_classify,
    system_create,
    system_update,
)
from registry.services.control_evidence import control_evidence_attach
from registry.services.vendor_links import system_vendor_product_link

ADMIN_EMAIL = demo.USERS[0][0]
CLASSIFICATION_FIELDS = {  # system field <- classification dimension
    "decision_type": "decision_impact",
    "user_population": "user_vulnerability",
    "deployment_scale": "deployment_scale",
}


class Command(BaseCommand):
    help = "Load the demo portfolio: teams, demo logins and 14 AI systems (idempotent)."

    def handle(self, *args, **options):
        emails = [user[0] for user in demo.USERS]
        portfolio = demo.systems()
        with transaction.atomic():
            known_users = User.objects.filter(email__in=emails).count()
            admin = ensure_admin()
            ensure_organisation_profile(admin)
            teams = ensure_teams(admin)
            ensure_users(admin, teams)
            new_users = User.objects.filter(email__in=emails).count() - known_users
            vendors = ensure_vendors()
            new_systems = [
                spec["fields"]["system_id"]
                for spec in portfolio
                if ensure_system(spec, admin=admin, teams=teams, vendors=vendors)
            ]
            register = demo.risks()
            new_risks = ensure_risks(register, teams=teams)
            new_histories = ensure_gate_histories()
            new_cards = ensure_model_cards()
            new_incidents = ensure_incidents()
            new_pack = ensure_audit_pack()
            contributed = demo_steps_run()
        self.stdout.write(
            f"Demo portfolio: {len(portfolio)} AI systems ({len(new_systems)} new), "
            f"{len(register)} risks ({new_risks} new), "
            f"3 gate histories ({new_histories} new), "
            f"model cards of 3 systems ({new_cards} new), "
            f"{len(demo.incidents())} incidents ({new_incidents} new), "
            f"{len(VENDORS)} assessed vendors, "
            f"{'an audit pack requested for the export worker, ' if new_pack else ''}"
            f"{len(demo.USERS)} demo logins ({new_users} new)."
        )
        for line in contributed:
            self.stdout.write(line)
        self.stdout.write(logins_table())


def logins_table() -> str:
    """The demo logins as a plain-text table, for the console."""
    width = max(len(email) for email, *_ in demo.USERS) + 2
    lines = [f"\nDemo logins (password for all: {demo.DEMO_PASSWORD})"]
    lines.append(f"  {'e-mail':<{width}}{'role':<26}try")
    for email, _name, role, team, hint in demo.USERS:
        label = str(Role(role).label) + (f" ({team})" if team else "")
        if len(label) > 25:
            label = str(Role(role).label)
        lines.append(f"  {email:<{width}}{label:<26}{hint}")
    return "\n".join(lines) + "\n"


def ensure_admin() -> User:
    """The administrator exists first, so that every later write has an actor."""
    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    if admin is not None:
        return admin
    _, full_name, role, _, _ = demo.USERS[0]
    admin = user_create(
        actor=CONSOLE, email=ADMIN_EMAIL, password=demo.DEMO_PASSWORD, full_name=full_name
    )
    require(CONSOLE, "core.user.superuser_grant")
    row_update(
        actor=CONSOLE,
        obj=admin,
        values={"is_staff": True, "is_superuser": True},
        action="user.superuser_granted",
        audit_extra={"by": "load_demo"},
    )
    role_grant(actor=admin, user=admin, role=role)
    return admin


def ensure_organisation_profile(admin: User) -> None:
    """The demo organisation's profile, filled in only where an item is still empty (an
    administrator's own entries are kept on a second run)."""
    profile = organisation_profile_get()
    empty = {name: value for name, value in demo.ORGANISATION.items() if not getattr(profile, name)}
    if empty:
        organisation_profile_update(actor=admin, **empty)


def ensure_teams(admin: User) -> dict[str, Team]:
    existing = {team.name: team for team in Team.objects.filter(name__in=demo.TEAMS)}
    for name, description in demo.TEAMS.items():
        if name not in existing:
            existing[name] = team_create(actor=admin, name=name, description=description)
    return existing


def ensure_users(admin: User, teams: dict[str, Team]) -> None:
    """Create the demo users that are missing, with their roles."""
    emails = [user[0] for user in demo.USERS]
    known = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    for email, full_name, role, team, _hint in demo.USERS:
        if email in known:
            continue
        user = user_create(
            actor=admin, email=email, password=demo.DEMO_PASSWORD, full_name=full_name
        )
        role_grant(actor=admin, user=user, role=role, team=teams[team] if team else None)


def ensure_system(spec: dict, *, admin: User, teams: dict, vendors: dict) -> bool:
    """Register, classify, screen and progress one demo system; False if it exists."""
    fields = dict(spec["fields"])
    if AISystem.objects.filter(system_id=fields["system_id"]).exists():
        return False
    fields["owner_team"] = teams[fields["owner_team"]]
    vendor = fields.pop("vendor", None)
    classification = spec.get("classification")
    if classification:
        for field, dimension in CLASSIFICATION_FIELDS.items():
            fields.setdefault(field, classification[0][dimension])
    system = system_create(actor=admin, data=fields)
    if vendor:
        system_vendor_product_link(actor=admin, system=system, product=vendors[vendor])
    if classification:
        inputs, rationale = classification
        classifier = User.objects.get(email=demo.CLASSIFIED_BY)
        system_classify(actor=classifier, system=system, inputs=inputs, rationale=rationale)
    if spec.get("screening"):
        legal = User.objects.get(email=demo.SCREENED_BY)
        ai_act_screening_record(actor=legal, system=system, **spec["screening"])
    if "review_due_in_days" in spec:
        _review_due_in(system, spec["review_due_in_days"], admin)
    _progress_controls(system, spec.get("controls", {}), admin)
    if spec.get("later"):
        system_update(actor=admin, system=system, data=spec["later"])
    if spec.get("proposal"):
        # Made last, so no later edit makes it stale: it waits for a reviewer.
        email, inputs, rationale = spec["proposal"]
        proposer = User.objects.get(email=email)
        system_classify(actor=proposer, system=system, inputs=inputs, rationale=rationale)
    return True


def _review_due_in(system: AISystem, days: int, admin: User) -> None:
    """Move the review its classification opened, so the demo has one overdue."""
    deadline = system_review_deadline(system)
    if deadline is not None:
        deadline_move(actor=admin, deadline=deadline, due_at=timezone.now() + timedelta(days=days))


def _progress_controls(system: AISystem, progress: dict, admin: User) -> None:
    """Each control set by the product owner's stand-in (the administrator); an approval
    control, or one the RACI gives to a role (privacy impact assessment, security
    assessment, bias evaluation), by a demo login holding that role."""
    controls = {
        c.control.key: c
        for c in system.controls.filter(retired_at__isnull=True).select_related("control")
    }
    for key, (status, text) in progress.items():
        not_applicable = status == demo.NOT_APPLICABLE
        roles = rules.control_setter_roles(key)
        setter = _demo_user_with(roles[0]) if roles else admin
        if status == "implemented" and not rules.control_approver_role(key):
            _attach_demo_evidence(controls[key], text, setter)  # every tier needs a file
        control_update(
            actor=setter,
            control=controls[key],
            status=status,
            justification=text if not_applicable else "",
            evidence_links="" if not_applicable else text,
        )


def _attach_demo_evidence(control: SystemControl, text: str, admin: User) -> None:
    """A short Markdown note standing in for the real document, as evidence."""
    note = f"# {control.control.name}\n\nDemo evidence for {control.system.system_id}: {text}\n"
    upload = SimpleUploadedFile(f"{control.control.key}.md", note.encode())
    control_evidence_attach(actor=admin, control=control, upload=upload)


def _demo_user_with(role: str) -> User:
    email = next(email for email, _name, held, _team, _hint in demo.USERS if held == role)
    return User.objects.get(email=email)


def ensure_risks(register: list[dict], *, teams: dict[str, Team]) -> int:
    """Record the demo register as the board member, once: a risk whose title is in the
    register already is left alone. Returns how many were added."""
    known = set(Risk.objects.values_list("title", flat=True))
    board = User.objects.get(email=demo.RISKS_BY)
    added = 0
    for spec in register:
        if spec["title"] not in known:
            risk_create(actor=board, data=_risk_data(spec, teams))
            added += 1
    return added


def _risk_data(spec: dict, teams: dict[str, Team]) -> dict:
    today = timezone.localdate()
    systems = list(AISystem.objects.filter(system_id__in=spec["systems"]))
    data = {
        "title": spec["title"],
        "category": spec["category"],
        "description": spec["description"],
        "affected_stakeholders": spec.get("affected_stakeholders", ""),
        "inherent_likelihood": spec["inherent"][0],
        "inherent_impact": spec["inherent"][1],
        "residual_likelihood": spec["residual"][0],
        "residual_impact": spec["residual"][1],
        "mitigation_plan": spec.get("mitigation_plan", ""),
        "regulatory_reference": spec.get("regulatory_reference", ""),
        "systems": systems,
        "existing_controls": [_control(ref) for ref in spec.get("controls", [])],
    }
    for name in ("mitigation_due", "last_reviewed", "next_review"):
        if name in spec:
            data[name] = today + timedelta(days=spec[name])
    owner = spec["owner"]
    if "@" in owner:
        data["owner_user"] = User.objects.get(email=owner)
    else:
        data["owner_team"] = teams[owner]
    return data


def _control(reference: str) -> SystemControl:
    system_id, key = reference.split(":")
    return SystemControl.objects.get(
        system__system_id=system_id, control__key=key, retired_at__isnull=True
    )
