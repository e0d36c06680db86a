"""Gate artifact sources: how a higher app answers a gate's artifact with a record of its
own (DESIGN.md section 1: "a gate in registry asks for 'model card (final)', which
cards answers through a registered artifact source"; the registry imports nothing of
the app that answers).

An app registers a source in its AppConfig.ready(): the record type it writes in a gate
artifact's `record_type`, the gate artifact keys it answers ("model-card-final"), the
records of a system an owner may pick (a fixed number of queries), and how to resolve
one picked record into the label and SHA-256 the artifact keeps. The registry's artifact
service links such a record as it links its own (a classification, a control); when the
source's record is superseded (a newer approved model card version), the higher app
calls the registry's service that replaces it on the requests that cite it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ArtifactRecord:
    """A record as a gate artifact keeps it: its id, a label for people, and the SHA-256
    the approvals bind to (for a model card version, the hash of its canonical JSON)."""

    record_id: int
    label: str
    sha256: str


@dataclass(frozen=True)
class ArtifactSource:
    record_type: str  # at most 30 characters, unique ("model_card_version")
    label: str  # "Model card version"
    requirements: frozenset[str]  # the gate artifact keys it answers
    # The records of a system (an AISystem) an owner may link, newest first.
    linkable: Callable[[object], list[ArtifactRecord]]
    # The record `record_id` of the system, or None when it is not one it may link.
    resolve: Callable[[object, int], ArtifactRecord | None]
    # Why a record cannot be linked when `resolve` gives None (shown to the owner).
    refusal: str = "Link a record of this system."


_sources: dict[str, ArtifactSource] = {}


def register_artifact_source(source: ArtifactSource) -> None:
    """Add (or, under the same record type, replace) a source."""
    if len(source.record_type) > 30:
        raise ValueError(f"record type '{source.record_type}' is longer than 30 characters")
    _sources[source.record_type] = source


def artifact_sources() -> list[ArtifactSource]:
    """Every registered source, by record type."""
    return [_sources[key] for key in sorted(_sources)]


def artifact_source(record_type: str) -> ArtifactSource | None:
    return _sources.get(record_type)


def artifact_sources_for(requirement: str) -> list[ArtifactSource]:
    """The sources that answer one gate artifact key."""
    return [source for source in artifact_sources() if requirement in source.requirements]
