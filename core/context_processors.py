"""What every page needs: the portal name, unread notifications, the navigation."""

from django.conf import settings

from core.navigation import navigation_for


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"portal_name": settings.PORTAL_NAME}
    return {
        "portal_name": settings.PORTAL_NAME,
        "unread_count": user.notifications.filter(read_at__isnull=True).count(),
        "nav_items": navigation_for(user, request.path),
    }
