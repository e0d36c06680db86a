"""The audit packs as a list of the list kit: filters and columns, declared once for the
packs page (and each row's live update), the API and the CSV export.

Query parameters (blank means any, see core.lists):
  status     queued | running | done | failed
  scope      system | portfolio
  q          words in the pack ID, a system's ID, the requester's name or e-mail

The list's context (ListSpec.query(..., **context)): `time_zone` (the viewer's),
`csrf_token` and `may_retry` for the retry button, `absolute` (request.build_absolute_uri)
for the API's download URL.
"""

from __future__ import annotations

from html import escape

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from core.lists import (
    Column,
    ListFilterSet,
    ListSpec,
    PlainChoiceFilter,
    api_column,
    local_time_text,
    person_column,
)
from governance.lists import filters
from governance.lists.cells import iso, url_of
from governance.models import AuditPack

Status = AuditPack.Status
STATUS_LABELS = {k: escape(str(v)) for k, v in Status.choices}
SCOPE_LABELS = dict(AuditPack.Scope.choices)
PACK_ID_DIGITS = 5


class PackFilter(ListFilterSet):
    q = filters.text("Search", "filter_search")
    status = PlainChoiceFilter("Status", Status.choices)
    scope = PlainChoiceFilter("Scope", AuditPack.Scope.choices)

    class Meta:
        model = AuditPack
        fields: list[str] = []

    def filter_search(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        found = Q()
        for word in value.split():
            number = word.upper().removeprefix("PACK-")
            system = AuditPack.systems.through.objects.filter(
                auditpack=OuterRef("pk"), aisystem__system_id__iexact=word
            )
            match = (
                Q(requested_by__email__icontains=word)
                | Q(requested_by__full_name__icontains=word)
                | Q(Exists(system))
            )
            if number.isdigit() and len(number) <= PACK_ID_DIGITS + 4:
                match |= Q(pk=int(number))
            found &= match
        return qs.filter(found)


def pack_id_of(pk: int) -> str:
    return f"PACK-{pk:0{PACK_ID_DIGITS}d}"


def live(row) -> bool:
    """Queued or running: the row keeps asking for its progress."""
    return row["status"] in (Status.QUEUED, Status.RUNNING)


SYSTEMS_SHOWN = 3  # a pack of the whole register would otherwise fill the row


def _what(row, _context) -> str:
    """The CSV's cell: every system."""
    if row["scope"] == AuditPack.Scope.PORTFOLIO:
        return "Portfolio"
    return ", ".join(row["system_ids"] or [])


def _what_cell(row, context) -> str:
    """The page's cell: the first systems, and how many more (all of them on hover and
    on the pack's page). An ID never breaks at its hyphen."""
    ids = row["system_ids"] or []
    if row["scope"] == AuditPack.Scope.PORTFOLIO:
        return "Portfolio"
    cut = ids if len(ids) <= SYSTEMS_SHOWN + 1 else ids[:SYSTEMS_SHOWN]
    shown = ", ".join(f'<span class="nowrap">{escape(i)}</span>' for i in cut)
    if len(cut) == len(ids):
        return shown
    return f'<span title="{escape(", ".join(ids))}">{shown} and {len(ids) - len(cut)} more</span>'


def _status_cell(row, _context) -> str:
    label = STATUS_LABELS.get(row["status"]) or escape(row["status"])
    if live(row):
        # The row asks for itself every second and replaces itself (the polling stops
        # with the first answer that is no longer live: it carries no hx-get).
        poll = url_of("governance:pack_detail", row["id"])
        return (
            f'<div class="pack-progress" hx-get="{poll}" hx-trigger="every 1s" '
            'hx-target="closest tr" hx-swap="outerHTML">'
            f'<progress max="100" value="{row["progress"]}" aria-label="Progress of '
            f'{pack_id_of(row["id"])}">{row["progress"]}%</progress> '
            f'<span class="pack-stage">{label}{": " if row["stage"] else ""}'
            f"{escape(row['stage'])} ({row['progress']}%)</span></div>"
        )
    if row["status"] == Status.FAILED:
        return f'{label}<br><span class="error-text">{escape(row["error"])}</span>'
    return label


def _size_text(row, _context) -> str:
    size = row["size"]
    if size is None:
        return ""
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _kept_text(row, context) -> str:
    if row["deleted_at"]:
        return f"Deleted {local_time_text(row['deleted_at'], context)}"
    return f"Until {local_time_text(row['expires_at'], context)}" if row["expires_at"] else ""


def _pack_cell(row, _context) -> str:
    """The pack's ID, linking its page (the whole hash and the audit checkpoint)."""
    href = url_of("governance:pack_detail", row["id"])
    return f'<a href="{href}">{pack_id_of(row["id"])}</a>'


def _sha_cell(row, _context) -> str:
    """The first 16 hex digits (the pack's page and the API show all 64)."""
    sha = row["sha256"]
    if not sha:
        return ""
    return (
        f'<code class="hash" title="{sha}">{sha[:16]}<span aria-hidden="true">…</span>'
        f'<span class="visually-hidden">{sha[16:]}</span></code>'
    )


def _actions_cell(row, context) -> str:
    if row["status"] == Status.DONE and not row["deleted_at"]:
        href = url_of("governance:pack_download", row["id"])
        hidden = f'<span class="visually-hidden"> {pack_id_of(row["id"])}</span>'
        return f'<a href="{href}" download>Download{hidden}</a>'
    if row["status"] == Status.FAILED and context.get("may_retry"):
        action = url_of("governance:pack_retry", row["id"])
        token = escape(context.get("csrf_token", ""))
        return (
            f'<form method="post" action="{action}">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            '<button type="submit" class="btn btn-secondary">Retry'
            f'<span class="visually-hidden"> {pack_id_of(row["id"])}</span></button></form>'
        )
    return ""


def _download_url(row, context) -> str | None:
    if row["status"] != Status.DONE or row["deleted_at"]:
        return None
    path = url_of("export-download", row["id"])
    absolute = context.get("absolute")
    return absolute(path) if absolute else path


REQUESTER_SORT = Coalesce(NullIf("requested_by__full_name", Value("")), "requested_by__email")


def _requester_text(row, _context) -> str:
    """The requester's display name (core User.display_name), from the row's own values."""
    return row["requested_by__full_name"] or row["requested_by__email"]


COLUMNS = (
    Column(
        "pack_id",
        "Pack",
        fields=("id",),
        value=lambda row, _: pack_id_of(row["id"]),
        cell=_pack_cell,
        sort="id",
        row_header=True,
        css="nowrap",
    ),
    Column(
        "systems",
        "Covers",
        fields=("scope", "system_ids"),
        text=_what,
        cell=_what_cell,
        value=lambda row, _: row["system_ids"] or [],
    ),
    Column(
        "range",
        "Records from–to",
        fields=("date_from", "date_to"),
        # isoformat, not %Y: strftime writes the year 1 as "1", ISO 8601 as "0001".
        value=lambda row, _: f"{row['date_from'].isoformat()}/{row['date_to'].isoformat()}",
        text=lambda row, _: f"{row['date_from'].isoformat()} to {row['date_to'].isoformat()}",
        api=False,
    ),
    Column(
        "status",
        "Status",
        fields=("status", "progress", "stage", "error"),
        cell=_status_cell,
        sort="status",
    ),
    Column(
        "size", "Size", text=_size_text, value=lambda row, _: row["size"], sort="size", css="num"
    ),
    Column("pages", "Pages", sort="pages", css="num"),
    Column("sha256", "SHA-256", cell=_sha_cell),
    # People by name, as everywhere in the portal (the e-mail for someone without one);
    # the API keeps the e-mail, which identifies the account.
    person_column("requested_by", "Requested by", text=_requester_text, sort=REQUESTER_SORT),
    Column(
        "requested_at",
        "Requested",
        value=iso("requested_at"),
        text=lambda row, context: local_time_text(row["requested_at"], context),
        sort="requested_at",
    ),
    Column("kept", "Kept", fields=("expires_at", "deleted_at"), text=_kept_text, api=False),
    Column(
        "actions",
        "Actions",
        fields=("id", "status", "deleted_at"),
        cell=_actions_cell,
        api=False,
        exported=False,
    ),
    api_column("id", fields=("id",), value=lambda row, _: row["id"], exported=False),
    api_column("scope"),
    api_column("from", fields=("date_from",), value=iso("date_from")),
    api_column("to", fields=("date_to",), value=iso("date_to")),
    api_column("progress"),
    api_column("stage"),
    api_column("error"),
    api_column("finished_at", value=iso("finished_at")),
    api_column("expires_at", value=iso("expires_at")),
    api_column("deleted_at", value=iso("deleted_at")),
    api_column(
        "download_url", fields=("id", "status", "deleted_at"), value=_download_url, exported=False
    ),
)

ANNOTATIONS = {
    "system_ids": ArraySubquery(
        AuditPack.systems.through.objects.filter(auditpack=OuterRef("pk"))
        .order_by("aisystem__system_id")
        .values("aisystem__system_id")
    ),
}

PACK_LIST = ListSpec(
    name="governance.auditpack",
    filterset=PackFilter,
    columns=COLUMNS,
    default_ordering="-requested_at",
    tie_breaker="-id",
    filename="audit-packs",
    caption="Audit packs",
    annotations=ANNOTATIONS,
)
