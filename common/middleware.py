"""Request-scoped context: a request id for the history, and the language switch."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.utils import translation

from common.history import history_context

LANGUAGE_ALIASES = {"zh": "zh-hans", "zh-cn": "zh-hans", "zh-hans": "zh-hans", "en": "en"}


class RequestIdMiddleware:
    """Give every request an id; history entries written during it carry the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = uuid.uuid4()
        with history_context(request.id):
            response = self.get_response(request)
        response["X-Request-ID"] = str(request.id)
        return response


class LanguageParameterMiddleware:
    """`?lang=en` (or `?lang=zh`) switches the language and remembers it in a cookie.

    Runs after LocaleMiddleware, which already honours the cookie and the
    browser's Accept-Language; the parameter wins over both.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wanted = LANGUAGE_ALIASES.get(request.GET.get("lang", "").lower())
        if wanted:
            translation.activate(wanted)
            request.LANGUAGE_CODE = wanted
        response = self.get_response(request)
        if wanted:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                wanted,
                max_age=365 * 24 * 3600,
                samesite="Lax",
                secure=not settings.DEBUG and settings.SESSION_COOKIE_SECURE,
            )
            response.headers.setdefault("Content-Language", wanted)
            response.headers["Content-Language"] = wanted
        return response
