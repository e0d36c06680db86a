from django.urls import path

from core.views import (
    audit,
    csp_report,
    deadlines,
    evidence,
    health,
    inbox,
    organisation,
    profile,
    work,
)

app_name = "core"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("csp-report/", csp_report.csp_report, name="csp_report"),
    path("waiting/", work.waiting_for_me, name="waiting_for_me"),
    path("waiting/count/", work.waiting_count, name="waiting_count"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/<int:pk>/read/", inbox.notification_read, name="notification_read"),
    path("inbox/read-all/", inbox.notifications_read_all, name="notifications_read_all"),
    path("audit/", audit.audit_list, name="audit_list"),
    path("audit/export.csv", audit.audit_export, name="audit_export"),
    path("audit/verify/", audit.audit_verify_view, name="audit_verify"),
    path("deadlines/", deadlines.my_deadlines, name="my_deadlines"),
    path("deadlines/export.csv", deadlines.my_deadlines_export, name="my_deadlines_export"),
    path("deadlines/portfolio/", deadlines.portfolio_deadlines, name="portfolio_deadlines"),
    path(
        "deadlines/portfolio/export.csv",
        deadlines.portfolio_deadlines_export,
        name="portfolio_deadlines_export",
    ),
    path("evidence/<int:pk>/download/", evidence.evidence_download, name="evidence_download"),
    path("organisation/", organisation.organisation_profile, name="organisation_profile"),
    path("profile/", profile.profile, name="profile"),
    path("profile/roles/", profile.user_menu_roles, name="user_menu_roles"),
    path("profile/time-zone/", profile.profile_time_zone, name="profile_time_zone"),
    path("profile/sign-out-everywhere/", profile.sign_out_everywhere, name="sign_out_everywhere"),
    path("profile/tokens/new/", profile.token_create, name="token_create"),
    path("profile/tokens/<int:pk>/created/", profile.token_created, name="token_created"),
    path("profile/tokens/<int:pk>/revoke/", profile.token_revoke, name="token_revoke"),
]
