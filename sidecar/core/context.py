"""Per-request facts (request id, client address) that deep code may need.

The edge middleware sets them; the audit log reads them. A contextvar follows the
request into FastAPI's thread pool, so services need no extra parameters.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    client_ip: str | None


_current: ContextVar[RequestContext | None] = ContextVar("gurumisha_request", default=None)


def set_request_context(context: RequestContext) -> object:
    return _current.set(context)


def reset_request_context(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


def current_request() -> RequestContext | None:
    return _current.get()
