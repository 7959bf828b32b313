"""JSON logs through structlog; every line of a request carries its request id.

Field names follow the Elastic Common Schema (ECS 8), so Elasticsearch and Kibana read
them without a pipeline: ``@timestamp``, ``log.level``, ``message`` (the event name),
``trace.id`` (the request id), ``error.message``; the access log adds
``http.request.method``, ``url.path``, ``http.response.status_code``,
``event.duration`` (nanoseconds) and ``client.ip``. Keys are written dotted; Elastic
reads ``a.b`` as the object ``a`` holding ``b``, so no key may also be an object's
name (an ``event`` string beside ``event.duration`` would be refused): ``_ecs`` renames
the ones our code uses.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

from sidecar.core.settings import Settings

ECS_VERSION = "8.11.0"
# Our keyword -> its ECS field (structlog's own keys and the ones code passes).
ECS_NAMES = {
    "event": "message",
    "level": "log.level",
    "request_id": "trace.id",
    "error": "error.message",
    "exception": "error.stack_trace",
    "status": "http.response.status_code",
    "path": "url.path",
}


def _ecs(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for ours, ecs in ECS_NAMES.items():
        if ours in event_dict:
            event_dict[ecs] = event_dict.pop(ours)
    event_dict["ecs.version"] = ECS_VERSION
    return event_dict


def configure_logging(*, level: str = "INFO", json: bool = True) -> None:
    processors: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="@timestamp"),
        structlog.processors.format_exc_info,
    ]
    if json:
        processors.append(_ecs)
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[*processors, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )


def configure_logging_for(settings: Settings) -> None:
    """JSON (ECS) lines, except a developer's console with DEBUG on in development."""
    configure_logging(json=settings.environment != "development" or not settings.debug)


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.get_logger(name)
    return logger
