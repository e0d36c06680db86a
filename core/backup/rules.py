"""What a backup archive holds and how it is judged, without the database or the disk.

An archive is one tar: `database.dump` (pg_dump, custom format), the files of each
backed-up storage under `<storage name>/`, the signing certificate (and the private key
only when asked) under `signing/`, and `manifest.json`, which lists every other member
with its size and SHA-256 and records the audit chain's head at the dump's snapshot.
A restore believes nothing in the archive that the manifest does not vouch for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

FORMAT = "aigov-backup/1"
MANIFEST_NAME = "manifest.json"
DATABASE_MEMBER = "database.dump"
SIGNING_FOLDER = "signing"
CERTIFICATE_MEMBER = f"{SIGNING_FOLDER}/pack-signing.crt"
KEY_MEMBER = f"{SIGNING_FOLDER}/pack-signing.key"
# The storages (settings.STORAGES names) whose every file goes into the archive.
FILE_STORAGES = ("evidence", "packs")
NOT_A_FILE = -1  # the size a restore gives a member that is a link, a folder or a device


@dataclass(frozen=True)
class Member:
    """One archived file as the manifest records it."""

    path: str
    size: int
    sha256: str


def storage_member(storage: str, name: str) -> str:
    """The archive path of the file stored as `name` in storage `storage`."""
    return f"{storage}/{name}"


def member_storage(path: str) -> tuple[str, str] | None:
    """(storage, stored name) for a storage file's archive path; None for any other."""
    storage, _, name = path.partition("/")
    return (storage, name) if storage in FILE_STORAGES and name else None


def unsafe_path(path: str) -> bool:
    """A member name that could write outside the place it is restored to."""
    parts = path.split("/")  # not PurePosixPath: it would quietly drop "a//" and "a/"
    return "\\" in path or ".." in parts or "" in parts


def manifest_build(
    *,
    members: Iterable[Member],
    created_at: str,
    portal_version: str,
    database: str,
    audit_head: Mapping[str, object],
    with_signing_key: bool,
) -> dict:
    """The manifest's content: what a restore checks every member against."""
    return {
        "format": FORMAT,
        "created_at": created_at,
        "portal_version": portal_version,
        "database": database,
        "audit_head": {"seq": audit_head["seq"], "hash": audit_head["hash"]},
        "with_signing_key": with_signing_key,
        "members": [
            {"path": m.path, "size": m.size, "sha256": m.sha256}
            for m in sorted(members, key=lambda m: m.path)
        ],
    }


def manifest_bytes(manifest: Mapping) -> bytes:
    return json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")


def manifest_problems(manifest: object) -> list[str]:
    """What makes a parsed manifest unusable (before any member is compared)."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return [f"{MANIFEST_NAME} is not a backup manifest of format {FORMAT}"]
    head = manifest.get("audit_head")
    members = manifest.get("members")
    problems = []
    if not (isinstance(head, dict) and isinstance(head.get("seq"), int)):
        problems.append(f"{MANIFEST_NAME} has no audit chain head")
    if not isinstance(members, list) or not all(_well_formed(m) for m in members):
        problems.append(f"{MANIFEST_NAME} has a malformed member list")
    return problems


def _well_formed(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("path"), str)
        and isinstance(entry.get("size"), int)
        and isinstance(entry.get("sha256"), str)
    )


def manifest_members(manifest: Mapping) -> dict[str, Member]:
    return {m["path"]: Member(m["path"], m["size"], m["sha256"]) for m in manifest["members"]}


def archive_findings(expected: Mapping[str, Member], found: Iterable[Member]) -> list[str]:
    """Every way the archive's members differ from the manifest, each naming the file:
    a changed member (size or SHA-256), one the manifest lists that is missing, one it
    does not list, a name that would escape its folder. [] when they agree exactly."""
    findings, seen = [], set()
    for member in found:
        seen.add(member.path)
        listed = expected.get(member.path)
        if unsafe_path(member.path):
            findings.append(f"{member.path}: refused, the name leads outside its folder")
        elif member.size == NOT_A_FILE:  # a link or a device would restore as something else
            findings.append(f"{member.path}: refused, not a regular file")
        elif listed is None:
            findings.append(f"{member.path}: in the archive but not in the manifest")
        elif member.sha256 != listed.sha256 or member.size != listed.size:
            findings.append(
                f"{member.path}: its SHA-256 is {member.sha256} ({member.size} bytes), "
                f"the manifest recorded {listed.sha256} ({listed.size} bytes)"
            )
    for path in sorted(set(expected) - seen):
        findings.append(f"{path}: in the manifest but missing from the archive")
    if DATABASE_MEMBER not in expected:
        findings.append(f"{DATABASE_MEMBER}: the manifest lists no database dump")
    return findings


@dataclass(frozen=True)
class RestoreResult:
    """What a restore established once the data were back."""

    events_verified: int
    chain_problem: str
    head: tuple[int, str]
    manifest_head: tuple[int, str]
    evidence_verified: int
    evidence_total: int
    evidence_problems: tuple[str, ...]
    packs: int
    files_problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return (
            not self.chain_problem
            and self.head == self.manifest_head
            and self.evidence_verified == self.evidence_total
            and not self.evidence_problems
            and not self.files_problems
        )


def result_rows(result: RestoreResult) -> list[tuple[str, str, str]]:
    """The result table: (check, what was found, OK or FAILED)."""

    def mark(ok: bool) -> str:
        return "OK" if ok else "FAILED"

    seq, digest = result.head
    want_seq, want_digest = result.manifest_head
    chain = f"{result.events_verified} events verified"
    if result.chain_problem:
        chain += f"; {result.chain_problem}"
    head = f"#{seq} {digest[:16]}… (manifest: #{want_seq} {want_digest[:16]}…)"
    files = f"{result.evidence_verified}/{result.evidence_total} files verified"
    return [
        ("Audit chain", chain, mark(not result.chain_problem)),
        ("Chain head", head, mark(result.head == result.manifest_head)),
        ("Evidence files", files, mark(result.evidence_verified == result.evidence_total)),
        ("Packs", f"{result.packs} restored", mark(not result.files_problems)),
    ]


def result_table(result: RestoreResult) -> str:
    rows = [("Check", "Found", "Result"), *result_rows(result)]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    problems = [*result.evidence_problems, *result.files_problems]
    verdict = "Restore verified." if result.ok else "Restore NOT verified."
    return "\n".join([*lines, *(f"  - {p}" for p in problems), verdict])


def client_connection(database: Mapping) -> tuple[list[str], dict[str, str]]:
    """pg_dump / pg_restore arguments and environment for a Django DATABASES entry. HOST
    may be a socket folder (the embedded server). The password goes in PGPASSWORD, never
    on the command line, where every user of the machine could read it."""
    args = ["--dbname", str(database["NAME"])]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            args += [flag, str(database[key])]
    env = {"PGPASSWORD": str(database["PASSWORD"])} if database.get("PASSWORD") else {}
    options = database.get("OPTIONS") or {}
    # libpq parameters given in the URL's query (?host=<socket folder>&sslmode=...).
    for option, variable in LIBPQ_ENVIRONMENT.items():
        if options.get(option):
            env[variable] = str(options[option])
    return args, env


LIBPQ_ENVIRONMENT = {
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}
