from django.shortcuts import render


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "403.html", {"message": str(exception or "")}, status=403)
