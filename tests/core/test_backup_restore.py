"""Backup and restore end to end on the embedded PostgreSQL (issue 21, section 3).

The demo with a pack made from it is backed up; the archive is restored by a separate
`manage.py restore` process into a fresh database on the same server and a fresh
storage folder, as an operator would on a new machine. The restored portal must hold
the same systems and the same chain head, every evidence file must verify, and the pack
made before the backup must still verify there. A damaged archive and a non-empty target
are refused, each naming what is wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tarfile
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from core.models import AuditEvent, EvidenceFile, User
from governance.models import AuditPack
from governance.services.packs.export import pack_request, pack_run
from governance.services.packs.storage import pack_storage
from registry.models import AISystem
from tests.factories import evidence_file

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


class _Sink:
    def write(self, text):
        pass

    def flush(self):
        pass


def _url_of(database: str) -> str:
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path="/" + database))


@pytest.fixture
def fresh_database():
    """An empty database on the test server, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def target(folder: Path, database: str) -> dict[str, str]:
    """A portal's environment whose database and files are somewhere else: a new var/."""
    return {
        "DATABASE_URL": _url_of(database),
        "EVIDENCE_ROOT": str(folder / "evidence"),
        "PACK_ROOT": str(folder / "packs"),
        "PACK_SIGNING_CERT": str(folder / "signing" / "pack-signing.crt"),
        "PACK_SIGNING_KEY": str(folder / "signing" / "pack-signing.key"),
    }


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=os.environ | env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def query(database: str, sql: str) -> list[tuple]:
    settings = connection.settings_dict
    host = settings["HOST"] or settings.get("OPTIONS", {}).get("host")
    with psycopg.connect(host=host, user=settings["USER"], dbname=database) as conn:
        return conn.execute(sql).fetchall()


def backup(path: Path) -> dict:
    call_command("backup", str(path), stdout=_Sink(), stderr=_Sink())
    with tarfile.open(path) as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def made_pack() -> AuditPack:
    """A system pack of the hiring screener, asked by the demo's auditor and built here."""
    screener = AISystem.objects.get(name="Hiring resume screener")
    auditor = User.objects.get(email="auditor@example.com")
    pack = pack_request(
        actor=auditor,
        scope="system",
        systems=[screener],
        date_from=date(2025, 1, 1),
        date_to=date.today(),
    )
    pack_run(pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == "done", pack.error
    return pack


def damaged_copy(archive: Path, member: str, out: Path) -> Path:
    """The archive with one byte of `member`'s content changed in place."""
    with tarfile.open(archive) as tar:
        offset = tar.getmember(member).offset_data
    data = bytearray(archive.read_bytes())
    data[offset] ^= 0x01
    out.write_bytes(bytes(data))
    return out


def test_the_demo_restored_elsewhere_is_the_same_portal(
    shipped_libraries, fresh_database, tmp_path
):
    call_command("load_demo", stdout=_Sink())
    pack = made_pack()
    manifest = backup(tmp_path / "demo.tar")
    evidence_member = next(m["path"] for m in manifest["members"] if m["path"].startswith("ev"))
    elsewhere = target(tmp_path / "var", fresh_database)

    damaged = damaged_copy(tmp_path / "demo.tar", evidence_member, tmp_path / "damaged.tar")
    refused = manage("restore", str(damaged), env=elsewhere)
    assert refused.returncode == 1
    assert f"{evidence_member}: its SHA-256 is" in refused.stderr
    assert query(fresh_database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")[
        0
    ] == (0,)  # refused before anything was touched
    assert not (tmp_path / "var" / "evidence").exists()

    restored = manage("restore", str(tmp_path / "demo.tar"), env=elsewhere)
    assert restored.returncode == 0, restored.stderr
    evidence = EvidenceFile.objects.count()
    assert f"{evidence}/{evidence} files verified" in restored.stdout
    assert "1 restored" in restored.stdout and "Restore verified." in restored.stdout

    systems = list(AISystem.objects.order_by("system_id").values_list("system_id", "name"))
    assert query(fresh_database, "SELECT system_id, name FROM registry_aisystem ORDER BY 1") == (
        systems
    )
    head = query(fresh_database, "SELECT seq, hash FROM core_auditevent ORDER BY seq DESC LIMIT 1")
    assert head == [(manifest["audit_head"]["seq"], manifest["audit_head"]["hash"])]
    made = AuditEvent.objects.order_by("-seq").first()  # after the head the archive holds
    assert (made.action, made.seq, made.prev_hash) == ("backup.made", head[0][0] + 1, head[0][1])

    stored = query(fresh_database, "SELECT storage_name, sha256 FROM core_evidencefile")
    assert len(stored) == evidence
    for name, sha256 in stored:
        data = (tmp_path / "var" / "evidence" / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha256

    pdf = tmp_path / "var" / "packs" / pack.storage_name
    assert pdf.read_bytes() == pack_storage().open(pack.storage_name).read()
    verified = manage("verify_pack", str(pdf), env=elsewhere)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "Audit checkpoint: OK" in verified.stdout and "The pack verifies" in verified.stdout


def test_a_restore_over_a_portal_that_holds_data_is_refused_naming_what_it_holds(
    personas, tmp_path, evidence_storage_of_this_test
):
    evidence_file(personas.owner, "report.pdf", b"%PDF-1.4 a report")
    backup(tmp_path / "small.tar")
    here = target(tmp_path / "var", connection.settings_dict["NAME"])
    here["EVIDENCE_ROOT"] = str(evidence_storage_of_this_test)
    other_cert = Path(here["PACK_SIGNING_CERT"])
    other_cert.parent.mkdir(parents=True)
    other_cert.write_text("-----BEGIN CERTIFICATE-----\nanother portal's\n")
    events = AuditEvent.objects.count()

    refused = manage("restore", str(tmp_path / "small.tar"), env=here)

    assert refused.returncode == 1
    assert "The database is not empty: table core_auditevent has rows" in refused.stderr
    assert "The evidence storage is not empty: it holds sha256/" in refused.stderr
    assert f"{other_cert} is another signing certificate than the backup's" in refused.stderr
    assert AuditEvent.objects.count() == events
