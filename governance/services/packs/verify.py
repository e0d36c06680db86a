"""Verifying a pack someone holds (issue 10, section 2): `manage.py verify_pack FILE` and
the upload page /packs/verify/ both call `pack_verify`.

Three checks, each naming what no longer matches:
- the signature: made by this portal's signing certificate, and covering the whole
  file as it is (one changed or appended byte fails it);
- the evidence: every file the manifest lists is still stored, and its stored bytes,
  hashed again now, still have the SHA-256 the pack recorded;
- the audit checkpoint: the chain head the pack recorded is a checkpoint this portal
  stored, the event at that sequence number still has that hash, and the chain up to
  it still verifies, walked from the latest verified checkpoint at or below it (the
  pack's own, once its build verified it): a rewritten and rehashed chain is caught
  by the hash; an event changed before that checkpoint only by the full walk,
  `manage.py audit_verify`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import transaction

from core.audit import audit_checkpoint_check, audit_record
from core.evidence.selectors import evidence_open
from core.models import EvidenceFile
from core.permissions import require
from core.signing import pdf_signature_check
from governance.models import AuditPack
from governance.services.packs.manifest import MANIFEST_FORMAT, MANIFEST_NAME, manifest_from_pdf

SIGNATURE, EVIDENCE, CHECKPOINT = "Signature", "Evidence files", "Audit checkpoint"
NO_MANIFEST = (
    f"The file has no readable {MANIFEST_NAME} attached: it is not an audit pack of this "
    "portal, or it is damaged"
)
HASH_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class PackCheck:
    """One check: its name, what it established (`detail`), and what no longer matches."""

    name: str
    findings: list[str] = field(default_factory=list)
    detail: str = ""

    @property
    def ok(self) -> bool:
        return not self.findings


@dataclass(frozen=True)
class PackVerification:
    checks: list[PackCheck]
    manifest: dict | None = None

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def findings(self) -> list[str]:
        return [finding for check in self.checks for finding in check.findings]

    @property
    def pack_id(self) -> str:
        return str((self.manifest or {}).get("pack_id", ""))[:40]


def pack_verify(*, data: bytes) -> PackVerification:
    """Check a pack's bytes; never raises for a damaged or foreign file (a finding)."""
    manifest = manifest_from_pdf(data)
    if manifest is not None and manifest.get("format") != MANIFEST_FORMAT:
        manifest = None
    checks = [_signature(data)]
    if manifest is None:
        unchecked = f"Not checked: the file has no readable {MANIFEST_NAME}"
        checks += [PackCheck(EVIDENCE, [NO_MANIFEST]), PackCheck(CHECKPOINT, [unchecked])]
    else:
        checks += [_evidence(manifest.get("evidence")), _checkpoint(manifest.get("audit_head"))]
    return PackVerification(checks=checks, manifest=manifest)


def _signature(data: bytes) -> PackCheck:
    result = pdf_signature_check(data)
    when = f" on {result.signed_at:%Y-%m-%d %H:%M %Z}" if result.signed_at else ""
    detail = f"Signed by {result.signer}{when}" if result.signer else ""
    return PackCheck(SIGNATURE, [] if result.ok else [result.problem], detail)


def _evidence(entries) -> PackCheck:
    if not isinstance(entries, list) or not all(_well_formed(entry) for entry in entries):
        return PackCheck(EVIDENCE, [f"The {MANIFEST_NAME} evidence list is malformed"])
    stored = EvidenceFile.objects.in_bulk([entry["id"] for entry in entries])
    findings = []
    for entry in entries:
        findings += _evidence_findings(entry, stored.get(entry["id"]))
    count = f"{len(entries)} evidence file{'' if len(entries) == 1 else 's'}"
    return PackCheck(EVIDENCE, findings, f"{count} listed in the manifest")


def _well_formed(entry) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("id"), int)
        and isinstance(entry.get("sha256"), str)
    )


def _evidence_findings(entry: dict, evidence: EvidenceFile | None) -> list[str]:
    if evidence is None:
        return [f"Evidence file #{entry['id']} is no longer stored"]
    label = f"Evidence file '{entry.get('name') or evidence.safe_name}' (#{evidence.pk})"
    try:
        actual = _stored_sha256(evidence)
    except OSError:
        return [f"{label}: its stored bytes are missing"]
    findings = []
    if actual != entry["sha256"]:
        findings.append(
            f"{label}: the stored file's SHA-256 is {actual}, the pack recorded {entry['sha256']}"
        )
    if evidence.sha256 != entry["sha256"] and evidence.sha256 != actual:
        findings.append(f"{label}: the portal's record of its SHA-256 was changed")
    return findings


def _stored_sha256(evidence: EvidenceFile) -> str:
    """The stored bytes hashed now: the row's sha256 column is not taken on trust."""
    digest = hashlib.sha256()
    with evidence_open(evidence=evidence) as stored:
        for chunk in stored.chunks(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _checkpoint(head) -> PackCheck:
    if not (
        isinstance(head, dict)
        and isinstance(head.get("seq"), int)
        and isinstance(head.get("hash"), str)
    ):
        return PackCheck(CHECKPOINT, [f"The {MANIFEST_NAME} audit head is malformed"])
    findings = audit_checkpoint_check(seq=head["seq"], hash=head["hash"])
    return PackCheck(CHECKPOINT, findings, f"Audit chain head #{head['seq']} {head['hash']}")


@transaction.atomic
def pack_verification_record(*, actor, verification: PackVerification, sha256: str) -> None:
    """Record in the audit trail that `actor` verified a pack file, and the result. The
    pack's ID comes from the file's manifest, which may be forged: it is stored as text,
    linked to the pack row only when that pack exists."""
    require(actor, "governance.pack.verify")
    pack_id = verification.pack_id
    pack = None
    if pack_id.startswith("PACK-") and pack_id[5:].isdigit():
        pack = AuditPack.objects.filter(pk=int(pack_id[5:])).first()
    audit_record(
        actor=actor,
        action="pack.verified",
        obj=pack,
        object_type="governance.auditpack",
        object_repr=pack_id or "(not an audit pack)",
        changes={
            "result": "passed" if verification.ok else "failed",
            "file_sha256": sha256,
            "failed_checks": [check.name for check in verification.checks if not check.ok],
            "findings": [finding[:300] for finding in verification.findings[:20]],
        },
    )
