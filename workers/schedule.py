"""The periodic housekeeping, one table for Celery beat and the in-process beat.

Strapi drops a webhook it could not deliver, so the content mirror is reconciled on
a schedule (changes, unpublishes and deletes every 15 minutes; everything once a day)
and once when beat starts, which repairs what was missed while the platform was down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Periodic:
    name: str
    task: str
    every_seconds: float
    args: tuple[Any, ...] = ()
    at_start: bool = False  # also once as soon as beat starts


RECONCILE_CMS = "workers.tasks.reconcile_cms"

PERIODIC: tuple[Periodic, ...] = (
    Periodic("sweep-outbox", "workers.tasks.sweep_outbox", 30.0),
    Periodic("sweep-webhooks", "workers.tasks.sweep_webhook_events", 60.0),
    Periodic("reconcile-cms", RECONCILE_CMS, 900.0, at_start=True),
    Periodic("reconcile-cms-full", RECONCILE_CMS, 86400.0, args=(True,)),
)
