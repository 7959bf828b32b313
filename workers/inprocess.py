"""The embedded default's worker and beat: tasks run in this process, after commit.

With no CELERY_BROKER_URL, the API publishes jobs to a small thread pool that calls
the same functions the Celery tasks call; a background thread plays beat, running
the sweeps and the CMS reconciliation on Celery beat's schedule (``PERIODIC``), with
a reconciliation at start. Transient failures wait for the next run instead of a
Celery retry.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sidecar.content.strapi_client import StrapiUnavailable
from sidecar.core import clock as core_clock
from sidecar.core.jobs import PERIODIC, Periodic
from sidecar.core.log import get_logger
from sidecar.core.settings import Settings
from workers.delivery import RetryLater
from workers.runtime import Runtime

log = get_logger(__name__)


class InProcessRunner:
    def __init__(self, runtime: Runtime, *, max_workers: int = 2) -> None:
        from workers.tasks import JOBS

        self.runtime = runtime
        self.jobs = JOBS
        self.executor = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="job")

    def __call__(self, name: str, args: tuple[Any, ...]) -> None:
        if name not in self.jobs:
            log.warning("jobs.unknown_task", task=name)
            return
        self.executor.submit(self.run, name, args)

    def run(self, name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any] | None = None) -> Any:
        try:
            return self.jobs[name](self.runtime, *args, **(kwargs or {}))
        except (RetryLater, StrapiUnavailable) as exc:  # transient: the next run repairs it
            log.info("jobs.retry_later", task=name, reason=str(exc))
        except Exception:
            log.exception("jobs.failed", task=name)
        return None

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True)


IN_PROCESS_SCHEDULE = tuple(periodic for periodic in PERIODIC if periodic.in_process)


def in_process_schedule(settings: Settings) -> tuple[Periodic, ...]:
    """The in-process entries this deployment runs (some only with some settings)."""
    return tuple(periodic for periodic in IN_PROCESS_SCHEDULE if periodic.runs_with(settings))


class InProcessBeat(threading.Thread):
    """Runs the periodic housekeeping of ``schedule`` (Celery beat's table): each entry
    every its own number of seconds, one at a time, sleeping until the next is due;
    entries marked ``at_start`` run at once."""

    def __init__(
        self,
        runner: InProcessRunner,
        *,
        schedule: tuple[Periodic, ...] = IN_PROCESS_SCHEDULE,
        clock: Callable[[], float] = core_clock.monotonic,
    ) -> None:
        super().__init__(name="beat", daemon=True)
        self.runner = runner
        self.schedule = schedule
        self.clock = clock
        self.stopped = threading.Event()
        now = clock()
        self.due = {entry.name: now if entry.at_start else now + entry.every for entry in schedule}

    def run_due(self) -> list[str]:
        """Runs what is due now and schedules its next run; returns the entries run."""
        ran = []
        for entry in self.schedule:
            if self.clock() >= self.due[entry.name]:
                self.runner.run(str(entry.job), (), entry.kwargs)
                self.due[entry.name] = self.clock() + entry.every
                ran.append(entry.name)
        return ran

    def seconds_to_next(self) -> float:
        if not self.due:
            return 60.0
        return max(0.0, min(self.due.values()) - self.clock())

    def run(self) -> None:
        self.run_due()
        while not self.stopped.wait(self.seconds_to_next()):
            self.run_due()

    def stop(self) -> None:
        self.stopped.set()
