"""A breach whose proposed incident nobody has opened or dismissed waits in "Waiting for
me" for whoever may decide it: the system's owners, the AI safety lead, responders; not
another team's owner. Dismissing it takes it off."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assurance.models import BreachEpisode
from assurance.services.breaches import episode_dismiss
from core.work import work_for
from tests.assurance.test_metrics import DISPARITY, batch, planned_system, push

pytestmark = pytest.mark.django_db
HEADING = "Monitoring breaches to decide"


def waiting(person) -> list[str]:
    groups = {group.heading: group for group in work_for(person)}
    return [item.title for item in groups[HEADING].items] if HEADING in groups else []


def test_an_undecided_breach_waits_for_those_who_may_decide_it(personas, client):
    system = planned_system(personas, DISPARITY)
    push(personas, system, batch([0.85, 0.6, 0.62], metric="selection_rate_ratio", group="age 60+"))
    title = "SYS-001: selection_rate_ratio (age 60+) past 0.8"
    for person in (personas.owner, personas.safety, personas.responder):
        assert waiting(person) == [title], person
    assert waiting(personas.owner2) == []  # another team's owner
    client.force_login(personas.owner)
    page = client.get("/waiting/").content.decode()
    assert HEADING in page and title in page
    assert "open the proposed high bias harm incident or dismiss it" in page

    episode_dismiss(
        actor=personas.owner, episode=BreachEpisode.objects.get(), reason="A test feed."
    )
    assert waiting(personas.owner) == []


def test_the_source_costs_one_query_for_one_breach_or_five(personas):
    metrics = [{**DISPARITY, "group": f"group {n}"} for n in range(5)]
    system = planned_system(personas, *metrics)
    push(personas, system, batch([0.5], metric="selection_rate_ratio", group="group 0"))
    from assurance.selectors.work import breaches_to_decide_for

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            breaches_to_decide_for(personas.safety)
        return len(captured)

    breaches_to_decide_for(personas.safety)  # the person's roles, loaded once a request
    one = queries()
    for n in range(1, 5):
        push(personas, system, batch([0.5], metric="selection_rate_ratio", group=f"group {n}"))
    assert BreachEpisode.objects.count() == 5
    assert queries() == one == 1
