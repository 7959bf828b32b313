"""What the public read cache needs from below HTTP: which tables a commit changed,
and a generation per table that every process agrees on.

A committed write to a table bumps its generation in Redis (``{prefix}cache:gen:{table}``)
and in the writing process at once; other processes re-read the generations at most
``sync_seconds`` apart. A cached answer is keyed by the generations of the tables it
was read from, so a write makes every answer that read its table unreachable: in the
writing process at once, elsewhere within ``sync_seconds``. Without Redis (or while
it fails) there is no agreement to rely on, and nothing is cached.

Which tables a transaction wrote is seen by session events (``track_writes``):
objects flushed, and ORM ``insert()``, ``update()`` and ``delete()`` statements. Raw
SQL would go unseen; the services issue none.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, Generic, TypeVar, cast

import redis
import redis.asyncio as aioredis
from redis.exceptions import RedisError
from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, sessionmaker

from sidecar.core import clock
from sidecar.core.log import get_logger

log = get_logger("sidecar.cache")

_WRITTEN = "gurumisha_tables_written"
T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# Tables whose inserts no public answer shows, and whose updates matter only when
# these columns change (a login stamps users; a seller's name is what cars show).
SHOWN_COLUMNS: Mapping[str, frozenset[str]] = {
    "users": frozenset({"full_name", "is_active"}),
}


class Lru(Generic[K, V]):
    """At most ``max_entries`` values, the least recently used dropped first; shared by
    threads. A value put with a ``ttl`` is gone once ``ttl`` seconds have passed by
    ``now``. Values are never None (``get`` answers None for a missing key)."""

    def __init__(self, max_entries: int, now: Callable[[], float] = clock.monotonic) -> None:
        self.max_entries = max_entries
        self._now = now
        self._entries: OrderedDict[K, tuple[float | None, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, value = entry
            if expires is not None and expires <= self._now():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V, ttl: float | None = None) -> None:
        with self._lock:
            self._entries[key] = (None if ttl is None else self._now() + ttl, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


class Generations:
    """Per-table write generations, shared through Redis, mirrored in process."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str,
        sync_seconds: float,
        now: Callable[[], float] = clock.monotonic,
    ) -> None:
        self._prefix = f"{prefix}cache:gen:"
        self._sync_seconds = sync_seconds
        self._now = now
        self._url = url
        self._sync = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        # An asyncio client belongs to one event loop: one per loop that reads.
        self._async: tuple[asyncio.AbstractEventLoop, aioredis.Redis] | None = None
        self._lock = threading.Lock()
        self._known: dict[str, int] = {}
        self._read_at: float | None = None  # None: never read, or Redis failed
        # A write whose bump failed cannot be announced: this process stops caching
        # until a later read of the generations works again.
        self._healthy = True
        # What ``remembered`` keeps for this database, keyed by the generations it read.
        self.memo: Lru[tuple[Hashable, ...], Any] = Lru(_MEMO_ENTRIES)

    def bump(self, tables: Iterable[str]) -> None:
        """Announces committed writes to ``tables`` (call after the commit)."""
        names = sorted(set(tables))
        if not names:
            return
        try:
            with self._sync.pipeline(transaction=False) as pipe:
                for name in names:
                    pipe.incr(self._prefix + name)
                values = pipe.execute()
        except RedisError as exc:
            log.warning("cache.bump_failed", tables=names, error=str(exc))
            with self._lock:
                self._healthy = False
                self._read_at = None
            return
        with self._lock:
            for name, value in zip(names, values, strict=True):
                self._known[name] = max(int(value), self._known.get(name, 0))

    async def current(self, tables: tuple[str, ...]) -> tuple[int, ...] | None:
        """The generations of ``tables``, at most ``sync_seconds`` old; None: do not cache."""
        now = self._now()
        known, names = self._known_or_names(tables, now)
        if known is not None:
            return known
        try:
            values = await self.redis.mget([self._prefix + name for name in names])
        except RedisError as exc:
            self._unavailable(exc)
            return None
        return self._read(tables, names, values, now)

    def current_blocking(self, tables: tuple[str, ...]) -> tuple[int, ...] | None:
        """``current`` for code running in a thread (the services): the same mirror,
        read from Redis with the blocking client when it is older than ``sync_seconds``."""
        now = self._now()
        known, names = self._known_or_names(tables, now)
        if known is not None:
            return known
        try:
            values = self._sync.mget([self._prefix + name for name in names])
        except RedisError as exc:
            self._unavailable(exc)
            return None
        return self._read(tables, names, values, now)

    def _known_or_names(
        self, tables: tuple[str, ...], now: float
    ) -> tuple[tuple[int, ...] | None, list[str]]:
        """The mirrored generations of ``tables`` if fresh; else the names to read."""
        with self._lock:
            fresh = self._read_at is not None and now - self._read_at < self._sync_seconds
            if fresh and self._healthy and all(name in self._known for name in tables):
                return tuple(self._known[name] for name in tables), []
            return None, sorted(set(self._known) | set(tables))

    def _unavailable(self, exc: RedisError) -> None:
        log.warning("cache.generations_unavailable", error=str(exc))
        with self._lock:
            self._read_at = None

    def _read(
        self, tables: tuple[str, ...], names: list[str], values: Any, now: float
    ) -> tuple[int, ...]:
        """Mirrors what Redis answered for ``names``; the generations of ``tables``."""
        with self._lock:
            for name, value in zip(names, values, strict=True):
                self._known[name] = max(int(value or 0), self._known.get(name, 0))
            self._read_at = now
            self._healthy = True
            return tuple(self._known[name] for name in tables)

    @property
    def redis(self) -> aioredis.Redis:
        """The running event loop's client (for the cached answers themselves too)."""
        loop = asyncio.get_running_loop()
        if self._async is None or self._async[0] is not loop:
            client = aioredis.from_url(self._url, socket_timeout=0.5, socket_connect_timeout=0.5)
            self._async = (loop, client)
        return self._async[1]

    async def aclose(self) -> None:
        """Closes the running loop's client (at the app's shutdown)."""
        if self._async is not None and self._async[0] is asyncio.get_running_loop():
            await self._async[1].aclose()
            self._async = None


# Where a session finds its database's generations (``Database`` puts them in the
# sessions' info); absent without Redis or with the public cache off.
GENERATIONS = "gurumisha_generations"
_MEMO_ENTRIES = 4096


def has_generations(session: Session) -> bool:
    """Whether ``session``'s database announces its writes (``remembered`` can work)."""
    return session.info.get(GENERATIONS) is not None


def remembered(
    session: Session, tables: tuple[str, ...], key: Hashable, compute: Callable[[], T]
) -> T:
    """``compute()``, remembered in this process until one of ``tables`` is written.

    For reads that many requests repeat and few writes change (the make/model
    catalogue, the articles about a model): keyed by the tables' generations, so a
    committed write is seen as the public cache sees it (at once in the writing
    process, within ``sync_seconds`` elsewhere). A transaction that has itself written
    one of ``tables`` reads afresh; so does everything without Redis. The value is
    shared between requests: callers return immutable values or copies.
    """
    generations: Generations | None = session.info.get(GENERATIONS)
    if generations is None or _writes_to(session, tables):
        return compute()
    current = generations.current_blocking(tables)
    if current is None:
        return compute()
    full_key = (key, tables, current)
    found = generations.memo.get(full_key)
    if found is not None:
        return cast(T, found)
    value = compute()
    generations.memo.put(full_key, value)
    return value


def _writes_to(session: Session, tables: tuple[str, ...]) -> bool:
    """Whether this transaction wrote, or is about to flush a write to, ``tables``."""
    written = session.info.get(_WRITTEN) or ()
    if any(table in written for table in tables):
        return True
    pending = (*session.new, *session.dirty, *session.deleted)
    return any(_table_of(obj) in tables for obj in pending)


def track_writes(factory: sessionmaker[Session], generations: Generations) -> None:
    """Bumps the generations of the tables each committed transaction wrote."""

    @event.listens_for(factory, "after_flush")
    def _flushed(session: Session, _context: Any) -> None:
        written: set[str] = session.info.setdefault(_WRITTEN, set())
        for obj in session.new:
            table = _table_of(obj)
            if table not in SHOWN_COLUMNS:
                written.add(table)
        for obj in session.deleted:
            written.add(_table_of(obj))
        for obj in session.dirty:
            table = _table_of(obj)
            shown = SHOWN_COLUMNS.get(table)
            if shown is None or _changed(obj, shown):
                written.add(table)

    @event.listens_for(factory, "do_orm_execute")
    def _executed(state: ORMExecuteState) -> None:
        # An ORM insert() counts too: the content mirror writes Strapi's documents with
        # INSERT ... ON CONFLICT DO UPDATE, so a published article or a new make would
        # otherwise stay hidden behind cached answers until they expired.
        if not (state.is_update or state.is_delete or state.is_insert):
            return
        if state.bind_mapper is None:
            return
        table = str(state.bind_mapper.persist_selectable.name)  # type: ignore[attr-defined]
        if state.is_insert and table in SHOWN_COLUMNS:
            return  # as for flushed objects: inserted rows of these are shown by others
        written: set[str] = state.session.info.setdefault(_WRITTEN, set())
        written.add(table)

    @event.listens_for(factory, "after_commit")
    def _committed(session: Session) -> None:
        written = session.info.pop(_WRITTEN, None)
        if written:
            generations.bump(written)

    @event.listens_for(factory, "after_soft_rollback")
    def _rolled_back(session: Session, previous: SessionTransaction) -> None:
        if previous.parent is None:  # the whole unit of work is gone
            session.info.pop(_WRITTEN, None)


def _table_of(obj: object) -> str:
    return str(inspect(obj).mapper.persist_selectable.name)


def _changed(obj: object, columns: frozenset[str]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in columns if name in state.attrs)
