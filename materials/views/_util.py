from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError

from common.exceptions import Conflict
from common.forms import apply_errors


def run_service(request, form, call, *, field_map=None) -> object | None:
    """Call a service for a valid form; put its errors on the form. Returns the result or None."""
    try:
        return call()
    except ValidationError as exc:
        apply_errors(form, exc, field_map=field_map)
    except Conflict as exc:
        form.add_error(None, exc.message)
        for problem in exc.problems:
            form.add_error(None, problem)
    return None


def flash_success(request, text) -> None:
    messages.success(request, text)
