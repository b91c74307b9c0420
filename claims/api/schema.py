"""What every operation of the OpenAPI document shares: error responses and conditional GETs.

Written once here (a drf-spectacular post-processing hook) rather than on each view, so
no endpoint can forget to document a 401, a 429 or a 304.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from .examples import ERRORS

ERROR_REF = {"$ref": "#/components/schemas/Error"}
DESCRIPTIONS = {
    400: "Invalid input: a bad filter value, page size or body.",
    401: "The API key is unknown, revoked or expired (or a key is required and none was sent).",
    403: "The key or session lacks the permission this needs.",
    404: "No such object visible to the caller, or an invalid page cursor.",
    406: "The Accept header asks for a format this endpoint does not serve.",
    413: "The request body is over the size cap.",
    415: "The request body is not JSON.",
    422: "The URL could not be fetched.",
    429: "Too many requests: wait for Retry-After seconds.",
}


def _error(code: int) -> dict[str, Any]:
    example = ERRORS[code]
    return {
        "description": DESCRIPTIONS[code],
        "content": {
            "application/json": {
                "schema": ERROR_REF,
                "examples": {
                    example.name.replace(" ", ""): {"summary": example.name, "value": example.value}
                },
            }
        },
    }


def _unwrap_feed(response: dict[str, Any]) -> None:
    """A ClaimReview DataFeed carries its own links: undo the generic pagination wrapper."""
    for content in response.get("content", {}).values():
        schema = content.get("schema", {})
        items = schema.get("properties", {}).get("results", {}).get("items", {})
        if "dataFeedElement" in items.get("properties", {}):
            content["schema"] = items


def add_shared_responses(result, generator, request, public):
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not settings.FACTCHECK_API_REQUIRE_KEY and not path.startswith("/api/v1/articles/"):
                # Reading is open to anonymous callers: an empty requirement says so.
                operation["security"] = [*operation.get("security", []), {}]
            for response in operation["responses"].values():
                _unwrap_feed(response)
            codes = [401, 403, 404, 406, 429]
            if method == "get":
                codes.append(400)
                operation.setdefault("parameters", []).append(
                    {
                        "in": "header",
                        "name": "If-None-Match",
                        "schema": {"type": "string"},
                        "description": "An ETag from an earlier answer: 304 if nothing changed since.",
                    }
                )
                operation["responses"]["304"] = {
                    "description": "Not modified: the answer would be the one with that ETag."
                }
                for response in operation["responses"].values():
                    if "content" in response:
                        response.setdefault("headers", {})["ETag"] = {
                            "schema": {"type": "string"},
                            "description": "Send it back as If-None-Match.",
                        }
            if method == "post":
                codes += [400, 413, 415, 422]
            for code in codes:
                documented = operation["responses"].setdefault(str(code), _error(code))
                # A view's own error response (intake's 413, 422) gets the shared example.
                documented["content"]["application/json"].setdefault(
                    "examples", _error(code)["content"]["application/json"]["examples"]
                )
    return result
