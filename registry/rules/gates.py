"""Pure rules of the lifecycle gates (DOMAIN.md section 4). No ORM, no I/O, no clock.

A gate is given as a frozen `GateSpec` (built from a GateDefinition by the selectors);
`gate_evaluate` says, from what a request has gathered, whether the system may pass
and what is still missing, in the gate's own words.

Rules decided here:
- A gate applies to the tiers it lists. A system not yet classified (no tier) meets
  every gate: a system cannot skip a gate by staying unclassified.
- A failed test counts as missing ("failed: <name>"); a rejection leaves its slot
  missing ("rejected: <role>").
- A test marked "if applicable" (shadow mode validation) is not asked for: without a
  result it is no gap. A result recorded for it counts like any other (a failed one
  is a gap), and a result given as not applicable (None) satisfies it.
- The pre-deployment checklist counts only for a gate that requires it; the caller
  passes an empty list when the checklist does not apply to the system.
- The EU AI Act category constrains every gate into or through the lifecycle (DOMAIN.md
  2.2): a prohibited system passes none of them (Art. 5); each needs a current AI Act
  screening; a high-risk or limited-risk system meets at least the gates of the internal
  high tier (the stricter of the two decides). The exit gates (deprecation,
  decommissioning) stay open to every system: a prohibited one must be able to stop.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from registry.rules.classification import TIER_ORDER

__all__ = [
    "AI_ACT_PROHIBITED_GAP",
    "AI_ACT_SCREENING_GAP",
    "EXIT_STAGES",
    "NOT_REQUIRED_NOTE",
    "REMEDIATION_WARN_DAYS",
    "WAITING_DAYS",
    "GateEvaluation",
    "GateSpec",
    "Requirement",
    "ai_act_screening_current",
    "gate_ai_act_gaps",
    "gate_applies",
    "gate_evaluate",
    "gate_required",
    "gate_tier",
    "gate_recorded_evaluation",
    "gate_spec",
    "gate_spec_problems",
    "gate_test_report_problems",
    "GATE_TEST_REPORT_MISSING",
]

# Values of registry.choices.GateRequestStatus and ApprovalDecision (plain strings: the
# rules import no Django).
APPROVED = "approved"
BLOCKED = "blocked"
REMEDIATION = "remediation"
NOT_REQUIRED = "not_required"
OPEN = "open"
DECISIONS_THAT_FILL_A_SLOT = frozenset({"approved", "sign_off"})
NOT_REQUIRED_NOTE = "gate not required for this risk tier"
AI_ACT_PROHIBITED_GAP = (
    "Prohibited practice under the EU AI Act (Art. 5): the system passes no gate and "
    "cannot leave conception."
)
AI_ACT_SCREENING_GAP = "A current EU AI Act screening of the system"
# AI Act categories that lift a system to at least the internal high tier's gates.
AI_ACT_AT_LEAST_HIGH = frozenset({"high_risk", "limited"})
# Gates into these stages take a system out of use: never held back by the AI Act.
EXIT_STAGES = frozenset({"deprecated", "decommissioned"})

# Remediation plans (issue 7): warned this many days before the plan's due date (due
# that morning, core.clocks.rules.day_due_at).
REMEDIATION_WARN_DAYS = (14, 3)
WAITING_DAYS = 5  # a request open longer than this is listed on the board's page


@dataclass(frozen=True)
class Requirement:
    """One thing a gate asks for: an artifact, a test or an approval slot (key = role)."""

    key: str
    name: str
    if_applicable: bool = False


@dataclass(frozen=True)
class GateSpec:
    """One version of one gate, as the rules take it."""

    slug: str
    name: str
    from_stage: str
    to_stage: str
    tiers: frozenset[str]
    artifacts: tuple[Requirement, ...] = ()
    approvals: tuple[Requirement, ...] = ()
    tests: tuple[Requirement, ...] = ()
    blocking: bool = True
    requires_checklist: bool = False

    @property
    def approval_roles(self) -> tuple[str, ...]:
        return tuple(slot.key for slot in self.approvals)


@dataclass(frozen=True)
class GateEvaluation:
    """What a gate says of a request now: the result, whether the system may pass, and
    the gaps by kind, in the gate's words. `result` is a GateRequestStatus value."""

    result: str
    can_proceed: bool
    missing_artifacts: tuple[str, ...] = ()
    missing_approvals: tuple[str, ...] = ()
    missing_tests: tuple[str, ...] = ()
    missing_checklist: tuple[str, ...] = ()
    note: str = ""
    missing_ai_act: tuple[str, ...] = ()

    @property
    def gaps(self) -> dict[str, list[str]]:
        """The gaps as a request stores them (GateRequest.gaps)."""
        return {
            "ai_act": list(self.missing_ai_act),
            "artifacts": list(self.missing_artifacts),
            "approvals": list(self.missing_approvals),
            "tests": list(self.missing_tests),
            "checklist": list(self.missing_checklist),
        }

    @property
    def has_gaps(self) -> bool:
        return any(self.gaps.values())

    def as_check(self) -> dict:
        """The pipeline's answer (GET .../gates/<slug>/check)."""
        return {
            "can_proceed": self.can_proceed,
            "result": self.result,
            "missing_artifacts": list(self.missing_artifacts),
            "missing_approvals": list(self.missing_approvals),
            "missing_tests": list(self.missing_tests),
            "missing_checklist": list(self.missing_checklist),
            "missing_ai_act": list(self.missing_ai_act),
        }


def gate_applies(spec: GateSpec, tier: str | None) -> bool:
    """Whether the gate asks anything of a system of `tier` (unclassified: always).
    `tier` is the gate tier (gate_tier), not the internal tier alone."""
    return not tier or tier in spec.tiers


def gate_tier(tier: str | None, ai_act_category: str) -> str | None:
    """The tier the gates and the checklist follow: the stricter of the internal tier and
    the AI Act category (high-risk or limited-risk: at least high). An unclassified
    system stays unclassified, which already meets every gate."""
    if not tier or ai_act_category not in AI_ACT_AT_LEAST_HIGH:
        return tier
    return tier if TIER_ORDER.index(tier) >= TIER_ORDER.index("high") else "high"


def gate_ai_act_gaps(spec: GateSpec, ai_act_category: str, screening_current: bool) -> list[str]:
    """What the AI Act holds against the gate: a prohibited system passes no gate
    (Art. 5); without a current screening no gate is passed. Exit gates: nothing."""
    if spec.to_stage in EXIT_STAGES:
        return []
    if ai_act_category == "prohibited":
        return [AI_ACT_PROHIBITED_GAP]
    if not screening_current or ai_act_category in {"", "unassessed"}:
        return [AI_ACT_SCREENING_GAP]
    return []


def ai_act_screening_current(
    *, category: str, legal_effect_recorded: bool, screened_legal_effect: bool | None
) -> bool:
    """A screening is current while the system has a category and the screening's
    answer on legal effect still holds (None: no screening record to compare)."""
    if category in {"", "unassessed"}:
        return False
    return not (legal_effect_recorded and screened_legal_effect is False)


def gate_required(
    spec: GateSpec, *, tier: str | None, ai_act_category: str, screening_current: bool
) -> bool:
    """Whether the gate asks anything of the system (False: "gate not required")."""
    if gate_ai_act_gaps(spec, ai_act_category, screening_current):
        return True
    return gate_applies(spec, gate_tier(tier, ai_act_category))


def gate_evaluate(
    *,
    spec: GateSpec,
    tier: str | None,
    present_artifacts: Iterable[str],
    test_results: Mapping[str, bool | None],
    approvals: Mapping[str, str],
    checklist_missing: Iterable[str] = (),
    ai_act_category: str = "unassessed",
    ai_act_screening_current: bool = False,
) -> GateEvaluation:
    """Judge a request: `present_artifacts` are the artifact keys given (and current),
    `test_results` the latest result by test key (None: not applicable), `approvals`
    the standing decision by role, `checklist_missing` the unmet checklist items,
    `ai_act_category` the system's category and whether its screening is current."""
    ai_act_gaps = tuple(gate_ai_act_gaps(spec, ai_act_category, ai_act_screening_current))
    if AI_ACT_PROHIBITED_GAP in ai_act_gaps:
        return GateEvaluation(result=BLOCKED, can_proceed=False, missing_ai_act=ai_act_gaps)
    if not ai_act_gaps and not gate_applies(spec, gate_tier(tier, ai_act_category)):
        return GateEvaluation(result=NOT_REQUIRED, can_proceed=True, note=NOT_REQUIRED_NOTE)
    present = set(present_artifacts)
    evaluation = GateEvaluation(
        result=BLOCKED,
        can_proceed=False,
        missing_artifacts=tuple(a.name for a in spec.artifacts if a.key not in present),
        missing_approvals=tuple(_missing_approvals(spec.approvals, approvals)),
        missing_tests=tuple(_missing_tests(spec.tests, test_results)),
        missing_checklist=tuple(checklist_missing) if spec.requires_checklist else (),
        missing_ai_act=ai_act_gaps,
    )
    if evaluation.has_gaps:
        return evaluation
    return GateEvaluation(result=APPROVED, can_proceed=True)


def _missing_approvals(slots: Iterable[Requirement], decisions: Mapping[str, str]):
    for slot in slots:
        decision = decisions.get(slot.key)
        if decision == "rejected":
            yield f"rejected: {slot.name}"
        elif decision not in DECISIONS_THAT_FILL_A_SLOT:
            yield slot.name


def _missing_tests(tests: Iterable[Requirement], results: Mapping[str, bool | None]):
    for test in tests:
        if test.key not in results:
            if not test.if_applicable:
                yield test.name
        elif results[test.key] is False:
            yield f"failed: {test.name}"


def gate_recorded_evaluation(status: str, gaps: Mapping[str, Iterable[str]]) -> GateEvaluation:
    """A closed request's result as recorded: approved, not required and remediation let
    the system pass (a remediation lists the gaps it proceeded with); blocked lists the
    gaps it was blocked on."""
    return GateEvaluation(
        result=status,
        can_proceed=status in {APPROVED, NOT_REQUIRED, REMEDIATION},
        missing_artifacts=tuple(gaps.get("artifacts", ())),
        missing_approvals=tuple(gaps.get("approvals", ())),
        missing_tests=tuple(gaps.get("tests", ())),
        missing_checklist=tuple(gaps.get("checklist", ())),
        missing_ai_act=tuple(gaps.get("ai_act", ())),
        note=NOT_REQUIRED_NOTE if status == NOT_REQUIRED else "",
    )


def gate_spec_problems(
    *,
    artifacts: object,
    tests: object,
    approvals: Iterable[str],
    tiers: Iterable[str],
    known_roles: Iterable[str],
    known_tiers: Iterable[str],
) -> dict[str, str]:
    """Field-named problems with a gate definition an administrator wants to save."""
    problems: dict[str, str] = {}
    for name, items in (("artifacts", artifacts), ("tests", tests)):
        problem = _requirement_list_problem(items)
        if problem:
            problems[name] = problem
    unknown = sorted(set(approvals) - set(known_roles))
    if unknown:
        problems["approvals"] = f"Not a role: {', '.join(unknown)}."
    elif len(set(approvals)) != len(list(approvals)):
        problems["approvals"] = "Each role fills one slot: name it once."
    unknown_tiers = sorted(set(tiers) - set(known_tiers))
    if unknown_tiers:
        problems["tiers"] = f"Not a tier: {', '.join(unknown_tiers)}."
    return problems


def _requirement_list_problem(items: object) -> str | None:
    if not isinstance(items, list):
        return "Give a list of {key, name} entries."
    keys = []
    for item in items:
        if not isinstance(item, dict) or not item.get("key") or not item.get("name"):
            return "Each entry needs a key and a name."
        keys.append(item["key"])
    if len(set(keys)) != len(keys):
        return "Each key may appear once."
    return None


def gate_spec(definition: Mapping, approval_names: Mapping[str, str]) -> GateSpec:
    """A GateSpec from a gate's data (a GateDefinition's fields, or an entry of
    registry/data/gates.yaml); `approval_names` gives each role's label."""
    return GateSpec(
        slug=definition["slug"],
        name=definition["name"],
        from_stage=definition["from_stage"],
        to_stage=definition["to_stage"],
        tiers=frozenset(definition["tiers"]),
        artifacts=_requirements(definition.get("artifacts") or ()),
        approvals=tuple(
            Requirement(role, approval_names.get(role, role))
            for role in definition.get("approvals") or ()
        ),
        tests=_requirements(definition.get("tests") or ()),
        blocking=bool(definition.get("blocking", True)),
        requires_checklist=bool(definition.get("requires_checklist", False)),
    )


def _requirements(items: Iterable[Mapping]) -> tuple[Requirement, ...]:
    return tuple(
        Requirement(item["key"], item["name"], bool(item.get("if_applicable", False)))
        for item in items
    )


GATE_TEST_REPORT_MISSING = "Attach the report or give a link to it."


def gate_test_report_problems(*, has_file: bool, link: str) -> dict[str, str]:
    """A gate's test result needs its report, a file or a link: what is missing, by field.
    The page's form, the API and the service all ask this, in these words."""
    return {} if has_file or link.strip() else {"report": GATE_TEST_REPORT_MISSING}
