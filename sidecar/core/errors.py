"""One base error that carries its HTTP status, rendered as RFC 9457 problem+json.

Domain packages subclass these next to their service (``CarNotFound(NotFound)``),
and the single handler registered in ``sidecar.app`` turns any of them into
``application/problem+json``. Expected business errors are 4xx, never 500.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any, ClassVar

PROBLEM_JSON = "application/problem+json"


class AppError(Exception):
    """Base of every error the API answers on purpose."""

    status: ClassVar[int] = 400
    slug: ClassVar[str] = "bad-request"

    def __init__(
        self,
        detail: str,
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.headers = headers

    @property
    def title(self) -> str:
        return HTTPStatus(self.status).phrase

    def to_problem(self, instance: str | None = None) -> dict[str, Any]:
        return problem(
            self.status, self.detail, slug=self.slug, errors=self.errors, instance=instance
        )


class BadRequest(AppError):
    status = 400
    slug = "bad-request"


class Unauthorized(AppError):
    status = 401
    slug = "unauthorized"

    def __init__(self, detail: str = "Authentication required.", **kwargs: Any) -> None:
        kwargs.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(detail, **kwargs)


class Forbidden(AppError):
    status = 403
    slug = "forbidden"

    def __init__(self, detail: str = "You are not allowed to do this.", **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)


class NotFound(AppError):
    status = 404
    slug = "not-found"


class Conflict(AppError):
    status = 409
    slug = "conflict"


class RequestTimeout(AppError):
    status = 408
    slug = "request-timeout"


class PayloadTooLarge(AppError):
    status = 413
    slug = "payload-too-large"


class Unprocessable(AppError):
    status = 422
    slug = "validation-error"


class TooManyRequests(AppError):
    status = 429
    slug = "too-many-requests"


def problem(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    errors: list[dict[str, str]] | None = None,
    instance: str | None = None,
) -> dict[str, Any]:
    """Builds an RFC 9457 problem document."""
    slug = slug or HTTPStatus(status).phrase.lower().replace(" ", "-")
    body: dict[str, Any] = {
        "type": f"https://errors.gurumisha.co.ke/{slug}",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    if instance:
        body["instance"] = instance
    return body


# A body with thousands of bad fields must not buy an answer that grows with it.
MAX_FIELD_ERRORS = 50


def field_errors(
    raw: Iterable[Mapping[str, Any]], *, skip: tuple[str, ...] = ("body",)
) -> list[dict[str, str]]:
    """pydantic's errors as ``[{field, message}]``: dotted locations, at most 50."""
    errors: list[dict[str, str]] = []
    for error in raw:
        if len(errors) == MAX_FIELD_ERRORS:
            break
        location = [str(part) for part in error.get("loc", ()) if part not in skip]
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        errors.append({"field": ".".join(location) or "body", "message": message})
    return errors
