"""The framework library's pages (issue 19 section 2): the list of every version with its
source, size and reviewer; one framework's requirement tree with applicability in words,
the evidence asked and crosswalk lines; administrators change the reviewer role
(audited as framework.updated), nobody else may."""

from __future__ import annotations

import pytest
from django.urls import reverse

from compliance.models import Framework
from compliance.rules.library import (
    CrosswalkData,
    EvidenceItem,
    FrameworkData,
    MappingData,
    RequirementData,
)
from compliance.services.frameworks import crosswalk_store, framework_store
from core.models import AuditEvent

pytestmark = pytest.mark.django_db

LIST = "/compliance/frameworks/"


def framework(admin, key="ours", version="1", name="Our framework", **kw) -> Framework:
    return framework_store(
        actor=admin,
        data=FrameworkData(
            key=key,
            version=version,
            name=name,
            reviewer_role=kw.pop("reviewer_role", "legal"),
            requirements=kw.pop(
                "requirements",
                [
                    RequirementData(ref_id="G", title="Govern", assessable=False),
                    RequirementData(
                        ref_id="G-1",
                        title="Oversight in place",
                        parent="G",
                        applies={"tiers": ["critical", "high"], "roles": ["provider"]},
                        evidence=[
                            EvidenceItem("document", "human-oversight-procedure", "Procedure")
                        ],
                    ),
                ],
            ),
            **kw,
        ),
        source="custom",
    )


def test_the_list_shows_each_version_with_its_size_and_reviewer(client, personas):
    shipped = Framework.objects.filter(is_current=True).count()
    framework(personas.admin)
    framework(personas.admin, version="2")
    client.force_login(personas.auditor)
    response = client.get(LIST, {"q": "our"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "2 framework versions match the filters." in text
    assert text.count(">Current<") == 1 and text.count(">Earlier version<") == 1
    assert "<td>Legal</td>" in text and "Written by the organisation" in text
    assert '<td class="num">2</td>' in text  # the group and its requirement
    response = client.get(LIST, {"current": "true"})
    assert f"{shipped + 1} framework versions" in response.content.decode()


def test_the_list_refuses_a_filter_it_cannot_read(client, personas):
    client.force_login(personas.auditor)
    response = client.get(LIST, {"current": "perhaps"})
    assert response.status_code == 400 and "current:" in response.content.decode()


def test_the_list_exports(client, personas):
    framework(personas.admin)
    client.force_login(personas.auditor)
    response = client.get(reverse("compliance:framework_export", args=["csv"]), {"q": "our"})
    body = b"".join(response.streaming_content).decode().splitlines()
    assert body[0].startswith("id,key,name,version,source,publisher,requirement_count")
    assert ",ours,Our framework,1,Written by the organisation,,2,Legal,Current" in body[1]


def test_a_framework_s_tree_with_applicability_evidence_and_crosswalk(client, personas):
    ours = framework(personas.admin)
    theirs = framework(
        personas.admin,
        key="theirs",
        name="Their framework",
        requirements=[
            RequirementData(
                ref_id="T-9",
                title="Oversight",
                evidence=[EvidenceItem("document", "human-oversight-procedure", "Procedure")],
            )
        ],
    )
    crosswalk_store(
        actor=personas.admin,
        data=CrosswalkData(
            source=("theirs", "1"),
            target=("ours", "1"),
            mappings=[MappingData("T-9", "G-1", "equal")],
        ),
        origin="custom",
    )
    client.force_login(personas.auditor)
    text = client.get(reverse("compliance:framework_detail", args=[ours.pk])).content.decode()
    assert 'G Govern <span class="muted">(group)</span>' in text
    assert "G-1 Oversight in place" in text
    assert "<dd>critical or high tier; provider</dd>" in text
    assert 'Procedure <span class="muted">(Document: human-oversight-procedure)</span>' in text
    target = theirs.requirements.get(ref_id="T-9")
    assert (
        f'<a href="/compliance/frameworks/{theirs.pk}/#requirement-{target.pk}">'
        "equal to Their framework T-9</a>"
    ) in text
    assert "Who reviews the evidence" not in text  # an auditor changes nothing


def test_an_administrator_changes_the_reviewer_role(client, personas):
    ours = framework(personas.admin)
    url = reverse("compliance:framework_detail", args=[ours.pk])
    client.force_login(personas.admin)
    assert "Who reviews the evidence" in client.get(url).content.decode()
    response = client.post(url, {"reviewer_role": "ciso"})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.reviewer_role == "ciso"
    event = AuditEvent.objects.filter(action="framework.updated").latest("seq")
    assert event.changes["reviewer_role"] == ["legal", "ciso"]


def test_a_bad_role_is_refused_on_its_field(client, personas):
    ours = framework(personas.admin)
    client.force_login(personas.admin)
    url = reverse("compliance:framework_detail", args=[ours.pk])
    response = client.post(url, {"reviewer_role": "janitor"})
    assert response.status_code == 400
    assert "Reviewer role: Select a valid choice." in response.content.decode()
    ours.refresh_from_db()
    assert ours.reviewer_role == "legal"


def test_only_administrators_change_it(client, personas):
    ours = framework(personas.admin)
    url = reverse("compliance:framework_detail", args=[ours.pk])
    for person in (personas.legal, personas.board):
        client.force_login(person)
        assert client.post(url, {"reviewer_role": "ciso"}).status_code == 403
    ours.refresh_from_db()
    assert ours.reviewer_role == "legal"


def test_a_missing_framework_is_a_404_and_outsiders_are_refused(client, personas):
    client.force_login(personas.auditor)
    assert client.get(reverse("compliance:framework_detail", args=[999999])).status_code == 404
    client.force_login(personas.outsider)
    assert client.get(LIST).status_code == 403
