"""What every page needs: the portal name, unread notifications, the navigation."""

from django.conf import settings

from core.navigation import navigation_for


def unread_count_of(user) -> int:
    """Loaded with the user at sign-in time of the request (core.backends) unless a
    service changed it since (notifications_mark_read forgets it); else one query."""
    known = getattr(user, "unread_notifications", None)
    if known is not None:
        return known
    return user.notifications.filter(read_at__isnull=True).count()


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"portal_name": settings.PORTAL_NAME}
    return {
        "portal_name": settings.PORTAL_NAME,
        "unread_count": unread_count_of(user),
        "nav_items": navigation_for(user, request.path),
    }
