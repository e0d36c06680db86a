"""A scoped API token (e.g. one system's monitoring token) does one thing only: every
API view but those declaring its scope refuse it, naming what it may do."""

from core.services import api_token_issue


def scoped_key(person) -> str:
    return api_token_issue(
        actor=person,
        user=person,
        name="SYS-001 monitoring",
        scope="monitoring",
        scope_object="1",
        scope_label="push monitoring values and log digests for SYS-001",
    ).key


def test_a_scoped_token_is_refused_where_no_view_declares_its_scope(client, personas):
    key = scoped_key(personas.owner)
    for path in ("/api/v1/me/", "/api/v1/systems/", "/api/v1/deadlines/"):
        answer = client.get(path, HTTP_AUTHORIZATION=f"Token {key}")
        assert answer.status_code == 403, path
        assert answer.json()["detail"] == (
            "This token may only push monitoring values and log digests for SYS-001; "
            "it can do nothing else."
        )


def test_the_same_persons_own_token_still_works(client, personas):
    scoped_key(personas.owner)
    key = api_token_issue(actor=personas.owner, user=personas.owner, name="ci").key
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_the_scope_is_stored_and_audited(personas):
    from core.models import ApiToken, AuditEvent

    scoped_key(personas.owner)
    token = ApiToken.objects.get(name="SYS-001 monitoring")
    assert (token.scope, token.scope_object, token.is_scoped) == ("monitoring", "1", True)
    event = AuditEvent.objects.filter(action="api_token.issued").latest("seq")
    assert event.changes["scope"] == "push monitoring values and log digests for SYS-001"
