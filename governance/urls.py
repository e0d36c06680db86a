"""The governance board's pages: the board, its review sessions and the risk register,
mounted at the root (config/urls.py)."""

from django.urls import path, register_converter

from governance.models import RISK_ID_URL_PATTERN
from governance.views import board, pack_verify, packs, risks, sessions
from registry.models import SYSTEM_ID_URL_PATTERN

app_name = "governance"


class _Pattern:
    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class RiskIdConverter(_Pattern):
    regex = RISK_ID_URL_PATTERN


class SystemIdConverter(_Pattern):
    regex = SYSTEM_ID_URL_PATTERN


register_converter(RiskIdConverter, "risk_id")
register_converter(SystemIdConverter, "gov_system_id")

urlpatterns = [
    path("risks/", risks.risk_list, name="risk_list"),
    path("risks/export.<str:file_format>", risks.risk_export, name="risk_export"),
    path("risks/new/", risks.risk_create_view, name="risk_create"),
    path("risks/import/", risks.risk_import_view, name="risk_import"),
    path("risks/<risk_id:risk_id>/", risks.risk_detail, name="risk_detail"),
    path("risks/<risk_id:risk_id>/edit/", risks.risk_edit, name="risk_edit"),
    path("risks/<risk_id:risk_id>/close/", risks.risk_close_view, name="risk_close"),
    path(
        "risks/of-system/<gov_system_id:system_id>/",
        risks.system_risks_panel,
        name="system_risks_panel",
    ),
    path("packs/verify/", pack_verify.pack_verify_view, name="pack_verify"),
    path("board/", board.board, name="board"),
    path("board/heat-maps/", board.board_heat_maps, name="board_heat_maps"),
    path("board/sessions/", sessions.session_list, name="session_list"),
    path("board/sessions/export.<str:file_format>", sessions.session_export, name="session_export"),
    path("board/sessions/new/", sessions.session_open, name="session_open"),
    path("board/sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("board/sessions/<int:pk>/decisions/", sessions.decision_record, name="decision_record"),
    path(
        "board/sessions/<int:pk>/attendees/", sessions.session_attendees, name="session_attendees"
    ),
    path("board/sessions/<int:pk>/close/", sessions.session_close, name="session_close"),
    path("packs/", packs.pack_list, name="pack_list"),
    path("packs/<int:pk>/", packs.pack_detail, name="pack_detail"),
    path("packs/<int:pk>/download/", packs.pack_download, name="pack_download"),
    path("packs/<int:pk>/retry/", packs.pack_retry_view, name="pack_retry"),
]
