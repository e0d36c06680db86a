"""The vendor contact's questionnaire pages (public: the token is the credential)."""

from django.urls import path

from vendors import questionnaire_views as views

app_name = "questionnaire"

urlpatterns = [
    path("q/<str:token>/", views.questionnaire_page, name="form"),
    path("q/<str:token>/upload/", views.questionnaire_upload_page, name="upload"),
]
