"""The OpenAPI document tells the truth about errors: RFC 9457 problem+json.

FastAPI documents a 422 as ``application/json`` with its own validation shape; every
error of this API is a problem document (sidecar.core.errors). The schema replaces those
422s and declares a ``default`` problem response on every operation, so clients and
the schema-driven fuzzing (tests/hardening/test_fuzz.py) can rely on it.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from sidecar.core.errors import PROBLEM_JSON

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "A URI naming the kind of problem."},
        "title": {"type": "string", "description": "The HTTP status phrase."},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "description": "What went wrong, for people."},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "Field errors of a 422 (at most 50).",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
_PROBLEM_CONTENT = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
_FASTAPI_ERROR_SCHEMAS = ("HTTPValidationError", "ValidationError")


def problem_responses(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with every operation's errors documented as problems."""
    for item in document.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            if "422" in responses:
                responses["422"] = {"description": "Invalid fields", "content": _PROBLEM_CONTENT}
            responses["default"] = {
                "description": "An error, as an RFC 9457 problem document",
                "content": _PROBLEM_CONTENT,
            }
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in _FASTAPI_ERROR_SCHEMAS:
        schemas.pop(name, None)
    schemas["Problem"] = PROBLEM_SCHEMA
    return document


def install(app: FastAPI) -> None:
    """Makes ``app.openapi()`` build (once) the problem-documenting schema."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = problem_responses(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
