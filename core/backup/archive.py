"""Writing a backup archive (`manage.py backup OUT.tar`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import tarfile
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection, transaction

from core.audit import GENESIS_HASH, audit_record
from core.backup import rules
from core.backup.files import HashingReader, backed_up_storages, signing_paths, storage_files
from core.backup.postgres import database_dump
from core.models import AuditEvent
from core.permissions import CONSOLE

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BackupMade:
    """What a finished backup holds."""

    path: Path
    members: int
    files: dict[str, int]  # storage name -> files
    database_bytes: int
    archive_bytes: int
    audit_head: dict
    seconds: float


def backup_make(*, out: Path, with_signing_key: bool, progress: Progress) -> BackupMade:
    """Write the whole portal to one tar at `out`: the database as of one snapshot, every
    file of the backed-up storages, the signing certificate (the key only when asked),
    and a manifest of them all with the audit chain's head in that snapshot. Recorded on
    the audit trail once written. Written beside `out` and renamed at the end: a failed
    backup leaves no half archive under its name."""
    started = time.monotonic()
    out = Path(out)
    cert, key = signing_paths()
    if with_signing_key and not key.exists():
        raise FileNotFoundError(f"The signing key {key} does not exist")
    partial = out.with_name(out.name + ".partial")
    members: list[rules.Member] = []
    with tempfile.TemporaryDirectory() as work, tarfile.open(partial, "w") as tar:
        dump = Path(work) / rules.DATABASE_MEMBER
        head = _dump_in_one_snapshot(dump, progress)
        members.append(_add_path(tar, dump, rules.DATABASE_MEMBER))
        files = {name: _add_storage(tar, name, members, progress) for name in backed_up_storages()}
        signing = [(cert, rules.CERTIFICATE_MEMBER)] + (
            [(key, rules.KEY_MEMBER)] if with_signing_key else []
        )
        members += [_add_path(tar, path, member) for path, member in signing if path.exists()]
        manifest = rules.manifest_bytes(_manifest(members, head))
        _add_bytes(tar, rules.MANIFEST_NAME, manifest)
    partial.replace(out)
    _record(out, manifest, with_signing_key)
    progress(f"Wrote {out} ({out.stat().st_size} bytes, {len(members)} members)")
    return BackupMade(
        path=out,
        members=len(members),
        files=files,
        database_bytes=dump_size(members),
        archive_bytes=out.stat().st_size,
        audit_head=head,
        seconds=time.monotonic() - started,
    )


def dump_size(members: list[rules.Member]) -> int:
    return next(m.size for m in members if m.path == rules.DATABASE_MEMBER)


def _record(out: Path, manifest: bytes, with_signing_key: bool) -> None:
    """The trail names the archive and its manifest's SHA-256: whoever holds an archive
    can tell it is the one made then. Recorded once it is written, so after the head it
    carries (the archive holds the chain up to just before this event)."""
    audit_record(
        actor=CONSOLE,
        action="backup.made",
        object_type="backup",
        object_id=out.name[:64],
        object_repr=out.name,
        changes={
            "archive": out.name,
            "manifest_sha256": hashlib.sha256(manifest).hexdigest(),
            "with_signing_key": with_signing_key,
        },
    )


def _dump_in_one_snapshot(path: Path, progress: Progress) -> dict:
    """pg_dump from a snapshot exported by a repeatable-read transaction that also reads
    the chain's head: an event appended meanwhile is in neither, so the restored head is
    the manifest's."""
    progress("Dumping the database (pg_dump --format=custom)...")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        head = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
        database_dump(path=path, snapshot=snapshot)
    progress(f"Database dumped: {path.stat().st_size} bytes")
    return head or {"seq": 0, "hash": GENESIS_HASH}


def _add_path(tar: tarfile.TarFile, path: Path, member: str) -> rules.Member:
    with path.open("rb") as source:
        return _add_stream(tar, member, source, path.stat().st_size)


def _add_stream(tar: tarfile.TarFile, member: str, source, size: int) -> rules.Member:
    info = tarfile.TarInfo(member)
    info.size, info.mtime, info.mode = size, int(time.time()), 0o600
    reader = HashingReader(source)
    tar.addfile(info, reader)
    return rules.Member(member, reader.size, reader.hexdigest())


def _add_bytes(tar: tarfile.TarFile, member: str, data: bytes) -> None:
    _add_stream(tar, member, io.BytesIO(data), len(data))


def _add_storage(
    tar: tarfile.TarFile, name: str, members: list[rules.Member], progress: Progress
) -> int:
    storage, count = storages[name], 0
    for stored in storage_files(storage):
        with storage.open(stored, "rb") as source:
            member = rules.storage_member(name, stored)
            members.append(_add_stream(tar, member, source, storage.size(stored)))
        count += 1
        if count % 100 == 0:
            progress(f"  {name}: {count} files")
    progress(f"Storage '{name}': {count} files")
    return count


def _manifest(members: list[rules.Member], head: dict) -> dict:
    return rules.manifest_build(
        members=members,
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        portal_version=portal_version(),
        database=str(connection.settings_dict["NAME"]),
        audit_head=head,
        with_signing_key=any(m.path == rules.KEY_MEMBER for m in members),
    )


def portal_version() -> str:
    """pyproject.toml's version where the source tree is deployed; "unknown" elsewhere."""
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as project:
            return str(tomllib.load(project)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"
