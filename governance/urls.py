"""The governance board's pages: the board, its review sessions and the risk register,
mounted at the root (config/urls.py)."""

from django.urls import include, path, register_converter

from core.url_ids import IdConverter
from governance.models import RISK_ID_URL_PATTERN
from governance.views import board, pack_verify, packs, risks, sessions
from registry.urls import SystemIdConverter

app_name = "governance"


class RiskIdConverter(IdConverter):
    """A risk ID in a URL (RISK-001)."""

    regex = RISK_ID_URL_PATTERN


register_converter(RiskIdConverter, "risk_id")
# The registry's converter for a system's ID, under a name of governance's own.
register_converter(SystemIdConverter, "gov_system_id")

# Each page's URLs below its list's, as the address bar reads them.
RISK_URLS = [
    path("", risks.risk_list, name="risk_list"),
    path("export.<str:file_format>", risks.risk_export, name="risk_export"),
    path("new/", risks.risk_create_view, name="risk_create"),
    path("import/", risks.risk_import_view, name="risk_import"),
    path("<risk_id:risk_id>/", risks.risk_detail, name="risk_detail"),
    path("<risk_id:risk_id>/edit/", risks.risk_edit, name="risk_edit"),
    path("<risk_id:risk_id>/close/", risks.risk_close_view, name="risk_close"),
    path(
        "of-system/<gov_system_id:system_id>/", risks.system_risks_panel, name="system_risks_panel"
    ),
]
SESSION_URLS = [
    path("", sessions.session_list, name="session_list"),
    path("export.<str:file_format>", sessions.session_export, name="session_export"),
    path("new/", sessions.session_open, name="session_open"),
    path("<int:pk>/", sessions.session_detail, name="session_detail"),
    path("<int:pk>/decisions/", sessions.decision_record, name="decision_record"),
    path("<int:pk>/attendees/", sessions.session_attendees, name="session_attendees"),
    path("<int:pk>/close/", sessions.session_close, name="session_close"),
]
PACK_URLS = [
    path("", packs.pack_list, name="pack_list"),
    path("verify/", pack_verify.pack_verify_view, name="pack_verify"),
    path("<int:pk>/", packs.pack_detail, name="pack_detail"),
    path("<int:pk>/download/", packs.pack_download, name="pack_download"),
    path("<int:pk>/retry/", packs.pack_retry_view, name="pack_retry"),
]

urlpatterns = [
    path("risks/", include(RISK_URLS)),
    path("board/", board.board, name="board"),
    path("board/heat-maps/", board.board_heat_maps, name="board_heat_maps"),
    path("board/sessions/", include(SESSION_URLS)),
    path("packs/", include(PACK_URLS)),
]
