"""Where the API's jobs go: Celery on RabbitMQ, or in-process (the embedded default).

The entry points (``sidecar.app``, ``sidecar.cli``) install one of these runners;
the sidecar itself only publishes by job name (``sidecar.core.jobs``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sidecar.core import clock as core_clock
from sidecar.core import jobs
from sidecar.core.database import Database
from sidecar.core.settings import Settings

# The periodic housekeeping the in-process beat runs (Celery beat runs all of PERIODIC).
IN_PROCESS_BEAT_TASKS = tuple(
    dict.fromkeys(str(periodic.job) for periodic in jobs.PERIODIC if periodic.in_process)
)
# After a failed publish the API stops trying for this long: a broker that hangs
# instead of refusing would otherwise cost every notifying request a full connection
# timeout. What was not published waits in the outbox for the sweep.
PUBLISH_PAUSE_SECONDS = 15.0


class PublishPaused(RuntimeError):
    """The broker failed moments ago; the job is left to the outbox sweep."""


@dataclass
class Background:
    previous: jobs.Runner | None
    stoppers: list[Any] = field(default_factory=list)

    def stop(self) -> None:
        for stop in self.stoppers:
            stop()
        jobs.install_runner(self.previous)


def celery_runner(
    settings: Settings,
    *,
    pause_seconds: float = PUBLISH_PAUSE_SECONDS,
    clock: Callable[[], float] = core_clock.monotonic,
) -> jobs.Runner:
    """Publishes by task name; the API process never imports the task code.

    A circuit breaker: once a publish fails, publishes in the next ``pause_seconds``
    fail at once (PublishPaused) instead of each waiting on the broker again.
    """
    from workers.celery_app import create_celery

    publisher = create_celery(settings)
    lock = threading.Lock()
    paused_until = 0.0

    def publish(name: str, args: tuple[Any, ...]) -> None:
        nonlocal paused_until
        with lock:
            if clock() < paused_until:
                raise PublishPaused(f"broker failed recently; {name} is left to the sweep")
        try:
            publisher.send_task(name, args=list(args))
        except Exception:
            with lock:
                paused_until = clock() + pause_seconds
            raise

    return publish


def start_background_jobs(
    settings: Settings, db: Database, runner: jobs.Runner | None = None
) -> Background:
    """Installs the job runner for this process; the returned handle undoes it."""
    if runner is not None:
        return Background(previous=jobs.install_runner(runner))
    if settings.celery_broker_url:
        return Background(previous=jobs.install_runner(celery_runner(settings)))
    from workers.inprocess import InProcessBeat, InProcessRunner
    from workers.runtime import Runtime

    in_process = InProcessRunner(Runtime.from_settings(settings, db=db))
    background = Background(previous=jobs.install_runner(in_process))
    background.stoppers.append(in_process.shutdown)
    if settings.environment != "test":
        beat = InProcessBeat(in_process, interval=30.0, tasks=IN_PROCESS_BEAT_TASKS)
        beat.start()
        background.stoppers.insert(0, beat.stop)
    return background
