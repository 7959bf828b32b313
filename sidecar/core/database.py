"""Engine and sessions, built by the app factory (never at import time).

The request's session dependency owns the transaction: it commits when the route
returned without error and rolls back otherwise. Services only ``flush()``.
After a successful commit, callbacks queued with ``after_commit`` run (this is how
jobs are published only for committed work).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker
from starlette.concurrency import run_in_threadpool

from sidecar.core.cache import GENERATIONS, Generations, track_writes
from sidecar.core.settings import Settings

T = TypeVar("T")

_AFTER_COMMIT = "gurumisha_after_commit"
_REQUEST_SESSION = "gurumisha_request_session"
# statement_timeout: give up on a statement rather than hold a worker thread forever.
# plan_cache_mode: psycopg prepares a statement on the server after its 5th run, and
# PostgreSQL then switches to a generic plan, blind to the values. For the car list
# that plan walks all 26,000 rows of a make through the price index and sorts them
# (24 ms) where the plan for the actual values reads about 350 (1.8 ms); see
# docs/PERFORMANCE.md. Planning each execution costs about 0.1 ms.
SESSION_OPTIONS = "-c statement_timeout=15000 -c plan_cache_mode=force_custom_plan"


class Database:
    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 10,
        max_overflow: int = 10,
        pool_timeout: float = 10,
        generations: Generations | None = None,
    ) -> None:
        self.engine: Engine = create_engine(
            url,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_pre_ping=True,
            pool_timeout=pool_timeout,
            connect_args={"connect_timeout": 5, "options": SESSION_OPTIONS},
        )
        self.sessionmaker = sessionmaker(
            self.engine,
            expire_on_commit=False,
            # Services reach the generations through their session (cache.remembered).
            info={GENERATIONS: generations} if generations is not None else None,
        )
        # Commits and rollbacks of request sessions run here, one thread for each
        # connection the pool can lend, never in the shared thread pool: there a
        # request holding a connection queued for a thread behind requests that held
        # every thread while they waited for a connection (a deadlock broken only by
        # the pool timeout; docs/PERFORMANCE.md, "Overload").
        self._releaser = ThreadPoolExecutor(
            max_workers=pool_size + max_overflow, thread_name_prefix="db-release"
        )
        # With the public read cache on, each commit announces the tables it wrote.
        self.generations = generations
        if generations is not None:
            track_writes(self.sessionmaker, generations)

    @classmethod
    def from_settings(cls, settings: Settings, url: str | None = None) -> Database:
        database_url = url or settings.database_url
        if not database_url:
            raise RuntimeError("DATABASE_URL is not set and no embedded database was started")
        generations = None
        if settings.public_cache_seconds > 0 and settings.redis_url:
            generations = Generations(
                settings.redis_url,
                prefix=settings.redis_key_prefix,
                sync_seconds=settings.public_cache_sync_seconds,
            )
        return cls(
            database_url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            generations=generations,
        )

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on success, rolled back on error."""
        session = self.sessionmaker()
        try:
            yield session
        except BaseException:
            self.abandon(session)
            raise
        self.finish(session)

    @staticmethod
    def finish(session: Session) -> None:
        """Commits ``session``'s work, closes it, then runs its after-commit callbacks."""
        Database.commit_and_close(session)
        run_after_commit(session)

    @staticmethod
    def commit_and_close(session: Session) -> None:
        """Commits ``session``'s work and gives its connection back (rolled back on error)."""
        try:
            session.commit()
        except BaseException:
            Database.abandon(session)
            raise
        session.close()

    @staticmethod
    def abandon(session: Session) -> None:
        """Rolls ``session``'s work back and closes it."""
        try:
            session.rollback()
        finally:
            session.close()

    async def release(self, session: Session, *, commit: bool) -> None:
        """Commits (or rolls back) and closes ``session`` on the release threads.

        Its after-commit callbacks (publishing jobs, which may wait for a broker) then
        run in the shared thread pool: the connection is back in the pool by then.
        """
        work = Database.commit_and_close if commit else Database.abandon
        context = contextvars.copy_context()
        await asyncio.get_running_loop().run_in_executor(self._releaser, context.run, work, session)
        if commit and session.info.get(_AFTER_COMMIT):
            await run_in_threadpool(run_after_commit, session)

    def dispose(self) -> None:
        """Closes the pooled connections (the pool refills if it is used again)."""
        self.engine.dispose()


def after_commit(session: Session, callback: Callable[[], Any]) -> None:
    """Runs ``callback`` once ``session``'s transaction has committed; dropped on rollback.

    A callback belongs to the innermost transaction open when it was queued: rolling
    back a SAVEPOINT drops the callbacks queued inside it and keeps the outer ones.
    """
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_AFTER_COMMIT, []).append((transaction, callback))


def run_after_commit(session: Session) -> None:
    for _, callback in session.info.pop(_AFTER_COMMIT, []):
        callback()


def _inside(transaction: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


@event.listens_for(Session, "after_soft_rollback")
def _drop_callbacks_on_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    queued = session.info.get(_AFTER_COMMIT)
    if not queued:
        return
    if previous_transaction.parent is None:  # the whole unit of work is gone
        session.info.pop(_AFTER_COMMIT, None)
        return
    session.info[_AFTER_COMMIT] = [
        (transaction, callback)
        for transaction, callback in queued
        if not _inside(transaction, previous_transaction)
    ]


async def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


# For services that run their own short transactions (login: none is held while a
# password hashes); most endpoints want SessionDep.
DatabaseDep = Annotated[Database, Depends(get_db)]


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request's unit of work: ``Database.transaction()`` around the endpoint.

    Opening a session does no I/O, so it happens on the event loop; only the commit
    (or rollback) goes to a thread, one of the database's own (``Database.release``).
    A sync generator would cost two thread hand-offs per request instead of one.
    """
    db: Database = request.app.state.db
    session = db.sessionmaker()  # no I/O until the first statement
    session.info[_REQUEST_SESSION] = True
    try:
        yield session
    except BaseException:
        await db.release(session, commit=False)
        raise
    await db.release(session, commit=True)


async def read_in_thread(session: Session, work: Callable[..., T], *args: Any) -> T:
    """``work(session, *args)`` in a thread of the shared pool, which ends the read
    (giving its connection back) before the thread is freed.

    For dependencies that read with the request's session (the caller's principal):
    a request must not hold a connection while it waits for its next thread.
    """

    def read() -> T:
        result = work(session, *args)
        end_transaction(session)
        return result

    return await run_in_threadpool(read)


def end_transaction(session: Session) -> None:
    """Commits the request's work so far and gives its connection back, then runs its
    after-commit callbacks; the session stays usable (a later read begins anew)."""
    try:
        session.commit()
    except BaseException:
        Database.abandon(session)
        raise
    run_after_commit(session)


def ends_transaction(endpoint: Callable[..., T]) -> Callable[..., T]:
    """Wraps a sync endpoint so that it commits the request's session as it returns,
    in its own thread (then runs the after-commit callbacks there too).

    FastAPI validates a sync endpoint's response in another thread of the shared
    pool, and only then leaves its dependencies: committing there would hold the
    connection while waiting for a thread that requests waiting for connections may
    all hold. What serialization reads lazily afterwards opens a new transaction,
    which ``get_session`` ends on the release threads.
    """
    if getattr(endpoint, "__ends_transaction__", False):
        return endpoint

    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> T:
        result = endpoint(*args, **kwargs)
        for value in kwargs.values():
            if isinstance(value, Session) and value.info.get(_REQUEST_SESSION):
                end_transaction(value)
        return result

    run.__ends_transaction__ = True  # type: ignore[attr-defined]
    return run


# scope="function": the commit happens before the response is sent, so a client
# never sees a 2xx for a transaction that failed to commit.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
