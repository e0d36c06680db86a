"""The governance board's pages, mounted at the root (config/urls.py)."""

from django.urls import path

from governance.views import board, sessions

app_name = "governance"

urlpatterns = [
    path("board/", board.board, name="board"),
    path("board/heat-maps/", board.board_heat_maps, name="board_heat_maps"),
    path("board/sessions/", sessions.session_list, name="session_list"),
    path("board/sessions/new/", sessions.session_open, name="session_open"),
    path("board/sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("board/sessions/<int:pk>/decisions/", sessions.decision_record, name="decision_record"),
    path(
        "board/sessions/<int:pk>/attendees/", sessions.session_attendees, name="session_attendees"
    ),
    path("board/sessions/<int:pk>/close/", sessions.session_close, name="session_close"),
]
