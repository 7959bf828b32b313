"""Every error the API answers, rendered as RFC 9457 problem+json.

Our own errors (``AppError`` subclasses) carry their status; validation errors
become 422 with ``errors: [{field, message}]`` (400 for a body that is not JSON);
unknown routes and methods keep their status with a problem body; the database's
refusals are mapped by meaning. Nothing renders a stack trace.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from sidecar.core.errors import (
    MAX_FIELD_ERRORS,
    PROBLEM_JSON,
    AppError,
    Conflict,
    field_errors,
    problem,
)
from sidecar.core.log import get_logger
from sidecar.models.base import UNIQUE_CONFLICTS

log = get_logger(__name__)


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    # An error is about this request only: never cached (a login's 401 included).
    return JSONResponse(
        body,
        status_code=body["status"],
        media_type=PROBLEM_JSON,
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


def _constraint_name(exc: DBAPIError) -> str | None:
    name = getattr(getattr(exc.orig, "diag", None), "constraint_name", None)
    return name if isinstance(name, str) else None


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> JSONResponse:
        return problem_response(exc.to_problem(), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        raw = exc.errors()
        if any(error.get("type") == "json_invalid" for error in raw):
            return problem_response(
                problem(400, "The request body is not valid JSON.", slug="malformed-json")
            )
        detail = "The request has invalid fields."
        if len(raw) > MAX_FIELD_ERRORS:
            detail += f" The first {MAX_FIELD_ERRORS} of {len(raw)} problems are listed."
        return problem_response(
            problem(422, detail, slug="validation-error", errors=field_errors(raw))
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if isinstance(exc.__cause__, AppError):  # reading the body failed on purpose (408)
            return problem_response(exc.__cause__.to_problem(), exc.__cause__.headers)
        detail = exc.detail if isinstance(exc.detail, str) else "Request failed."
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"No resource at {request.url.path}."
        headers = dict(exc.headers) if exc.headers else None
        return problem_response(problem(exc.status_code, detail), headers)

    @app.exception_handler(IntegrityError)
    async def integrity_error(request: Request, exc: IntegrityError) -> JSONResponse:
        constraint = _constraint_name(exc)
        detail = UNIQUE_CONFLICTS.get(constraint or "")
        if detail is None:
            # Not a conflict the client caused: a foreign key or check our code should
            # have prevented. Answered like any other bug, and logged as one.
            log.error("db.integrity_error", constraint=constraint, error=str(exc.orig))
            return problem_response(
                problem(500, "Something went wrong on our side.", slug="internal")
            )
        log.info("db.unique_conflict", constraint=constraint)
        return problem_response(Conflict(detail).to_problem())

    @app.exception_handler(DataError)
    async def unstorable_value(request: Request, exc: DataError) -> JSONResponse:
        # PostgreSQL refused a value the validators let through: a NUL character in
        # text, a number out of the column's range. The client's input, so a 422.
        log.info("db.data_error", error=str(exc.orig))
        return problem_response(
            problem(
                422,
                "The request contains a value that cannot be stored (for example a NUL "
                "character or a number out of range).",
                slug="validation-error",
            )
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def database_down(request: Request, exc: DBAPIError) -> JSONResponse:
        log.error("db.unavailable", error=str(exc.orig))
        return problem_response(
            problem(503, "The database is unavailable; try again shortly.", slug="unavailable"),
            {"Retry-After": "5"},
        )

    @app.exception_handler(PoolTimeout)
    async def pool_exhausted(request: Request, exc: PoolTimeout) -> JSONResponse:
        # Every connection is busy and none came back in time: overload, not a bug.
        log.warning("db.pool_timeout", path=request.url.path)
        return problem_response(
            problem(503, "The service is busy; try again shortly.", slug="unavailable"),
            {"Retry-After": "2"},
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled_error", path=request.url.path)
        return problem_response(problem(500, "Something went wrong on our side.", slug="internal"))
