"""The technical documentation of Annex IV (AI Act Art. 11) for a high-risk system we
provide, assembled from the records (DOMAIN.md 7): pure, records in, a document out.

Nine points, each with what the records say, the records it cites (type, id, version or
hash) and its gaps: a required record missing or no longer current, a field of the
approved model card left empty, a metric under its threshold. The document is
regenerated from the records on request and never edited by hand
(compliance.services.annex renders it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from compliance.exchange.annex_records import (
    AnnexRecords,
    CardRecord,
    Source,
    card_source,
    found_source,
    organisation_source,
    system_source,
)


@dataclass(frozen=True)
class Ask:
    """Evidence a point cites: a kind (core.evidence_kinds), its detail, and whether its
    absence is a gap."""

    kind: str
    detail: str = ""
    label: str = ""
    required: bool = True


@dataclass
class Point:
    number: int
    title: str
    basis: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "point": self.number,
            "title": self.title,
            "basis": self.basis,
            "facts": [{"label": label, "value": value} for label, value in self.facts],
            "sources": [asdict(source) for source in self.sources],
            "gaps": list(self.gaps),
        }


@dataclass(frozen=True)
class AnnexIv:
    system_id: str
    system_name: str
    provider: str
    points: tuple[Point, ...]

    @property
    def gap_count(self) -> int:
        return sum(len(point.gaps) for point in self.points)

    def as_dict(self) -> dict:
        """The manifest attached to the PDF: every point's sources and gaps."""
        return {
            "system_id": self.system_id,
            "system_name": self.system_name,
            "provider": self.provider,
            "gaps": self.gap_count,
            "points": [point.as_dict() for point in self.points],
        }


def doc(doc_type: str, label: str, required: bool = True) -> Ask:
    return Ask("document", doc_type, label, required)


# What each point cites. Every (kind, detail) here is what the selector asks the
# evidence kinds for (ASKED), so adding a line here is all a new source needs.
POINT_ASKS: dict[int, tuple[Ask, ...]] = {
    1: (
        Ask("ai_act_screening", "", "EU AI Act screening"),
        Ask("classification", "", "Effective internal risk classification"),
        doc("instructions-for-use", "Instructions for use"),
    ),
    2: (
        Ask("model_card", "technical", "Approved model card: technical section"),
        Ask("datasheet", "", "Approved datasheets of the training and evaluation data"),
        doc("architecture-documentation", "Architecture documentation"),
    ),
    3: (
        Ask("model_card", "considerations", "Approved model card: limitations and risks"),
        doc("human-oversight-procedure", "Human oversight procedure"),
        doc("automatic-logging-description", "Automatic logging description"),
    ),
    4: (Ask("model_card", "performance.metrics", "Approved model card: performance metrics"),),
    5: (
        Ask("risk_register", "", "Risk register entries with a board decision"),
        doc("risk-management-procedure", "AI risk management procedure"),
    ),
    6: (Ask("model_card", "", "Approved model card versions", required=False),),
    7: (doc("quality-management-system", "Quality management system"),),
    8: (doc("eu-declaration-of-conformity", "EU declaration of conformity"),),
    9: (
        doc("monitoring-plan", "Post-market monitoring plan"),
        Ask("incident_log", "", "Incident log", required=False),
        Ask("art73_report", "", "Serious incident reports (Art. 73)", required=False),
        doc("performance-report", "Performance report", required=False),
    ),
}
TITLES = {
    1: ("General description of the AI system", "Annex IV(1)"),
    2: ("Elements of the system and the process of its development", "Annex IV(2)"),
    3: ("Monitoring, functioning and control of the system", "Annex IV(3)"),
    4: ("Appropriateness of the performance metrics", "Annex IV(4)"),
    5: ("The risk management system (Art. 9)", "Annex IV(5)"),
    6: ("Relevant changes made over the system's lifecycle", "Annex IV(6)"),
    7: ("Harmonised standards and other specifications applied", "Annex IV(7)"),
    8: ("The EU declaration of conformity (Art. 47)", "Annex IV(8)"),
    9: ("The post-market monitoring plan (Art. 72)", "Annex IV(9)"),
}
ASKED = {(ask.kind, ask.detail) for asks in POINT_ASKS.values() for ask in asks}


def annex_iv(records: AnnexRecords) -> AnnexIv:
    """The nine points for the system, each with its facts, sources and gaps."""
    points = []
    for number, (title, basis) in TITLES.items():
        point = Point(number, title, basis)
        _cite(point, records, POINT_ASKS[number])
        FACTS[number](point, records)
        points.append(point)
    system = records.system
    provider = records.organisation.legal_name
    return AnnexIv(system.system_id, system.name, provider, tuple(points))


def _cite(point: Point, records: AnnexRecords, asks: tuple[Ask, ...]) -> None:
    """The point's sources from the evidence kinds, and a gap per required one missing."""
    seen = {(s.record_type, s.record_id) for s in point.sources}
    for ask in asks:
        found = records.evidence.get((ask.kind, ask.detail), [])
        current = [item for item in found if item.current]
        for item in current:
            if (item.record_type, item.record_id) not in seen:
                seen.add((item.record_type, item.record_id))
                point.sources.append(found_source(item))
        if current or not ask.required:
            continue
        gap = f"{ask.label}: none current"
        if found:
            gap += f" ({found[0].label}: {found[0].why_not_current})"
        where = records.produce_urls.get(ask.kind, "")
        point.gaps.append(gap + (f"; produced at {where}" if where else ""))


def _add_source(point: Point, source: Source) -> None:
    """Cite a record once per point, however many asks found it."""
    if (source.record_type, source.record_id) not in {
        (s.record_type, s.record_id) for s in point.sources
    }:
        point.sources.append(source)


def _card(records: AnnexRecords) -> CardRecord | None:
    cards = records.approved_cards()
    return cards[0] if cards else None


def _card_fields(point: Point, records: AnnexRecords, section: str, names: dict) -> None:
    """The approved card's fields of one section as facts; an empty one is a gap."""
    card = _card(records)
    if card is None:
        return  # the missing card is already a gap of the point (_cite)
    values = card.content.get(section) or {}
    for name, label in names.items():
        value = values.get(name)
        text = ", ".join(map(str, value)) if isinstance(value, list) else str(value or "")
        if text.strip():
            point.facts.append((label, text.strip()))
        else:
            point.gaps.append(f"{label}: empty on model card of {card.model_name} v{card.number}")
    _add_source(point, card_source(card))


def _general(point: Point, records: AnnexRecords) -> None:
    system = records.system
    point.facts += [
        ("System", f"{system.system_id} {system.name}"),
        ("Provider", records.organisation.legal_name or "(organisation profile lacks it)"),
        ("Description", system.description),
        ("Version running", system.model_version or "not recorded"),
        ("EU AI Act category", system.ai_act_category.replace("_", "-")),
        ("Annex III area", system.annex_area.replace("_", " ") or "none recorded"),
        ("Internal risk tier", f"{system.risk_tier or 'unclassified'} ({system.risk_score})"),
    ]
    if system.intended_uses.strip():
        point.facts.append(("Intended purpose", system.intended_uses.strip()))
    else:
        point.gaps.append("Intended purpose: not recorded on the system")
    point.sources[:0] = [system_source(system), organisation_source()]


def _elements(point: Point, records: AnnexRecords) -> None:
    names = {
        "model_type": "Model type",
        "base_model": "Base model",
        "fine_tuning": "Fine-tuning",
        "training_data_description": "Training data",
        "evaluation_data": "Evaluation data",
    }
    _card_fields(point, records, "technical", names)


def _control(point: Point, records: AnnexRecords) -> None:
    names = {
        "limitations": "Limitations",
        "failure_modes": "Failure modes",
        "identified_biases": "Identified biases",
        "mitigations": "Mitigations",
    }
    _card_fields(point, records, "considerations", names)
    card = _card(records)
    oversight = (card.content.get("governance") or {}).get("oversight_level") if card else ""
    if oversight:
        point.facts.append(("Human oversight level", str(oversight)))


def _metrics(point: Point, records: AnnexRecords) -> None:
    card = _card(records)
    if card is None:
        return
    for metric in (card.content.get("performance") or {}).get("metrics") or []:
        point.facts.append((_metric_name(metric), _metric_text(metric)))
        shortfall = metric_shortfall(metric)
        if shortfall:
            point.gaps.append(shortfall)


def _metric_name(metric: dict) -> str:
    group = metric.get("group") or ""
    return f"{metric.get('name', '?')}" + (f" ({group})" if group else " (overall)")


def _metric_text(metric: dict) -> str:
    text = f"{metric.get('value')}{metric.get('unit') or ''}"
    if metric.get("threshold") is not None:
        word = "at most" if metric.get("direction") == "at_most" else "at least"
        text += f", threshold {word} {metric['threshold']}"
    return text


def metric_shortfall(metric: dict) -> str:
    """A metric that misses its threshold, in words ("" when it meets it or has none):
    accuracy 91 against a threshold of 92 is a gap (DOMAIN.md 7)."""
    threshold, value = metric.get("threshold"), metric.get("value")
    if threshold is None or value is None:
        return ""
    at_most = metric.get("direction") == "at_most"
    if (value <= threshold) if at_most else (value >= threshold):
        return ""
    word = "above" if at_most else "below"
    return f"{_metric_name(metric)} {value} is {word} its threshold of {threshold}"


def _risks(point: Point, records: AnnexRecords) -> None:
    found = records.current("risk_register")
    point.facts.append(("Risk register entries with a board decision", str(len(found))))
    if records.classification is not None:
        point.facts.append(("Internal classification", records.classification.label))


def _changes(point: Point, records: AnnexRecords) -> None:
    for card in sorted(records.cards, key=lambda c: (c.model_name, c.number)):
        state = "in force" if card.current else "superseded"
        note = card.changelog.strip() or "no changelog"
        point.facts.append((f"{card.model_name} v{card.number} ({state}, {card.decided_on})", note))
        _add_source(point, card_source(card))
    if not records.cards:
        point.gaps.append("No approved model card version records the system's changes")


def _standards(point: Point, records: AnnexRecords) -> None:
    for row in records.coverage:
        shown = "nothing applies" if row["percentage"] is None else f"{row['percentage']}% met"
        point.facts.append((f"{row['name']} {row['version']}", shown))
        point.sources.append(
            Source("compliance.framework", str(row["id"]), row["name"], row["version"])
        )
    if not records.coverage:
        point.gaps.append("No framework of the library applies to the system")
    point.facts.append(
        ("Harmonised standards", "None cited in the Official Journal is recorded as applied")
    )


def _declaration(point: Point, records: AnnexRecords) -> None:
    if records.system.eu_database_number:
        point.facts.append(("EU database registration", records.system.eu_database_number))


def _monitoring(point: Point, records: AnnexRecords) -> None:
    incidents = records.current("incident_log")
    reports = records.current("art73_report")
    point.facts.append(("Incident log", f"{len(incidents)} record(s) cited"))
    point.facts.append(("Serious incident reports", f"{len(reports)} record(s) cited"))


FACTS = {
    1: _general,
    2: _elements,
    3: _control,
    4: _metrics,
    5: _risks,
    6: _changes,
    7: _standards,
    8: _declaration,
    9: _monitoring,
}
