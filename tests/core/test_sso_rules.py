"""The pure rules of single sign-on: claims to groups, groups to roles, which roles one
sign-in gives and takes away, the provider's sign-out address; and the settings read
from the environment."""

from urllib.parse import parse_qsl, urlsplit

from core.sso.config import oidc_providers, with_provider_form_action
from core.sso.rules import claims_of, end_session_url, groups_in, role_changes, roles_wanted

MAPPINGS = [
    ("gov-dpo", "dpo", None),
    ("gov-board", "board", None),
    ("gov-po-hr", "product_owner", 7),
    ("gov-po-cs", "product_owner", 8),
    ("aa-privacy", "dpo", None),
]


def test_claims_of_a_sign_in_are_the_id_token_overlaid_by_userinfo():
    stored = {"id_token": {"sub": "1", "groups": ["a"], "name": "X"}, "userinfo": {"name": "Y"}}
    assert claims_of(stored) == {"sub": "1", "groups": ["a"], "name": "Y"}
    assert claims_of({"userinfo": {"groups": ["b"]}}) == {"groups": ["b"]}
    assert claims_of({"sub": "1", "groups": ["c"]}) == {"sub": "1", "groups": ["c"]}  # < 65.11


def test_groups_come_as_a_list_a_single_value_or_nested():
    assert groups_in({"groups": ["a", "b", 42]}, "groups") == ["a", "b", "42"]
    assert groups_in({"groups": "a"}, "groups") == ["a"]
    assert groups_in({"realm_access": {"roles": ["x"]}}, "realm_access.roles") == ["x"]
    for odd in ({}, {"groups": None}, {"groups": {"a": 1}}, {"groups": [None, {}, ""]}):
        assert groups_in(odd, "groups") == []


def test_groups_map_to_roles_with_the_group_that_brings_each():
    wanted = roles_wanted(["gov-dpo", "aa-privacy", "gov-po-cs", "unknown"], MAPPINGS)
    assert wanted == {("dpo", None): "aa-privacy", ("product_owner", 8): "gov-po-cs"}
    assert roles_wanted([], MAPPINGS) == {}


def test_roles_follow_groups_only_for_the_roles_single_sign_on_gave():
    wanted = {("dpo", None): "gov-dpo", ("board", None): "gov-board"}
    changes = role_changes(
        wanted,
        by_sso={("board", None), ("product_owner", 7)},
        by_hand={("dpo", None), ("auditor", None)},
    )
    assert changes.grant == {}  # the board by SSO already, the DPO role by hand
    assert changes.revoke == {("product_owner", 7)}  # by hand: the auditor role stays
    nothing = role_changes(wanted, by_sso=set(wanted), by_hand=set())
    assert not nothing
    fresh = role_changes(wanted, by_sso=set(), by_hand=set())
    assert fresh.grant == wanted and not fresh.revoke


def test_without_a_server_url_and_a_client_id_there_is_no_provider():
    assert oidc_providers({}) == {}
    assert oidc_providers({"SSO_OIDC_SERVER_URL": "https://id.example.org"}) == {}
    assert oidc_providers({"SSO_OIDC_CLIENT_ID": "portal"}) == {}


def test_the_provider_entry_from_the_environment():
    providers = oidc_providers(
        {
            "SSO_OIDC_SERVER_URL": "https://login.example.org/realms/corp",
            "SSO_OIDC_CLIENT_ID": "portal",
            "SSO_OIDC_CLIENT_SECRET": "s3cret",
            "SSO_OIDC_SCOPES": "groups, email",
            "SSO_EMAIL_DOMAINS": "Example.org @example.com",
        }
    )
    (app,) = providers["openid_connect"]["APPS"]
    assert (app["provider_id"], app["name"], app["client_id"], app["secret"]) == (
        "sso",
        "Single sign-on",
        "portal",
        "s3cret",
    )
    assert app["settings"]["scope"] == ["openid", "profile", "email", "groups"]
    assert app["settings"]["email_domains"] == ["example.org", "example.com"]
    assert app["settings"]["oauth_pkce_enabled"] is True


def test_form_action_allows_the_provider_only_when_there_is_one():
    policy = {"DIRECTIVES": {"form-action": ["'self'"], "script-src": ["'self'"]}}
    assert with_provider_form_action(policy, {}) == policy
    providers = oidc_providers(
        {"SSO_OIDC_SERVER_URL": "https://id.example.org:8443/o/corp", "SSO_OIDC_CLIENT_ID": "p"}
    )
    widened = with_provider_form_action(policy, providers)
    assert widened["DIRECTIVES"]["form-action"] == ["'self'", "https://id.example.org:8443"]
    assert policy["DIRECTIVES"]["form-action"] == ["'self'"]  # the settings' own untouched


def test_the_sign_out_address_carries_the_token_the_client_and_the_way_back():
    url = end_session_url(
        "https://id.example.com/b2c/logout?p=B2C_1_signin",
        id_token="eyJ.a+b/c=.sig",
        client_id="portal",
        post_logout_redirect_uri="https://gov.example.com/accounts/login/?x=1&y=2",
    )
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("id.example.com", "/b2c/logout")
    assert parse_qsl(parts.query) == [
        ("p", "B2C_1_signin"),  # the endpoint's own query kept, first
        ("id_token_hint", "eyJ.a+b/c=.sig"),
        ("client_id", "portal"),
        ("post_logout_redirect_uri", "https://gov.example.com/accounts/login/?x=1&y=2"),
    ]
    assert "&y=2" not in url  # the way back is one encoded value, not two parameters
