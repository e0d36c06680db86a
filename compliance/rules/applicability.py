"""Which requirements apply to a system (DOMAIN.md 3: "requirements that apply to it
(by tier and regulatory scope)"; 2.2 for the AI Act's categories and roles)."""

from __future__ import annotations

from dataclasses import dataclass

APPLIES_KEYS = ("tiers", "ai_act_categories", "roles", "personal_data", "public_authority")


@dataclass(frozen=True)
class SystemFacts:
    """What applicability reads of a system. `tier` is the effective tier: the stricter
    of the internal tier and the AI Act's floor (registry.rules.gates.gate_tier)."""

    tier: str | None
    ai_act_category: str
    role: str  # provider, deployer, both, or "" when not recorded
    personal_data: bool
    public_authority: bool
    regulations: frozenset[str] = frozenset()  # the system's regulatory scope


def framework_applies(scope: str, facts: SystemFacts) -> bool:
    """A framework tied to a regulation applies to the systems in its scope; one tied to
    none (NIST AI RMF: voluntary, "applies regardless of scope") to every system."""
    return not scope or scope in facts.regulations


def roles_of(role: str) -> set[str]:
    """Our roles under the Act: "both" is a provider and a deployer."""
    return {"provider", "deployer"} if role == "both" else ({role} if role else set())


def applies_to(applies: dict, facts: SystemFacts) -> bool:
    """True when every condition given holds for the system; no condition, every system.

    >>> facts = SystemFacts("high", "high_risk", "provider", True, False)
    >>> applies_to({"tiers": ["critical", "high"], "roles": ["provider"]}, facts)
    True
    >>> applies_to({"roles": ["deployer"]}, facts)
    False
    """
    if "tiers" in applies and facts.tier not in applies["tiers"]:
        return False
    if "ai_act_categories" in applies and facts.ai_act_category not in applies["ai_act_categories"]:
        return False
    if "roles" in applies and not roles_of(facts.role) & set(applies["roles"]):
        return False
    if "personal_data" in applies and facts.personal_data != applies["personal_data"]:
        return False
    return (
        "public_authority" not in applies or facts.public_authority == applies["public_authority"]
    )


def applies_in_words(applies: dict) -> str:
    """The condition for people: "critical or high tier; high-risk; provider"."""
    parts = []
    if "tiers" in applies:
        parts.append(" or ".join(applies["tiers"]) + " tier")
    if "ai_act_categories" in applies:
        parts.append(" or ".join(a.replace("_", "-") for a in applies["ai_act_categories"]))
    if "roles" in applies:
        parts.append(" or ".join(applies["roles"]))
    if applies.get("personal_data") is True:
        parts.append("processes personal data")
    if applies.get("public_authority") is True:
        parts.append("used by or for a public authority")
    return "; ".join(parts) or "every system"
