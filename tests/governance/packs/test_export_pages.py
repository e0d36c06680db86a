"""The packs page: the export form (errors beside the field, 400 without JavaScript),
the list at a fixed number of queries, a row's live progress (a fragment for htmx only),
the download (permission-checked, 404 alike, 410 after retention) and the retry."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from governance.models import AuditPack
from tests.factories import AISystemFactory, organisation_profile

pytestmark = pytest.mark.django_db
LIST = "/packs/"


def test_the_export_form_queues_a_pack_and_the_list_shows_its_progress(
    client, personas, screener, settings, django_capture_on_commit_callbacks
):
    client.force_login(personas.auditor)
    page = client.get(LIST)
    assert page.status_code == 200
    assert b'name="scope" value="portfolio"' in page.content
    assert b"SYS-001 Hiring screener" in page.content
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=False):
        answer = client.post(
            LIST,
            {
                "scope": "system",
                "systems": ["SYS-001"],
                "date_from": f"{today - timedelta(days=30):%Y-%m-%d}",
                "date_to": f"{today:%Y-%m-%d}",
            },
        )
    assert answer.status_code == 302
    pack = AuditPack.objects.get()
    listed = client.get(LIST).content.decode()
    assert f"{pack.pack_id} is queued" in listed
    assert f'<progress max="100" value="0" aria-label="Progress of {pack.pack_id}">' in listed
    assert f'hx-get="/packs/{pack.pk}/"' in listed and 'hx-swap="outerHTML"' in listed


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"scope": "system", "systems": []}, "systems"),
        ({"scope": "system", "systems": ["SYS-001"], "date_to": "2999-01-01"}, "date_to"),
        ({"scope": "system", "systems": ["SYS-001"], "date_from": "2999-01-01"}, "date_from"),
        ({"scope": "system", "systems": ["SYS-404"]}, "systems"),
        ({"scope": "galaxy", "systems": ["SYS-001"]}, "scope"),
    ],
)
def test_a_refused_export_answers_400_with_the_error_beside_the_field(
    client, personas, screener, data, field
):
    today = timezone.localdate()
    posted = {"date_from": f"{today - timedelta(days=9):%Y-%m-%d}", "date_to": f"{today:%Y-%m-%d}"}
    client.force_login(personas.auditor)
    answer = client.post(LIST, {**posted, **data})
    assert answer.status_code == 400
    form = answer.context["form"]
    assert list(form.errors) == [field]
    text = answer.content.decode()
    assert f'href="#pack-{field}' in text  # the summary links to the field
    assert f'<ul class="field-error" id="pack-{field}_error">' in text  # and it is beside it
    assert not AuditPack.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="pack.").exists()


def test_a_product_owner_is_offered_their_teams_systems_and_no_portfolio(
    client, personas, screener, chatbot
):
    client.force_login(personas.owner)
    page = client.get(f"{LIST}?system=SYS-001").content.decode()
    assert "SYS-001 Hiring screener" in page and "SYS-002" not in page
    assert 'name="scope" value="portfolio"' not in page
    assert '<option value="SYS-001" selected>' in page  # prefilled from the system page


def test_people_without_an_export_role_are_refused(client, personas):
    for person in (personas.outsider, personas.engmanager, personas.responder):
        client.force_login(person)
        assert client.get(LIST).status_code == 403
        assert client.post(LIST, {"scope": "portfolio"}).status_code == 403


def test_each_sees_their_own_packs_and_auditors_see_every_pack(
    client, personas, screener, chatbot, pack_row
):
    mine = pack_row(personas.owner, systems=[screener])
    theirs = pack_row(personas.owner2, systems=[chatbot])
    client.force_login(personas.owner)
    page = client.get(LIST).content.decode()
    assert mine.pack_id in page and theirs.pack_id not in page
    client.force_login(personas.auditor)
    page = client.get(LIST).content.decode()
    assert mine.pack_id in page and theirs.pack_id in page


def test_the_list_costs_the_same_queries_at_any_size(client, personas, screener, pack_row):
    client.force_login(personas.auditor)
    pack_row(personas.auditor, systems=[screener])
    client.get(LIST)  # warm: session, content types
    counts = []
    for more in (0, 30):
        for n in range(more):
            pack_row(
                personas.board, status=("done", "failed", "running")[n % 3], systems=[screener]
            )

        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10


def test_a_rows_update_is_the_row_for_htmx_and_a_whole_page_otherwise(
    client, personas, screener, pack_row
):
    pack = pack_row(personas.auditor, status="running", systems=[screener])
    client.force_login(personas.auditor)
    fragment = client.get(f"/packs/{pack.pk}/", headers={"HX-Request": "true"})
    text = fragment.content.decode().strip()
    assert text.startswith("<tr>") and text.endswith("</tr>") and "<html" not in text
    assert 'hx-trigger="every 1s"' in text and "Laying out the pages" in text
    assert "HX-Request" in fragment["Vary"] and "no-store" in fragment["Cache-Control"]
    page = client.get(f"/packs/{pack.pk}/").content.decode()
    assert "<html" in page and "<nav" in page and f"Audit pack {pack.pack_id}" in page
    AuditPack.objects.filter(pk=pack.pk).update(status="done", progress=100, stage="Done")
    done = client.get(f"/packs/{pack.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in done and "<progress" not in done  # the polling stops


def test_a_download_is_the_pdf_as_an_attachment_and_is_audited(
    client, personas, screener, pack_row
):
    pack = pack_row(personas.owner, systems=[screener])
    client.force_login(personas.auditor)
    answer = client.get(reverse("governance:pack_download", args=[pack.pk]))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"].startswith("attachment;")
    assert f"{pack.pack_id}-SYS-001.pdf" in answer["Content-Disposition"]
    assert answer["X-Content-Type-Options"] == "nosniff" and "no-store" in answer["Cache-Control"]
    assert b"".join(answer.streaming_content).startswith(b"%PDF")
    event = AuditEvent.objects.get(action="pack.downloaded")
    assert event.actor == personas.auditor and event.object_id == str(pack.pk)


def test_a_download_is_404_alike_for_missing_and_forbidden(client, personas, screener, pack_row):
    pack = pack_row(personas.owner, systems=[screener])
    client.force_login(personas.owner2)
    assert client.get(f"/packs/{pack.pk}/download/").status_code == 404
    assert client.get(f"/packs/{pack.pk + 99}/download/").status_code == 404
    assert client.get(f"/packs/{pack.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="pack.").exists()


def test_a_pack_deleted_by_retention_answers_410_in_words(client, personas, screener, pack_row):
    pack = pack_row(personas.auditor, systems=[screener])
    AuditPack.objects.filter(pk=pack.pk).update(deleted_at=timezone.now())
    client.force_login(personas.auditor)
    answer = client.get(f"/packs/{pack.pk}/download/")
    assert answer.status_code == 410
    assert f"{pack.pack_id} was deleted" in answer.content.decode()
    assert "kept 90 days" in answer.content.decode()
    running = pack_row(personas.auditor, status="running", systems=[screener])
    assert client.get(f"/packs/{running.pk}/download/").status_code == 409
    assert not AuditEvent.objects.filter(action="pack.downloaded").exists()


def test_retry_is_post_only_and_for_who_sees_the_pack(client, personas, screener, pack_row):
    pack = pack_row(personas.owner, status="failed", systems=[screener], error="It broke.")
    url = f"/packs/{pack.pk}/retry/"
    client.force_login(personas.owner)
    page = client.get(LIST).content.decode()
    assert f'Retry<span class="visually-hidden"> {pack.pack_id}</span>' in page
    assert "It broke." in page
    assert client.get(url).status_code == 405
    client.force_login(personas.owner2)
    assert client.post(url).status_code == 404
    client.force_login(personas.owner)
    assert client.post(url).status_code == 302
    assert AuditPack.objects.get(pk=pack.pk).status == "queued"
    assert AuditEvent.objects.filter(action="pack.retried").count() == 1


def test_the_pages_that_auditors_and_the_board_use_link_to_the_packs(client, personas, screener):
    client.force_login(personas.auditor)
    for page in ("/systems/portfolio/", "/audit/", "/board/"):
        assert 'href="/packs/">Audit packs</a>' in client.get(page).content.decode(), page
    system_page = client.get("/systems/SYS-001/").content.decode()
    assert 'href="/packs/?system=SYS-001">Export audit pack' in system_page
    client.force_login(personas.owner2)  # another team's product owner: no export of it
    assert "Export audit pack" not in client.get("/systems/SYS-001/").content.decode()
    assert "Audit packs</a>" in client.get("/systems/portfolio/").content.decode()
    client.force_login(personas.engmanager)  # no export role: no link
    assert "Audit packs</a>" not in client.get("/systems/portfolio/").content.decode()


def test_the_audit_trail_names_pack_events_in_words_and_links_the_pack(
    client, personas, screener, last_year
):
    from governance.services.packs.export import pack_request

    pack = pack_request(
        actor=personas.auditor,
        scope="system",
        systems=[screener],
        date_from=last_year[0],
        date_to=last_year[1],
    )
    client.force_login(personas.auditor)
    trail = client.get("/audit/?object_type=governance.auditpack").content.decode()
    assert "Requested an audit pack" in trail
    assert f'href="/packs/{pack.pk}/"' in trail


def test_the_list_links_each_pack_page_and_the_verify_page(client, personas, screener, pack_row):
    pack = pack_row(personas.auditor, systems=[screener])
    client.force_login(personas.auditor)
    page = client.get(LIST).content.decode()
    assert f'<a href="/packs/{pack.pk}/">{pack.pack_id}</a>' in page
    assert 'href="/packs/verify/"' in page
    verify = client.get("/packs/verify/").content.decode()
    assert 'href="/packs/"' in verify  # back to the packs, for who may see them
    client.force_login(personas.engmanager)
    assert 'href="/packs/"' not in client.get("/packs/verify/").content.decode()


def test_a_pack_of_many_systems_names_three_and_counts_the_rest(client, personas, pack_row):
    systems = [AISystemFactory(owner_team=personas.people_ops) for _ in range(6)]
    pack = pack_row(personas.auditor, systems=systems)
    ids = sorted(s.system_id for s in systems)
    client.force_login(personas.auditor)
    page = client.get(LIST).content.decode()
    shown = ", ".join(f'<span class="nowrap">{i}</span>' for i in ids[:3])
    assert f"{shown} and 3 more" in page
    assert f'title="{", ".join(ids)}"' in page  # all of them on hover
    detail = client.get(f"/packs/{pack.pk}/").content.decode()
    assert all(f"{s.system_id} {s.name}" in detail for s in systems)
    assert '<th scope="row" class="nowrap">' in page  # the pack ID does not break


def test_an_export_without_the_organisations_legal_name_is_refused_when_asked(
    client, personas, screener
):
    """Found: the request was queued and the export failed later in the worker. Now the
    form answers 400 naming the missing item and where it is filled in; nothing saved."""
    organisation_profile(legal_name="")
    today = timezone.localdate()
    client.force_login(personas.auditor)
    answer = client.post(
        LIST,
        {
            "scope": "system",
            "systems": ["SYS-001"],
            "date_from": f"{today - timedelta(days=9):%Y-%m-%d}",
            "date_to": f"{today:%Y-%m-%d}",
        },
    )
    assert answer.status_code == 400
    assert answer.context["form"].non_field_errors() == [
        "The organisation profile lacks its legal name, which every pack names. An "
        "administrator fills it in on the organisation profile page (/organisation/); "
        "then start the export again."
    ]
    assert "lacks its legal name" in answer.content.decode()
    assert not AuditPack.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="pack.").exists()


def test_the_list_and_the_pack_page_name_the_requester_not_their_e_mail(
    client, personas, screener, pack_row
):
    """Found: "Requested by" showed the requester's e-mail; the portal names people."""
    personas.owner.full_name = "Avery Owner"
    personas.owner.save(update_fields=["full_name"])
    pack = pack_row(personas.owner, systems=[screener])
    client.force_login(personas.auditor)  # who sees every pack
    name, email = "Avery Owner", personas.owner.email
    for page in (client.get(LIST), client.get(f"/packs/{pack.pk}/")):
        text = page.content.decode()
        assert f"<td>{name}</td>" in text and email not in text
    found = client.get(LIST, {"q": "avery"}).content.decode()
    assert pack.pack_id in found  # the name is searched as well as the e-mail
