"""Time, injected: every "now" of the code base is read here, so tests move it.

``utcnow()`` is the wall clock as an aware datetime, ``time()`` the same in epoch
seconds, ``monotonic()`` the clock for timeouts and caches. Production reads the
system clocks; a test installs a ``FrozenClock`` (``use(clock)``) and advances it
instead of sleeping.
"""

from __future__ import annotations

import time as _time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Protocol

# Kenya keeps East Africa Time (UTC+3) all year; dates people see are Nairobi dates.
NAIROBI = timezone(timedelta(hours=3), "EAT")


class Clock(Protocol):
    def time(self) -> float: ...

    def monotonic(self) -> float: ...


class SystemClock:
    def time(self) -> float:
        return _time.time()

    def monotonic(self) -> float:
        return _time.monotonic()


class FrozenClock:
    """A clock that moves only when told to (tests)."""

    def __init__(self, start: datetime | float | None = None) -> None:
        if isinstance(start, datetime):
            self._time = start.timestamp()
        else:
            self._time = _time.time() if start is None else start
        self._monotonic = 1_000.0

    def time(self) -> float:
        return self._time

    def monotonic(self) -> float:
        return self._monotonic

    def advance(self, seconds: float) -> None:
        self._time += seconds
        self._monotonic += seconds

    def set(self, moment: datetime | float) -> None:
        """Moves the wall clock to ``moment`` (the monotonic clock moves as far, forward)."""
        target = moment.timestamp() if isinstance(moment, datetime) else moment
        self._monotonic += max(0.0, target - self._time)
        self._time = target


_clock: Clock = SystemClock()


def time() -> float:
    """Wall-clock seconds since the epoch."""
    return _clock.time()


def monotonic() -> float:
    """Seconds of a clock that never goes back (timeouts, caches, breakers)."""
    return _clock.monotonic()


def utcnow() -> datetime:
    """The current moment, aware, in UTC."""
    return datetime.fromtimestamp(_clock.time(), UTC)


def nairobi_today() -> date:
    """Today's date in Nairobi (Kenyan rules turn over at midnight EAT, not UTC)."""
    return utcnow().astimezone(NAIROBI).date()


def install(clock: Clock) -> Clock:
    """Makes ``clock`` the process clock; returns the previous one."""
    global _clock
    previous, _clock = _clock, clock
    return previous


@contextmanager
def use(clock: Clock) -> Iterator[Clock]:
    """``clock`` is the process clock inside the block."""
    previous = install(clock)
    try:
        yield clock
    finally:
        install(previous)
