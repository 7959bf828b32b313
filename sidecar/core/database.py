"""Engine and sessions, built by the app factory (never at import time).

The request's session dependency owns the transaction: it commits when the route
returned without error and rolls back otherwise. Services only ``flush()``.
After a successful commit, callbacks queued with ``after_commit`` run (this is how
jobs are published only for committed work).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker
from starlette.concurrency import run_in_threadpool

from sidecar.core.settings import Settings

_AFTER_COMMIT = "gurumisha_after_commit"
# statement_timeout: give up on a statement rather than hold a worker thread forever.
# plan_cache_mode: psycopg prepares a statement on the server after its 5th run, and
# PostgreSQL then switches to a generic plan, blind to the values. For the car list
# that plan walks all 26,000 rows of a make through the price index and sorts them
# (24 ms) where the plan for the actual values reads about 350 (1.8 ms); see
# docs/PERFORMANCE.md. Planning each execution costs about 0.1 ms.
SESSION_OPTIONS = "-c statement_timeout=15000 -c plan_cache_mode=force_custom_plan"


class Database:
    def __init__(
        self, url: str, *, pool_size: int = 10, max_overflow: int = 10, pool_timeout: float = 10
    ) -> None:
        self.engine: Engine = create_engine(
            url,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_pre_ping=True,
            pool_timeout=pool_timeout,
            connect_args={"connect_timeout": 5, "options": SESSION_OPTIONS},
        )
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def from_settings(cls, settings: Settings, url: str | None = None) -> Database:
        database_url = url or settings.database_url
        if not database_url:
            raise RuntimeError("DATABASE_URL is not set and no embedded database was started")
        return cls(
            database_url, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow
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
        try:
            session.commit()
        except BaseException:
            Database.abandon(session)
            raise
        session.close()
        run_after_commit(session)

    @staticmethod
    def abandon(session: Session) -> None:
        """Rolls ``session``'s work back and closes it."""
        try:
            session.rollback()
        finally:
            session.close()

    def dispose(self) -> None:
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
    (or rollback) goes to the thread pool. A sync generator would cost two thread
    hand-offs per request instead of one.
    """
    db: Database = request.app.state.db
    session = db.sessionmaker()  # no I/O until the first statement
    try:
        yield session
    except BaseException:
        await run_in_threadpool(Database.abandon, session)
        raise
    await run_in_threadpool(Database.finish, session)


# scope="function": the commit happens before the response is sent, so a client
# never sees a 2xx for a transaction that failed to commit.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
