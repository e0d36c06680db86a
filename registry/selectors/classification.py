"""Every read about classifying: the scoring scheme in force and its versions, what a
new version would move, the reviewers' queue and a system's classification history.

Each costs a fixed number of queries, however many systems or classifications exist.
"""

from __future__ import annotations

from django.core.paginator import Page
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from core.lists import ListQuery, page_of
from core.permissions import can
from registry import rules
from registry.choices import ClassificationStatus
from registry.lists.review_queue import REVIEW_QUEUE_LIST
from registry.lists.system_filters import classification_waiting, proposals_waiting
from registry.models import AISystem, Classification, ScoringScheme
from registry.vocabulary import DIMENSIONS

HISTORY_PAGE_SIZE = 5  # a system page shows the latest entries; more on demand


def scheme_in_force() -> ScoringScheme:
    """The highest version: the one every new classification uses."""
    scheme = ScoringScheme.objects.order_by("-version").first()
    if scheme is None:  # the data migration installs version 1
        raise ScoringScheme.DoesNotExist("No scoring scheme installed: run migrate.")
    return scheme


def scheme_versions_for(user) -> QuerySet[ScoringScheme]:
    """Every version, newest first, with who published it."""
    if not can(user, "registry.scheme.view"):
        return ScoringScheme.objects.none()
    return ScoringScheme.objects.select_related("created_by").order_by("-version")


def scheme_get_for(user, *, version: int) -> ScoringScheme:
    scheme = scheme_versions_for(user).filter(version=version).first()
    if scheme is None:
        raise Http404("No such scoring scheme version.")
    return scheme


def scheme_moves(candidate: rules.Scheme) -> list[rules.SchemeMove]:
    """The classified systems whose score or tier `candidate` would change, by system ID.

    Each move's key is (system pk, system ID, name). One query.
    """
    rows = (
        Classification.objects.filter(status=ClassificationStatus.EFFECTIVE)
        .order_by("system__system_id")
        .values_list("system_id", "system__system_id", "system__name", "score", "tier", *DIMENSIONS)
    )
    current = (
        ((pk, system_id, name), dict(zip(DIMENSIONS, values, strict=True)), score, tier)
        for pk, system_id, name, score, tier, *values in rows
    )
    return rules.scheme_moves(current, candidate)


def review_queue_list_for(user, params=None, **context) -> ListQuery:
    """The reviewers' queue (registry/lists/review_queue.py) as `params` filter and sort
    it: the only way into it for its page and its export; empty for non-reviewers."""
    systems = AISystem.objects.filter(classification_waiting())
    if not can(user, "registry.classification.review_queue"):
        systems = systems.none()
    return REVIEW_QUEUE_LIST.query(systems, params, **context)


def review_queue_counts_for(user) -> dict[str, int]:
    """How many systems wait for a reviewer: by a proposal, flagged only, and in all (one
    query); zeros for non-reviewers."""
    if not can(user, "registry.classification.review_queue"):
        return {"proposals": 0, "flagged": 0, "count": 0}
    with_proposal = Q(pk__in=proposals_waiting().values("system_id"))
    counts = AISystem.objects.filter(classification_waiting()).aggregate(
        proposals=Count("pk", filter=with_proposal), count=Count("pk")
    )
    return {**counts, "flagged": counts["count"] - counts["proposals"]}


def review_queue_count_for(user) -> int:
    """How many items wait in the reviewers' queue (one query); 0 for non-reviewers."""
    if not can(user, "registry.classification.review_queue"):
        return 0
    return AISystem.objects.filter(classification_waiting()).count()


def pending_proposal(system: AISystem) -> Classification | None:
    """The proposal waiting for a reviewer on this system, if any."""
    return (
        proposals_waiting()
        .filter(system=system)
        .select_related("classified_by", "scheme", "system")
        .first()
    )


def classification_get_for(user, *, system: AISystem, pk: int) -> Classification:
    """One classification of a system the user may see; 404 otherwise."""
    if not can(user, "registry.system.view"):
        raise Http404("No such classification.")
    found = (
        Classification.objects.filter(system=system, pk=pk)
        .select_related("system", "classified_by", "scheme", "reviewer")
        .first()
    )
    if found is None:
        raise Http404("No such classification.")
    return found


def classification_history_for(user, *, system: AISystem, page: object = 1) -> Page:
    """A page of a system's classifications, newest first: two queries per page."""
    if not can(user, "registry.system.view"):
        raise Http404("No such AI system.")
    history = Classification.objects.filter(system=system).select_related(
        "classified_by", "reviewer", "scheme"
    )
    # The list kit's paginator: a page that does not exist raises ListParamError naming it.
    params = {} if page in (None, "") else {"page": page}
    return page_of(history, params, default_size=HISTORY_PAGE_SIZE)
