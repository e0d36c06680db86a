"""What assurance puts in "Waiting for me" (core.work): the breach episodes whose
proposed incident nobody has opened or dismissed yet, for the people who may decide
(the system's product owners, the AI safety lead, incident responders). One query."""

from __future__ import annotations

from django.urls import reverse

from assurance.models import BreachEpisode
from assurance.permissions import may_decide_episode
from core.dates import moment_text, user_zone
from core.work import WorkItem


def breaches_to_decide_for(user) -> list[WorkItem]:
    """Undecided episodes, oldest first: open the proposed incident or dismiss it."""
    episodes = (
        BreachEpisode.objects.filter(incident__isnull=True, dismissed_reason="")
        .select_related("plan_metric__plan__system")
        .order_by("started_at", "pk")
    )
    zone = user_zone(user)
    return [
        _item(episode, zone) for episode in episodes if may_decide_episode(user, _system(episode))
    ]


def _system(episode: BreachEpisode):
    return episode.plan_metric.plan.system


def _item(episode: BreachEpisode, zone) -> WorkItem:
    metric, system = episode.plan_metric, _system(episode)
    return WorkItem(
        title=f"{system.system_id}: {metric} past {metric.threshold:g}",
        url=reverse("assurance:monitoring_detail", args=[system.system_id]),
        why=(
            f"{episode.values_past} value{'s' if episode.values_past != 1 else ''} past "
            f"since {moment_text(episode.started_at, zone)}, worst {episode.worst_value:g}: "
            f"open the proposed {episode.proposed_severity or 'low'} "
            f"{metric.get_breach_kind_display().lower()} incident or dismiss it."
        ),
    )
