"""Fixtures of the audit packs' export tests: two systems of two teams, the last year,
and a pack row as a finished run leaves it (the pack worker is in tests/conftest.py)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories import AISystemFactory


@pytest.fixture
def screener(personas):
    """SYS-001, owned by People Ops (owner@example.com is its product owner)."""
    return AISystemFactory(
        system_id="SYS-001", name="Hiring screener", owner_team=personas.people_ops
    )


@pytest.fixture
def chatbot(personas):
    """SYS-002, owned by Customer Success (owner2@example.com)."""
    return AISystemFactory(
        system_id="SYS-002", name="Billing chatbot", owner_team=personas.customer_success
    )


@pytest.fixture
def last_year() -> tuple[date, date]:
    today = timezone.localdate()
    return today - timedelta(days=365), today


@pytest.fixture
def make_pack(last_year):
    """A pack row as a run leaves it (no render): make_pack(requester, status, systems)."""
    from django.core.files.base import ContentFile

    from governance.models import AuditPack
    from governance.services.packs import pack_storage

    def make(requester, status="done", systems=(), scope="system", **fields):
        now = timezone.now()
        pack = AuditPack.objects.create(
            scope=scope, date_from=last_year[0], date_to=last_year[1], requested_by=requester,
            requested_at=now, status=status, progress=100 if status == "done" else 40,
            stage="Done" if status == "done" else "Laying out the pages", **fields,
        )  # fmt: skip
        pack.systems.set(systems)
        if status == "done" and "storage_name" not in fields:
            data = b"%PDF-1.7 stand-in " + str(pack.pk).encode()
            name = pack_storage().save(f"{pack.pack_id}.pdf", ContentFile(data))
            AuditPack.objects.filter(pk=pack.pk).update(
                storage_name=name, size=len(data), pages=1, sha256="a" * 64, finished_at=now,
                expires_at=now + timedelta(days=90),
            )  # fmt: skip
            pack.refresh_from_db()
        return pack

    return make
