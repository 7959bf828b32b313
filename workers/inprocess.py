"""The embedded default's worker and beat: tasks run in this process, after commit.

With no CELERY_BROKER_URL, the API publishes jobs to a small thread pool that calls
the same functions the Celery tasks call; a background thread plays beat, running
the sweeps. Transient failures wait for the next sweep instead of a Celery retry.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sidecar.core.log import get_logger
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

    def run(self, name: str, args: tuple[Any, ...]) -> Any:
        try:
            return self.jobs[name](self.runtime, *args)
        except RetryLater as exc:
            log.info("jobs.retry_later", task=name, reason=str(exc))
        except Exception:
            log.exception("jobs.failed", task=name)
        return None

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True)


class InProcessBeat(threading.Thread):
    """Runs the periodic housekeeping tasks every ``interval`` seconds."""

    def __init__(self, runner: InProcessRunner, *, interval: float, tasks: tuple[str, ...]) -> None:
        super().__init__(name="beat", daemon=True)
        self.runner = runner
        self.interval = interval
        self.tasks = tasks
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            for name in self.tasks:
                self.runner.run(name, ())

    def stop(self) -> None:
        self.stopped.set()
