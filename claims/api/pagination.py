"""Pagination: opaque cursors with a capped page size, and the change feed's numbered cursor."""

from __future__ import annotations

import re

from django.conf import settings
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.utils.urls import replace_query_param


def _bounded(digits: str) -> str:
    """A whole number written with any number of digits (and leading zeros), cut to 20
    significant digits: past that it is beyond every cap and range here, and Python
    refuses to read a number of thousands of digits at all."""
    sign = "-" if digits.startswith("-") else ""
    significant = digits.lstrip("-").lstrip("0") or "0"
    return sign + significant[:20]


class CappedCursorPagination(CursorPagination):
    """Stable under inserts (no offset drift), ``page_size`` up to the cap."""

    page_size = 50
    page_size_query_param = "page_size"
    # "id", not "pk": the position is read from the last row, and verdict pages are
    # value rows (dicts) that have an "id" key but no "pk".
    ordering = "-id"

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        # A cursor is opaque but forgeable: its position goes into a query on the id,
        # so anything but an id-sized number is an invalid cursor, not a database error.
        if (
            cursor is not None
            and cursor.position is not None
            and not re.fullmatch(r"[0-9]{1,18}", cursor.position)
        ):
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def get_page_size(self, request) -> int:
        """A page size that is not a whole number of at least 1 is a 400, not silently the
        default; above the cap it is the cap."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not re.fullmatch(r"[0-9]+", raw) or int(_bounded(raw)) < 1:
            raise ValidationError({self.page_size_query_param: ["A whole number of at least 1 is required."]})
        return min(int(_bounded(raw)), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = (
                    f"Items per page (default {self.page_size}; above the cap, the cap)."
                )
        return parameters

    @property
    def max_page_size(self) -> int:  # type: ignore[override]
        return settings.FACTCHECK_API_MAX_PAGE_SIZE


class ChangeCursor:
    """``?after=<seq>&limit=<n>``: the change feed's cursor is the last number read.

    Unlike an opaque page cursor it never runs out: at the end of the feed ``next``
    still points past the last entry, and polling it later returns what came since.
    """

    default_limit = 100

    def __init__(self, request) -> None:
        self.request = request
        self.after = self._integer("after", 0, minimum=0, maximum=2**63 - 1)
        self.limit = min(
            self._integer("limit", self.default_limit, minimum=1, maximum=None),
            settings.FACTCHECK_API_MAX_PAGE_SIZE,
        )

    def _integer(self, name: str, default: int, *, minimum: int, maximum: int | None) -> int:
        raw = self.request.query_params.get(name)
        if raw is None:
            return default
        if not re.fullmatch(r"-?[0-9]+", raw):
            raise ValidationError({name: ["A whole number is required."]})
        value = int(_bounded(raw))
        if value < minimum or (maximum is not None and value > maximum):
            message = f"Must be at least {minimum}" + (f" and at most {maximum}." if maximum else ".")
            raise ValidationError({name: [message]})
        return value

    def next_url(self, last_seq: int) -> str:
        url = self.request.build_absolute_uri()
        url = replace_query_param(url, "after", last_seq)
        return replace_query_param(url, "limit", self.limit)
