"""Helpers for pages: service errors onto forms, upload fields that run the upload checks."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from common.uploads import CheckedUpload, UploadPolicy, check_upload


def apply_errors(form: forms.Form, exc: ValidationError, *, field_map: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError on the form: on the field it names, else on top."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            name = field_map.get(field, field)
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def run_service(form: forms.Form, call, *, field_map: dict[str, str] | None = None):
    """Call a service for a valid form. Its ValidationError goes onto the named fields and a
    Conflict (with every problem it lists) on top of the form; then the result is None.

        if request.method == "POST" and form.is_valid():
            if (project := run_service(form, lambda: services.project_register(...))) is not None:
                return redirect(project)
    """
    from common.exceptions import Conflict

    try:
        return call()
    except ValidationError as exc:
        apply_errors(form, exc, field_map=field_map)
    except Conflict as exc:
        form.add_error(None, str(exc.message))
        for problem in exc.problems:
            form.add_error(None, problem)
    return None


def form_errors_to_messages(request, form: forms.Form) -> None:
    """For small forms posted from a page that shows them inline: report errors as messages."""
    from django.contrib import messages

    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


class CheckedFileField(forms.FileField):
    """A file input whose clean() runs the one upload path (type sniffed, size, pixels).

    `cleaned_data[name]` is a CheckedUpload, ready for common.uploads.store_*.
    """

    def __init__(self, *, policy: UploadPolicy, **kwargs):
        self.policy = policy
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", policy.accept)

    def clean(self, data, initial=None) -> CheckedUpload | None:
        upload = super().clean(data, initial)
        if not upload:
            return None
        return check_upload(upload, self.policy)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)
