"""Links a signed-out visitor can follow lead to sign-in and back, never to a 403."""

from tests.factories import PASSWORD


def test_the_footers_api_link_sends_a_signed_out_visitor_to_sign_in_and_back(client, personas):
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/api/docs/"
    signed_in = client.post(
        response.url, {"login": personas.board.email, "password": PASSWORD}, follow=True
    )
    assert signed_in.redirect_chain[-1][0] == "/api/docs/"
    assert "swagger-ui" in signed_in.content.decode()


def test_the_api_itself_still_answers_a_signed_out_script_with_401_or_403(client, db):
    for path in ("/api/v1/systems/", "/api/schema/"):
        response = client.get(path, HTTP_ACCEPT="application/json")
        assert response.status_code in (401, 403), path
        assert response["Content-Type"].startswith("application/"), path
