"""Background jobs, published only after the transaction that asked for them commits.

``enqueue(session, name, *args)`` queues a task by name; after commit the installed
runner publishes it: to Celery when CELERY_BROKER_URL is set, otherwise to an
in-process executor (the embedded default), so the same tasks run either way.
Publishing is the fast path only: what must not be lost (outbox rows, webhook
inbox rows) is in the database, and a periodic sweep re-publishes anything a
failed publish left behind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from sidecar.db import after_commit
from sidecar.log import get_logger

log = get_logger(__name__)

Runner = Callable[[str, tuple[Any, ...]], None]
_runner: Runner | None = None


def install_runner(runner: Runner | None) -> Runner | None:
    """Sets how jobs are published; returns the previous runner."""
    global _runner
    previous, _runner = _runner, runner
    return previous


def enqueue(session: Session, name: str, *args: Any) -> None:
    """Publishes task ``name`` with ``args`` once ``session`` commits; dropped on rollback."""
    after_commit(session, lambda: publish(name, *args))


def publish(name: str, *args: Any) -> None:
    """Publishes now; a failure is logged, not raised: the sweep will pick the work up."""
    if _runner is None:
        log.info("jobs.no_runner", task=name)
        return
    try:
        _runner(name, args)
    except Exception as exc:  # the broker being down must not fail the request
        log.warning("jobs.publish_failed", task=name, error=str(exc))
