"""The embedded default's worker and beat: tasks run in this process, after commit.

With no CELERY_BROKER_URL, the API publishes jobs to a small thread pool that calls
the same functions the Celery tasks call; a background thread plays beat, running
the sweeps. Transient failures wait for the next sweep instead of a Celery retry.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
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
    """Runs each periodic task every its own number of seconds, one at a time.

    ``tasks`` maps a task name to its period; a 30-second sweep and a 1-second
    confirmation share the thread, each run when its time has come.
    """

    def __init__(self, runner: InProcessRunner, *, tasks: Mapping[str, float]) -> None:
        super().__init__(name="beat", daemon=True)
        self.runner = runner
        self.tasks = dict(tasks)
        self.stopped = threading.Event()

    def run(self) -> None:
        due = {name: time.monotonic() + every for name, every in self.tasks.items()}
        while not self.stopped.is_set():
            name = min(due, key=due.__getitem__)
            if self.stopped.wait(max(0.0, due[name] - time.monotonic())):
                return
            self.runner.run(name, ())
            due[name] = time.monotonic() + self.tasks[name]

    def stop(self) -> None:
        self.stopped.set()
