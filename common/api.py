"""REST framework plumbing shared by every app: pagination, error shapes, base classes."""

from __future__ import annotations

from collections import OrderedDict

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, pagination, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from common.exceptions import Conflict
from common.ids import MAX_ID


class IdFormField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """A filter on a row id: a whole number within the database's range, else 400 naming the parameter."""

    field_class = IdFormField


class NoCountPagination(pagination.PageNumberPagination):
    """`{"next", "previous", "results"}` without COUNT(*): one query per page.

    Fetches one row more than the page size to know whether a next page exists.
    """

    page_size_query_param = "page_size"
    max_page_size = 500
    max_page = 10**9

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request) or api_settings.PAGE_SIZE
        try:
            self.page_number = max(1, int(request.query_params.get(self.page_query_param, 1)))
        except (TypeError, ValueError):
            raise exceptions.NotFound() from None
        if self.page_number > self.max_page:  # an offset the database cannot take: no such page
            raise exceptions.NotFound()
        offset = (self.page_number - 1) * size
        rows = list(queryset[offset : offset + size + 1])
        self.has_next = len(rows) > size
        return rows[:size]

    def get_next_link(self):
        if not self.has_next:
            return None
        from rest_framework.utils.urls import replace_query_param

        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, self.page_number + 1)

    def get_previous_link(self):
        if self.page_number <= 1:
            return None
        from rest_framework.utils.urls import remove_query_param, replace_query_param

        url = self.request.build_absolute_uri()
        if self.page_number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.page_number - 1)

    def get_paginated_response(self, data):
        return Response(
            OrderedDict(
                [
                    ("next", self.get_next_link()),
                    ("previous", self.get_previous_link()),
                    ("results", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }


class ConflictError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict"
    default_code = "conflict"


def _validation_detail(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        detail = {}
        for field, errors in exc.message_dict.items():
            key = api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field
            detail[key] = list(errors)
        return detail
    return {api_settings.NON_FIELD_ERRORS_KEY: list(exc.messages)}


def exception_handler(exc, context):
    """DRF's handler plus the registry's domain errors.

    - django ValidationError from a service: 400 `{"field": ["message"]}`
    - Conflict from a service: 409 `{"detail", "code", "problems"}`
    """
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_validation_detail(exc))
    elif isinstance(exc, Conflict):
        return Response(
            {"detail": str(exc.message), "code": exc.code, "problems": [str(p) for p in exc.problems]},
            status=status.HTTP_409_CONFLICT,
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*(exc.args[:1] or ()))
    return drf_exception_handler(exc, context)


class ConflictSerializer(serializers.Serializer):
    """Schema of a 409 answer."""

    detail = serializers.CharField()
    code = serializers.CharField()
    problems = serializers.ListField(child=serializers.CharField())


class ErrorDetailSerializer(serializers.Serializer):
    detail = serializers.CharField()
