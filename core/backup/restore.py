"""Restoring a backup archive (`manage.py restore IN.tar`) and proving the result.

Three steps, each before the next: the archive is checked against its manifest without
touching anything; the target is checked to be empty (database and storages); then the
data are restored and verified (the full audit chain walk, every evidence file hashed
again against its EvidenceFile.sha256, every restored file against the manifest).
"""

from __future__ import annotations

import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.core.files import File
from django.core.files.storage import storages
from django.db import connection

from core.audit import GENESIS_HASH, audit_verify
from core.backup import rules
from core.backup.files import (
    CHUNK,
    HashingReader,
    backed_up_storages,
    first_stored_file,
    signing_paths,
    stored_sha256,
)
from core.backup.postgres import database_restore
from core.models import AuditEvent, EvidenceFile

Progress = Callable[[str], None]


class RestoreRefused(Exception):
    """The archive or the target is not fit for a restore; `findings` name why."""

    def __init__(self, findings: list[str]):
        super().__init__("; ".join(findings))
        self.findings = findings


def archive_check(path: Path) -> dict:
    """The archive's manifest, once every member was hashed and agrees with it; raises
    RestoreRefused naming each file that differs, is missing or is extra."""
    try:
        with tarfile.open(path, "r:") as tar:
            manifest = _read_manifest(tar)
            found = [_hashed(tar, info) for info in tar if info.name != rules.MANIFEST_NAME]
    except (tarfile.TarError, OSError) as error:
        raise RestoreRefused([f"{path}: not a readable tar archive ({error})"]) from error
    findings = rules.archive_findings(rules.manifest_members(manifest), found)
    if findings:
        raise RestoreRefused(findings)
    return manifest


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        raw = tar.extractfile(rules.MANIFEST_NAME)
        manifest = json.loads(raw.read()) if raw else None
    except KeyError:
        raise RestoreRefused([f"{rules.MANIFEST_NAME}: missing from the archive"]) from None
    except ValueError:
        raise RestoreRefused([f"{rules.MANIFEST_NAME}: not readable JSON"]) from None
    problems = rules.manifest_problems(manifest)
    if problems:
        raise RestoreRefused(problems)
    return manifest


def _hashed(tar: tarfile.TarFile, info: tarfile.TarInfo) -> rules.Member:
    if not info.isfile():
        return rules.Member(info.name, rules.NOT_A_FILE, "")
    reader = HashingReader(tar.extractfile(info))
    while reader.read(CHUNK):
        pass
    return rules.Member(info.name, reader.size, reader.hexdigest())


def target_findings(manifest: dict) -> list[str]:
    """Why the configured database and storages may not receive a restore: a portal
    table holding rows, a storage holding a file, another signing certificate."""
    findings = [f"The database is not empty: table {t} has rows" for t in _tables_with_rows()]
    for name in backed_up_storages():
        stored = first_stored_file(name)
        if stored:
            findings.append(f"The {name} storage is not empty: it holds {stored}")
    cert, _key = signing_paths()
    listed = rules.manifest_members(manifest).get(rules.CERTIFICATE_MEMBER)
    if cert.exists() and listed and _file_sha256(cert) != listed.sha256:
        findings.append(
            f"{cert} is another signing certificate than the backup's: packs signed "
            "before would no longer verify (move it away to restore the backup's)"
        )
    return findings


def _file_sha256(path: Path) -> str:
    with path.open("rb") as source:
        reader = HashingReader(source)
        while reader.read(CHUNK):
            pass
    return reader.hexdigest()


def _portal_tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def _tables_with_rows() -> list[str]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        full = []
        for table in _portal_tables():
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quote(table)})")  # noqa: S608
            if cursor.fetchone()[0]:
                full.append(table)
    return full


def restore_archive(*, path: Path, manifest: dict, progress: Progress) -> rules.RestoreResult:
    """Restore a checked archive into the (checked empty) target, then verify it."""
    members = rules.manifest_members(manifest)
    with tempfile.TemporaryDirectory() as work, tarfile.open(path, "r:") as tar:
        dump = Path(work) / rules.DATABASE_MEMBER
        with tar.extractfile(rules.DATABASE_MEMBER) as source, dump.open("wb") as target:
            reader = HashingReader(source)
            shutil.copyfileobj(reader, target, CHUNK)
        if reader.hexdigest() != members[rules.DATABASE_MEMBER].sha256:
            raise RestoreRefused([f"{rules.DATABASE_MEMBER}: changed since it was checked"])
        progress(f"Restoring the database ({dump.stat().st_size} bytes, pg_restore)...")
        database_restore(path=dump, clean=bool(_portal_tables()))
        connection.close()  # the next query sees the restored schema afresh
        problems = [_store(tar, member) for member in members if rules.member_storage(member)]
        _restore_signing(tar, members)
    progress("Verifying the audit chain (full walk) and every evidence file...")
    return _verified(manifest, members, [p for p in problems if p], progress)


def _store(tar: tarfile.TarFile, member: str) -> str:
    storage_name, name = rules.member_storage(member)
    with tar.extractfile(member) as source:
        saved = storages[storage_name].save(name, File(source, name=name))
    return "" if saved == name else f"{member}: stored as {saved}, not under its own name"


def _restore_signing(tar: tarfile.TarFile, members: dict) -> None:
    cert, key = signing_paths()
    for member, target, mode in (
        (rules.CERTIFICATE_MEMBER, cert, 0o644),
        (rules.KEY_MEMBER, key, 0o600),
    ):
        if member not in members or target.exists():
            continue  # an existing certificate was found identical before
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(descriptor, "wb") as out, tar.extractfile(member) as source:
            shutil.copyfileobj(source, out)


def _verified(
    manifest: dict, members: dict, problems: list[str], progress: Progress
) -> rules.RestoreResult:
    def walked(checked: int) -> None:
        if checked % 100_000 == 0:
            progress(f"  audit chain: {checked} events verified")

    chain = audit_verify(on_progress=walked)  # the full walk: trusts no stored checkpoint
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    evidence_ok, evidence_total, evidence_problems = _evidence_verified()
    files_problems, packs = _files_verified(members)
    listed = manifest["audit_head"]
    return rules.RestoreResult(
        events_verified=chain.checked,
        chain_problem="" if chain.ok else f"#{chain.first_broken_seq}: {chain.problem}",
        head=tuple(head) if head else (0, GENESIS_HASH),
        manifest_head=(listed["seq"], listed["hash"]),
        evidence_verified=evidence_ok,
        evidence_total=evidence_total,
        evidence_problems=tuple(evidence_problems),
        packs=packs,
        files_problems=tuple(problems + files_problems),
    )


def _evidence_verified() -> tuple[int, int, list[str]]:
    storage, verified, total, problems = storages["evidence"], 0, 0, []
    rows = EvidenceFile.objects.order_by("pk").values_list("pk", "storage_name", "sha256")
    for pk, name, sha256 in rows.iterator(chunk_size=2000):
        total += 1
        try:
            actual = stored_sha256(storage, name)
        except OSError:
            problems.append(f"Evidence file #{pk} ({name}): its bytes are missing")
            continue
        if actual == sha256:
            verified += 1
        else:
            problems.append(f"Evidence file #{pk} ({name}): SHA-256 {actual}, recorded {sha256}")
    return verified, total, problems


def _files_verified(members: dict) -> tuple[list[str], int]:
    """Every restored storage file hashed again from where it now lies."""
    problems, packs = [], 0
    for path, member in members.items():
        place = rules.member_storage(path)
        if place is None:
            continue
        storage_name, name = place
        packs += storage_name == "packs"
        if stored_sha256(storages[storage_name], name) != member.sha256:
            problems.append(f"{path}: the restored file differs from the manifest")
    return problems, packs
