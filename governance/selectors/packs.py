"""Every read of audit packs that a page or an endpoint needs, each at a fixed number of
queries however many packs there are.

  packs_visible_to(user)         who sees which packs, decided here only
  pack_list_for(user, params)    the packs list (governance/lists/packs.py) as a ListQuery:
                                 the page, one row's live update and the API use it
  pack_get_for(user, pk=)        one pack; 404 for missing and forbidden alike
  pack_open(pack)                its stored bytes
  pack_systems_offered(user)     the systems the export form offers the user
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.files import File
from django.db.models import QuerySet

from core.lists import ListQuery
from core.permissions import can
from core.selectors import visible_or_404
from governance.lists.packs import PACK_LIST
from governance.models import AuditPack
from governance.permissions import may_see_every_pack, pack_export_teams
from governance.services.packs.storage import pack_storage
from registry.models import AISystem
from registry.selectors.systems import systems_visible_to


def packs_visible_to(user) -> QuerySet[AuditPack]:
    """The requester sees their packs; auditors, board members and administrators all."""
    if not can(user, "governance.pack.view"):
        return AuditPack.objects.none()
    if may_see_every_pack(user):
        return AuditPack.objects.all()
    return AuditPack.objects.filter(requested_by=user)


def pack_list_for(user, params: Mapping | None = None, **context) -> ListQuery:
    return PACK_LIST.query(packs_visible_to(user), params, **context)


def pack_get_for(user, *, pk: int) -> AuditPack:
    """One visible pack with its requester; Http404 when missing or not the user's to see."""
    rows = packs_visible_to(user).select_related("requested_by", "checkpoint")
    return visible_or_404(rows, "No such audit pack.", pk=pk)


def pack_open(*, pack: AuditPack) -> File:
    """The stored bytes, opened for reading (the caller closes them, or a response does)."""
    return pack_storage().open(pack.storage_name, "rb")


def pack_systems_offered(user) -> QuerySet[AISystem]:
    """The systems the user may export: every visible one, or their team's for a product
    owner (the service refuses any other, so the form offers none)."""
    visible = systems_visible_to(user)
    teams = pack_export_teams(user)
    if teams is not None:
        visible = visible.filter(owner_team__in=teams)
    # The form needs the ID and the name of each: the list's control counts, computed
    # per row, cost more than the rest of the page with 2,000 systems (bench/scale.py).
    offered = AISystem.objects.filter(pk__in=visible.values("pk"))
    return offered.only("pk", "system_id", "name").order_by("system_id")
