"""The registry API under /api/v1/: worked examples, bad input, roles, query counts."""

import pytest

from core.models import AuditEvent
from core.permissions import forget_roles
from core.services import api_token_issue
from registry import services
from registry.models import AISystem, Classification
from tests.factories import (
    BILLING_CHATBOT,
    DOCUMENT_SUMMARIZER,
    HIRING_SCREENER,
    AISystemFactory,
    unsaved_systems,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/systems/"


def detail(system_id: str) -> str:
    return f"/api/v1/systems/{system_id}/"


def classify_url(system_id: str) -> str:
    return f"/api/v1/systems/{system_id}/classify/"


def new_system(**overrides) -> dict:
    return {
        "system_id": "SYS-001",
        "name": "Resume screener",
        "description": "Ranks applicants' CVs for recruiters.",
        "owner_team": "people-ops",
        "regulatory_scope": ["eu_ai_act", "gdpr", "eeoc"],
        **overrides,
    }


def as_user(api_client, user):
    api_client.force_authenticate(user)
    return api_client


@pytest.fixture
def screener(personas):
    return AISystemFactory(system_id="SYS-001", name="Screener", owner_team=personas.people_ops)


# --- the worked examples of DOMAIN.md 2.1 ----------------------------------------------


@pytest.mark.parametrize(
    ("inputs", "score", "tier", "controls"),
    [
        (HIRING_SCREENER, 13, "high", 11),
        (BILLING_CHATBOT, 11, "medium", 7),
        (DOCUMENT_SUMMARIZER, 6, "low", 3),
    ],
    ids=["hiring-screener", "billing-chatbot", "document-summarizer"],
)
def test_worked_examples_classify_to_the_domain_score_and_tier(
    api_client, personas, screener, inputs, score, tier, controls
):
    client = as_user(api_client, personas.safety)
    response = client.post(
        classify_url("SYS-001"), {**inputs, "rationale": "Worked example."}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["score"], body["tier"]) == (score, tier)
    assert len(body["controls_added"]) == controls and body["controls_retired"] == []
    assert body["classified_by"] == personas.safety.email
    assert (body["status"], body["reviewer"]) == ("effective", personas.safety.email)
    shown = client.get(detail("SYS-001")).json()
    assert (shown["risk_score"], shown["risk_tier"]) == (score, tier)
    assert shown["controls"] == {
        "required": controls,
        "implemented": 0,
        "in_progress": 0,
        "not_applicable": 0,
        "missing": controls,
    }


# --- create, read, update --------------------------------------------------------------


def test_product_owner_registers_a_system_through_the_api(api_client, personas):
    response = as_user(api_client, personas.owner).post(LIST, new_system(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["system_id"] == "SYS-001" and body["owner_team"] == "people-ops"
    assert body["risk_tier"] is None and body["risk_score"] is None
    assert body["regulatory_scope"] == ["eu_ai_act", "gdpr", "eeoc"]
    assert body["ai_act_category"] == "unassessed" and body["reclassification_needed"] is False
    assert AuditEvent.objects.filter(action="system.created").count() == 1


def test_product_owner_changes_their_own_system(api_client, personas, screener):
    client = as_user(api_client, personas.owner)
    response = client.patch(detail("SYS-001"), {"model_version": "v2.1"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["model_version"] == "v2.1"
    assert AISystem.objects.get(system_id="SYS-001").model_version == "v2.1"


def test_put_replaces_the_fields_and_may_repeat_the_system_id(api_client, personas, screener):
    client = as_user(api_client, personas.owner)
    response = client.put(detail("SYS-001"), new_system(name="Screener v2"), format="json")
    assert response.status_code == 200, response.json()
    assert AISystem.objects.get(system_id="SYS-001").name == "Screener v2"


def test_change_in_scale_after_classification_shows_the_reclassification_flag(
    api_client, personas, screener
):
    reviewer = as_user(api_client, personas.safety)
    reviewer.post(classify_url("SYS-001"), {**HIRING_SCREENER, "rationale": "r"}, format="json")
    client = as_user(api_client, personas.owner)
    response = client.patch(detail("SYS-001"), {"deployment_scale": "millions"}, format="json")
    assert response.json()["reclassification_needed"] is True
    assert response.json()["reclassification_reasons"] == ["scale changed"]


def test_product_owner_cannot_change_another_teams_system(api_client, personas):
    AISystemFactory(system_id="SYS-002", name="Chatbot", owner_team=personas.customer_success)
    client = as_user(api_client, personas.owner)
    response = client.patch(detail("SYS-002"), {"name": "Taken over"}, format="json")
    assert response.status_code == 403
    assert AISystem.objects.get(system_id="SYS-002").name == "Chatbot"


def test_product_owner_cannot_register_for_another_team(api_client, personas):
    client = as_user(api_client, personas.owner)
    response = client.post(LIST, new_system(owner_team="customer-success"), format="json")
    assert response.status_code == 403
    assert not AISystem.objects.exists()


def test_auditor_reads_but_cannot_create_update_or_classify(api_client, personas, screener):
    client = as_user(api_client, personas.auditor)
    assert client.get(detail("SYS-001")).status_code == 200
    assert client.post(LIST, new_system(system_id="SYS-002"), format="json").status_code == 403
    assert client.patch(detail("SYS-001"), {"name": "x"}, format="json").status_code == 403
    assert client.put(detail("SYS-001"), new_system(), format="json").status_code == 403
    classify = {**HIRING_SCREENER, "rationale": "r"}
    assert client.post(classify_url("SYS-001"), classify, format="json").status_code == 403
    assert AISystem.objects.get().name == "Screener" and not Classification.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_refused(api_client, method, screener):
    response = getattr(api_client, method)(LIST, new_system(system_id="SYS-002"), format="json")
    assert response.status_code in (401, 403)
    assert AISystem.objects.count() == 1


def test_someone_without_a_role_cannot_list_systems(api_client, personas, screener):
    assert as_user(api_client, personas.outsider).get(LIST).status_code == 403


def test_missing_system_is_404(api_client, personas):
    client = as_user(api_client, personas.owner)
    assert client.get(detail("SYS-999")).status_code == 404
    assert client.patch(detail("SYS-999"), {"name": "x"}, format="json").status_code == 404


def test_systems_are_never_deleted_through_the_api(api_client, personas, screener):
    assert as_user(api_client, personas.admin).delete(detail("SYS-001")).status_code == 405
    assert AISystem.objects.filter(system_id="SYS-001").exists()


def test_a_script_reads_the_list_with_an_api_token(api_client, personas, screener):
    key = api_token_issue(actor=personas.auditor, user=personas.auditor, name="ci").key
    response = api_client.get(LIST, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert [s["system_id"] for s in response.json()["results"]] == ["SYS-001"]


# --- bad input: 400 with the field named, nothing saved --------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (new_system(name=None), "name"),
        ({k: v for k, v in new_system().items() if k != "name"}, "name"),
        (new_system(description="x" * 1_000_000), "description"),
        (new_system(owner_team="no-such-team"), "owner_team"),
        (new_system(regulatory_scope=["martian_law"]), "regulatory_scope"),
        (new_system(system_id="system one"), "system_id"),
        (new_system(risk_tier="low"), "risk_tier"),
    ],
    ids=["null-name", "missing-name", "1mb-description", "team", "regulation", "id", "tier"],
)
def test_bad_system_input_is_400_with_the_field_named(api_client, personas, body, field):
    response = as_user(api_client, personas.owner).post(LIST, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not AISystem.objects.exists() and not AuditEvent.objects.exists()


def test_duplicate_system_id_is_400_and_keeps_the_first(api_client, personas, screener):
    response = as_user(api_client, personas.owner).post(LIST, new_system(), format="json")
    assert response.status_code == 400
    assert response.json() == {"system_id": ["An AI system with this system ID already exists."]}
    assert AISystem.objects.get().name == "Screener"


def test_malformed_json_is_400_and_saves_nothing(api_client, personas):
    client = as_user(api_client, personas.owner)
    response = client.post(LIST, data='{"system_id": "SYS-001",', content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()
    assert not AISystem.objects.exists()


@pytest.mark.parametrize("field", ["owner_team"])
def test_a_nul_byte_in_a_reference_is_a_400_naming_it(api_client, personas, field):
    client = as_user(api_client, personas.owner)
    response = client.post(LIST, new_system(**{field: "people\x00ops"}), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not AISystem.objects.exists()


@pytest.mark.parametrize("page", ["2", "abc", "0"])
def test_a_page_that_does_not_exist_is_a_400_naming_page(api_client, personas, page):
    AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    response = as_user(api_client, personas.auditor).get(LIST, {"page": page})
    assert response.status_code == 400
    assert list(response.json()) == ["page"]


def test_blank_optional_choices_read_as_empty_strings(api_client, personas):
    AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops, deployment_scale="")
    [row] = as_user(api_client, personas.auditor).get(LIST).json()["results"]
    assert (row["deployment_scale"], row["ai_act_annex_area"]) == ("", "")


def test_a_nul_byte_in_the_system_id_of_a_url_is_a_404(api_client, personas):
    AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    client = as_user(api_client, personas.auditor)
    assert client.get("/api/v1/systems/SYS-001%00/").status_code == 404
    assert client.get(detail("SYS-001")).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**HIRING_SCREENER, "human_oversight": "sometimes", "rationale": "r"}, "human_oversight"),
        ({**HIRING_SCREENER, "rationale": ""}, "rationale"),
        ({**HIRING_SCREENER, "rationale": "r", "risk_tier": "low"}, "risk_tier"),
        ({"rationale": "r"}, "decision_impact"),
    ],
    ids=["unknown-value", "blank-rationale", "extra-field", "missing-dimensions"],
)
def test_bad_classification_is_400_with_the_field_named(
    api_client, personas, screener, body, field
):
    response = as_user(api_client, personas.owner).post(
        classify_url("SYS-001"), body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Classification.objects.exists()
    assert AISystem.objects.get().risk_tier == ""


def test_changing_the_system_id_is_400(api_client, personas, screener):
    client = as_user(api_client, personas.owner)
    response = client.patch(detail("SYS-001"), {"system_id": "SYS-002"}, format="json")
    assert response.status_code == 400 and "system_id" in response.json()


# --- the list: filters, pagination, fixed queries --------------------------------------


def test_list_filters_with_the_shared_system_filter(api_client, personas, screener):
    AISystemFactory(system_id="SYS-002", owner_team=personas.customer_success)
    client = as_user(api_client, personas.board)
    response = client.get(LIST, {"team": "customer-success", "tier": "unclassified"})
    assert [s["system_id"] for s in response.json()["results"]] == ["SYS-002"]


def test_invalid_filter_is_400_naming_the_parameter(api_client, personas, screener):
    response = as_user(api_client, personas.board).get(LIST, {"tier": "severe"})
    assert response.status_code == 400
    assert "tier" in response.json()


@pytest.mark.parametrize("rows", [1, 1000])
def test_list_endpoint_costs_the_same_queries_at_1_and_1000_systems(
    api_client, personas, django_assert_num_queries, rows
):
    AISystem.objects.bulk_create(unsaved_systems(personas.people_ops, rows))
    client = as_user(api_client, personas.board)
    forget_roles(personas.board)
    with django_assert_num_queries(3):  # roles, count, page (with control counts)
        response = client.get(LIST, {"ordering": "-risk_tier", "page_size": 200})
    body = response.json()
    assert body["count"] == rows and len(body["results"]) == min(rows, 200)


def test_a_list_row_is_the_system_as_its_detail_shows_it(api_client, personas):
    system = AISystemFactory(
        system_id="SYS-001",
        owner_team=personas.people_ops,
        regulatory_scope=["gdpr"],
        reclassification_reasons=["scale changed"],
        deployment_date="2026-01-02",
    )
    services.system_classify(
        actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="Reviewed."
    )
    client = as_user(api_client, personas.auditor)
    [row] = client.get(LIST).json()["results"]
    assert row == client.get(detail("SYS-001")).json()
    assert row["controls"]["required"] == 11 and row["risk_tier"] == "high"


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "201"}, "page_size"),
        ({"page": ""}, "page"),
    ],
)
def test_page_and_page_size_out_of_range_are_a_400_naming_them(api_client, personas, params, name):
    AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    response = as_user(api_client, personas.auditor).get(LIST, params)
    assert response.status_code == 400 and list(response.json()) == [name]


def test_blank_filters_and_ordering_mean_any_as_the_schema_declares(api_client, personas):
    AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    client = as_user(api_client, personas.admin)
    response = client.get(LIST, {"ordering": "", "ai_act": "", "reclassification": ""})
    assert response.status_code == 200 and response.json()["count"] == 1
    schema = client.get("/api/schema/?format=json").json()
    parameters = {p["name"]: p["schema"] for p in schema["paths"][LIST]["get"]["parameters"]}
    assert parameters["page"] == {"type": "integer", "minimum": 1}
    assert parameters["page_size"]["maximum"] == 200
    assert {"", "system_id", "-risk_tier"} <= set(parameters["ordering"]["enum"])
    assert "" in parameters["ai_act"]["enum"]
    assert set(parameters["reclassification"]["enum"]) == {"", "true", "false"}


# --- the contract's edges: JSON 404s, closed request bodies, page ranges ---------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/systems/xx%20y/",  # not a system ID the URL pattern takes
        "/api/v1/systems/SYS-999/",  # a system ID nobody registered
        "/api/v1/systems/SYS-001/nothing/",
        "/api/v1/nothing/",
        "/api/elsewhere",
    ],
)
def test_every_404_under_the_api_is_json(api_client, personas, path):
    api_client.force_authenticate(personas.auditor)
    response = api_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_the_schema_closes_every_request_body(api_client, personas):
    api_client.force_authenticate(personas.auditor)
    schema = api_client.get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]
    bodies = {
        media["schema"]["$ref"].rsplit("/", 1)[1]
        for operations in schema["paths"].values()
        for operation in operations.values()
        for media in operation.get("requestBody", {}).get("content", {}).values()
    }
    assert {"SystemWriteRequest", "PatchedSystemUpdateRequest"} <= bodies
    assert all(components[name]["additionalProperties"] is False for name in bodies)
    # JSON bodies, except file uploads: multipart only, with a binary (file) field; a
    # gate's artifacts and test results take JSON too (a record or a link, not a file),
    # and a framework import takes the file or its text as JSON `content`.
    contents = {
        (path, method): operation.get("requestBody", {}).get("content", {})
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }
    either = ("/artifacts/", "/tests/", "/frameworks/import", "/frameworks/import/")
    for (path, _method), content in contents.items():
        types = set(content) - ({"application/json"} if path.endswith(either) else set())
        assert types <= {"application/json"} or (
            types == {"multipart/form-data"} and _uploads_a_file(content, components)
        )
    upload = ("/api/v1/systems/{system_id}/controls/{control_key}/evidence/", "post")
    assert set(contents[upload]) == {"multipart/form-data"}


def _uploads_a_file(content: dict, components: dict) -> bool:
    name = content["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    return any(f.get("format") == "binary" for f in components[name]["properties"].values())


@pytest.mark.parametrize(
    ("body", "field"),
    [({"colour": "red"}, "colour"), ({"name": 42}, "name"), ({"vendor": ""}, "vendor")],
)
def test_unknown_fields_numbers_for_text_and_blank_links_are_refused(
    api_client, personas, body, field
):
    AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    api_client.force_authenticate(personas.owner)
    response = api_client.patch("/api/v1/systems/SYS-001/", body, format="json")
    assert response.status_code == 400 and field in response.json()


@pytest.mark.parametrize("query", ["page=0", "page_size=0", "page_size=201", "page_size=x"])
def test_pages_out_of_the_schemas_range_are_a_400_naming_the_parameter(api_client, personas, query):
    api_client.force_authenticate(personas.auditor)
    response = api_client.get(f"/api/v1/systems/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()
