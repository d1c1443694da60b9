from projects import registry


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": [], "unread_notifications": 0}

    def unread():
        return user.notifications.filter(read_at__isnull=True).count()

    # Lazy: the count runs only on pages whose template shows it.
    return {"nav_links": registry.nav_links(user), "unread_notifications": unread}
