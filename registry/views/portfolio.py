"""The portfolio dashboard, "what are we running", and the home page that leads to it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.permissions import can
from core.views.common import require_can
from registry.choices import LifecycleStage, RiskTier
from registry.lists.system_filters import UNCLASSIFIED
from registry.lists.systems import SYSTEM_LIST
from registry.selectors.classification import review_queue_count_for
from registry.selectors.systems import (
    ATTENTION_LIST_LIMIT,
    portfolio_summary_for,
    systems_visible_to,
)
from registry.selectors.vendor_links import reassessments_due

TIER_CHOICES = [*RiskTier.choices, (UNCLASSIFIED, "Unclassified")]


def list_url(**params) -> str | None:
    """The system list filtered by `params`, or None when the list has no such filter."""
    if any(name not in SYSTEM_LIST.filterset_class.base_filters for name in params):
        return None
    return f"{reverse('registry:system_list')}?{urlencode(params)}"


def share(count: int, total: int) -> int:
    """Whole per cent of the portfolio, for the bar beside each number."""
    return round(count * 100 / total) if total else 0


def count_rows(counts: dict[str, int], choices, param: str, total: int) -> list[dict]:
    return [
        {
            "value": value,
            "label": label,
            "count": counts.get(value, 0),
            "share": share(counts.get(value, 0), total),
            "url": list_url(**{param: value}),
        }
        for value, label in choices
    ]


@require_GET
def home(request):
    """'/' leads members to the portfolio; someone without a role learns why they see nothing."""
    if can(request.user, "registry.system.view"):
        return redirect("registry:portfolio")
    return render(request, "registry/no_role.html")


# (label, summary count attribute, list filter, what it means)
ATTENTION = (
    (
        "EU personal data",
        "eu_personal_data_count",
        {"eu_personal_data": "true"},
        "Process personal data of EU residents (GDPR applies).",
    ),
    (
        "Legal-effect decisions",
        "legal_effect_count",
        {"legal_effect": "true"},
        "Make or substantially influence decisions with legal effect on people.",
    ),
    (
        "Needs re-classification",
        "reclassification_count",
        {"reclassification": "true"},
        "Use case, users, decision type or scale changed since the last classification.",
    ),
    (
        "Unclassified",
        "unclassified_count",
        {"tier": UNCLASSIFIED},
        "Registered but never classified.",
    ),
)


def attention_cards(summary) -> list[dict]:
    """The numbers that need someone's attention, each linking to its list when it can."""
    return [
        {"label": label, "count": getattr(summary, attr), "url": list_url(**params), "help": text}
        for label, attr, params, text in ATTENTION
    ]


def review_card(user) -> list[dict]:
    """For the RACI's reviewers: how much waits in their queue, linking to it."""
    if not can(user, "registry.classification.review_queue"):
        return []
    return [
        {
            "label": "Waiting for classification review",
            "count": review_queue_count_for(user),
            "url": reverse("registry:review_queue"),
            "help": "Product owners' proposals and systems flagged for re-classification.",
        }
    ]


@require_GET
def portfolio(request):
    require_can(request, "registry.system.view")
    summary = portfolio_summary_for(request.user)
    context = {
        "summary": summary,
        "attention": [*review_card(request.user), *attention_cards(summary)],
        "tier_rows": count_rows(summary.by_tier, TIER_CHOICES, "tier", summary.total),
        "stage_rows": count_rows(summary.by_stage, LifecycleStage.choices, "stage", summary.total),
        "unclassified_url": list_url(tier=UNCLASSIFIED),
        "reclassification_url": list_url(reclassification="true"),
        "list_limit": ATTENTION_LIST_LIMIT,
        "reassessments_due": reassessments_due(systems_visible_to(request.user)),
    }
    return render(request, "registry/portfolio.html", context)
