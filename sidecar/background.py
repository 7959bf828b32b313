"""Where the API's jobs go: Celery on RabbitMQ, or in-process (the embedded default)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sidecar import jobs
from sidecar.config import Settings
from sidecar.db import Database

# The periodic housekeeping the in-process beat runs (Celery beat runs the same).
IN_PROCESS_BEAT_TASKS = ("workers.tasks.sweep_outbox", "workers.tasks.sweep_webhook_events")


@dataclass
class Background:
    previous: jobs.Runner | None
    stoppers: list[Any] = field(default_factory=list)

    def stop(self) -> None:
        for stop in self.stoppers:
            stop()
        jobs.install_runner(self.previous)


def celery_runner(settings: Settings) -> jobs.Runner:
    """Publishes by task name; the API process never imports the task code."""
    from workers.celery_app import create_celery

    publisher = create_celery(settings)

    def publish(name: str, args: tuple[Any, ...]) -> None:
        publisher.send_task(name, args=list(args))

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
