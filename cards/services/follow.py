"""What follows a model card version's approval elsewhere (issue 18), called from
cards.services.approval.on_version_approved in the approval's transaction:

- the gates: requests in progress that cite an older version of the card cite this one,
  and their standing approvals are voided, the approvers told (cards.services.gates);
- the flag "a new version is needed" is cleared (cards.services.flags);
- the review clock: the superseded version's is met, this version's opened
  (cards.services.review_clock);

and what a change recorded on a system starts: its cards need a new version.
"""

from __future__ import annotations

from cards.services.flags import card_new_version_flag_clear, card_new_version_needed
from cards.services.gates import gate_artifacts_follow
from cards.services.review_clock import card_review_meet, card_review_open


def version_approved_follow(*, actor, version, superseded) -> None:
    gate_artifacts_follow(actor=actor, version=version)
    card_new_version_flag_clear(actor=actor, version=version)
    card_review_meet(actor=actor, superseded=superseded, by_version=version)
    card_review_open(actor=actor, version=version)


def on_system_change(*, actor, system, kind: str, kind_label: str, description: str) -> None:
    """A retraining, fine-tune, retrieval or guardrail change recorded on `system`
    (core.system_changes): its model cards need a new version, and the owners are told."""
    card_new_version_needed(
        actor=actor, system=system, reason=f"{kind_label} recorded: {description}"
    )
