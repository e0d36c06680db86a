"""Whether a system may start using a vendor product (issue 9 part 4): the product's
current assessment must approve its use (DOMAIN.md 8). Pure: it reads plain values."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["product_use_refusal"]


def product_use_refusal(
    *,
    scored: bool,
    tier: str = "",
    use_approved: bool = False,
    ciso_approved: bool = False,
    findings: Sequence[dict[str, Any]] = (),
    personal_data_without_dpa: bool = False,
    remediation_done: bool = False,
) -> str | None:
    """None when the product may be linked, else the reason in the portal's words."""
    if not scored:
        return "not approved: the product has no scored assessment yet"
    if use_approved:
        return None
    if personal_data_without_dpa:
        return "not approved: the product receives personal data without a DPA"
    if tier == "high":
        if not ciso_approved:
            return "not approved: high tier without CISO approval"
        if not remediation_done:
            return "not approved: high tier whose contractual remediation is not done yet"
        return "not approved: high tier"
    critical = [f["issue"] for f in findings if f.get("severity") == "critical"]
    if critical:
        return f"not approved: {tier} tier with a critical finding open ({'; '.join(critical)})"
    return f"not approved: {tier} tier"
