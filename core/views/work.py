""" "Waiting for me": what needs the signed-in person now, from every app (core.work)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.views.common import require_can
from core.work import work_count_for, work_for


@require_GET
def waiting_for_me(request):
    require_can(request, "core.work.view")
    groups = work_for(request.user)
    return render(
        request,
        "core/waiting_for_me.html",
        {"groups": groups, "total": sum(group.count for group in groups)},
    )


@require_GET
def waiting_count(request):
    """The navigation's badge beside "Waiting for me", asked for after the page: empty
    when nothing waits."""
    require_can(request, "core.work.view")
    return render(request, "core/_waiting_count.html", {"count": work_count_for(request.user)})
