"""Pure rules of the lifecycle's path (DOMAIN.md section 4): its stages in order, the
gates that lead on from each, and the stage a system is registered at. No ORM, no I/O,
no clock. What a gate asks of a request is registry.rules.gates.
"""

from __future__ import annotations

__all__ = [
    "GATES_FROM_STAGE",
    "NEW_SYSTEM_STAGES",
    "RETROACTIVE_REVIEW_DAYS",
    "STAGE_ORDER",
    "gate_slugs_from",
    "next_gate_slug",
    "registered_not_gated",
    "registration_stage_problem",
    "stage_path",
]

# The lifecycle's path: the gate that leads on from each stage. From production two
# gates lead: the annual review (back to production) and deprecation; the first listed
# is the one a request opens by default.
GATES_FROM_STAGE: dict[str, tuple[str, ...]] = {
    "conception": ("development-authorization",),
    "development": ("pre-deployment-security-review",),
    "pre_deployment": ("production-deployment",),
    "production": ("annual-production-review", "deprecation"),
    "deprecated": ("decommissioning",),
    "decommissioned": (),
}
STAGE_ORDER = (
    "conception",
    "development",
    "pre_deployment",
    "production",
    "deprecated",
    "decommissioned",
)

# Registration (DOMAIN.md 4): a new system starts at one of these stages; a system that
# already runs elsewhere is registered at its real stage by the CISO or an administrator,
# "not gated", with a retroactive review (the gate of its stage) due within this many days.
NEW_SYSTEM_STAGES = ("conception", "development")
RETROACTIVE_REVIEW_DAYS = 30
REGISTER_NEW_ONLY = (
    "A product owner registers a new system at conception or development; a system that "
    "already runs is registered at its real stage by the CISO or an administrator."
)


def next_gate_slug(stage: str) -> str | None:
    """The gate a system at `stage` passes next (None after decommissioning)."""
    slugs = GATES_FROM_STAGE.get(stage, ())
    return slugs[0] if slugs else None


def gate_slugs_from(stage: str) -> tuple[str, ...]:
    """Every gate that leads on from `stage`."""
    return GATES_FROM_STAGE.get(stage, ())


def registration_stage_problem(stage: str, *, may_register_running: bool) -> str | None:
    """Why `stage` may not be a new system's first stage for this registrant (None: it
    may). Only those who register running systems register past development."""
    if stage in NEW_SYSTEM_STAGES or not stage or may_register_running:
        return None
    return REGISTER_NEW_ONLY


def registered_not_gated(stage: str) -> bool:
    """A system registered at this stage skipped the gates before it: "not gated"."""
    return bool(stage) and stage not in NEW_SYSTEM_STAGES


def stage_path(current_stage: str) -> list[tuple[str, bool, bool]]:
    """(stage, reached, current) for each stage of the lifecycle, in order."""
    at = STAGE_ORDER.index(current_stage) if current_stage in STAGE_ORDER else -1
    return [(stage, i <= at, i == at) for i, stage in enumerate(STAGE_ORDER)]
