"""From what an identity provider says about a person to the roles their groups map to,
and the address that ends a person's session at the provider.

Pure functions (no ORM, no clock, no network): a role is a key (role, team id or None),
as a role assignment holds it; the mapping table arrives as (group, role, team id) rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

RoleKey = tuple[str, int | None]


def claims_of(extra_data: Mapping) -> dict:
    """One dict of the person's claims from what allauth stored of a sign-in: the ID
    token's, overlaid by the userinfo endpoint's. Providers differ in where they put
    groups (Entra ID only in the ID token, others only in userinfo), so both count."""
    id_token = extra_data.get("id_token")
    userinfo = extra_data.get("userinfo")
    if not isinstance(id_token, Mapping) and not isinstance(userinfo, Mapping):
        return dict(extra_data)  # allauth before 65.11 stored the userinfo alone
    return {**(id_token or {}), **(userinfo or {})}


def groups_in(claims: Mapping, claim: str) -> list[str]:
    """The groups listed under `claim`: a list of names (or ids), or a single one. A
    dotted name reaches into an object, as Keycloak's `realm_access.roles`. A claim
    that is missing or of another shape lists no group."""
    value: object = claims
    for part in claim.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        return []
    return [str(item) for item in value if isinstance(item, str | int) and str(item)]


def roles_wanted(
    groups: Iterable[str], mappings: Iterable[tuple[str, str, int | None]]
) -> dict[RoleKey, str]:
    """Each (role, team) that one of `groups` maps to, with the group that brings it
    (the first by name when several map to the same role)."""
    member_of = set(groups)
    wanted: dict[RoleKey, str] = {}
    for group, role, team in sorted(mappings, key=lambda row: (row[0], row[1], row[2] or 0)):
        if group in member_of:
            wanted.setdefault((role, team), group)
    return wanted


@dataclass(frozen=True)
class RoleChanges:
    """What one sign-in changes: roles to give (with the group that brings each) and
    roles single sign-on gave before that no group maps to any more."""

    grant: dict[RoleKey, str]
    revoke: frozenset[RoleKey]

    def __bool__(self) -> bool:
        return bool(self.grant or self.revoke)


def role_changes(
    wanted: Mapping[RoleKey, str], by_sso: Iterable[RoleKey], by_hand: Iterable[RoleKey]
) -> RoleChanges:
    """Roles follow groups, for the roles single sign-on gave only: a wanted role the
    person holds by hand is left as it is (and stays when the group goes), a role
    single sign-on gave goes when no group brings it any more."""
    by_sso, by_hand = set(by_sso), set(by_hand)
    grant = {key: group for key, group in wanted.items() if key not in by_sso | by_hand}
    return RoleChanges(grant=grant, revoke=frozenset(by_sso - set(wanted)))


def end_session_url(
    endpoint: str, *, id_token: str, client_id: str, post_logout_redirect_uri: str
) -> str:
    """Where the browser goes to end the person's session at the provider (OpenID Connect
    RP-Initiated Logout 1.0): the provider's end_session_endpoint with the ID token of
    the sign-in as id_token_hint (so it ends that session without asking), the client id
    and the address it sends the browser back to. A query the endpoint already has (an
    Azure AD B2C policy) is kept."""
    parts = urlsplit(endpoint)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += [
        ("id_token_hint", id_token),
        ("client_id", client_id),
        ("post_logout_redirect_uri", post_logout_redirect_uri),
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))
