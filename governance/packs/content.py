"""What a pack shows: the template and its context, the evidence files it references and
the records it includes (for the manifest)."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.audit import ChainReport
from core.models import AuditCheckpoint, EvidenceFile
from governance.models import AuditPack


@dataclass
class PackContent:
    template: str
    context: dict
    evidence: list[EvidenceFile] = field(default_factory=list)
    # [{"type": "registry.aisystem", "id": "SYS-001", "version": "..."}]
    records: list[dict] = field(default_factory=list)


def pack_content(
    *, pack: AuditPack, checkpoint: AuditCheckpoint, chain: ChainReport
) -> PackContent:
    """Stand-in until the pack's content lands: the systems' names only."""
    systems = list(pack.systems.order_by("system_id"))
    context = {"pack": pack, "systems": systems, "checkpoint": checkpoint, "chain": chain}
    return PackContent(template="governance/packs/system.html", context=context)
