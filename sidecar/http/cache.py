"""The public read cache: anonymous reads of car and part lists and pages, and of
content, answered from memory (this process) or Redis (every process).

An answer is kept for ``ttl`` seconds under its path, its normalised query and the
write generations (``sidecar.core.cache``) of the tables it shows, so a committed
write to one of them is never hidden: not at all in the process that wrote it,
at most ``PUBLIC_CACHE_SYNC_SECONDS`` in the others. Only 200 answers without
cookies are kept. Every public answer carries a strong ETag (If-None-Match gives 304)
and ``Cache-Control: public, max-age, stale-while-revalidate``; a signed-in caller's
answer (Authorization sent) is ``private, no-store`` and never comes from or goes to
the cache. Requests for the same missing answer wait for the first one's.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

import orjson
from redis.exceptions import RedisError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sidecar.core.cache import Generations, Lru
from sidecar.core.log import get_logger
from sidecar.http.metrics import Metrics

log = get_logger("sidecar.cache")

# What each public read shows, by the tables it reads (sellers are users and vendors;
# makes, models and related articles are CMS entries; photos are media uploads; the
# CRSP search reads the live release).
_CARS = ("cars", "users", "vendors", "cms_entries", "media_uploads")
_PARTS = ("parts", "vendors", "cms_entries", "media_uploads")
_CONTENT = ("cms_entries", "media_uploads")
_CRSP = ("crsp_releases", "crsp_rows", "cms_entries")  # makes normalised by the catalogue
_ROUTES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"/v1/cars(/[0-9]+)?"), _CARS),
    (re.compile(r"/v1/parts(/[0-9]+)?"), _PARTS),
    (re.compile(r"/v1/content(/[A-Za-z0-9._~-]+)+"), _CONTENT),
    (re.compile(r"/v1/imports/crsp"), _CRSP),
)
_MAX_BODY = 512 * 1024  # larger answers are served, not kept
_PRIVATE = [(b"cache-control", b"private, no-store"), (b"vary", b"Authorization")]


def tables_for(path: str) -> tuple[str, ...] | None:
    for pattern, tables in _ROUTES:
        if pattern.fullmatch(path):
            return tables
    return None


@dataclass(frozen=True)
class Answer:
    body: bytes
    content_type: bytes
    etag: bytes

    def dump(self) -> bytes:
        return orjson.dumps([self.content_type.decode(), self.etag.decode()]) + b"\n" + self.body

    @classmethod
    def load(cls, raw: bytes) -> Answer:
        head, _, body = raw.partition(b"\n")
        content_type, etag = orjson.loads(head)
        return cls(body=body, content_type=content_type.encode(), etag=etag.encode())


class PublicCacheMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        generations: Generations,
        prefix: str,
        ttl: float,
        max_age: int,
        stale: int,
        max_entries: int,
        metrics: Metrics,
    ) -> None:
        self.app = app
        self._generations = generations
        self._prefix = f"{prefix}cache:answer:"
        self._ttl = ttl
        # This process's answers, each until its expiry.
        self._local: Lru[str, Answer] = Lru(max_entries)
        self._public = [
            (
                b"cache-control",
                f"public, max-age={max_age}, stale-while-revalidate={stale}".encode(),
            ),
            (b"vary", b"Authorization"),
        ]
        self._pending: dict[str, asyncio.Future[Answer | None]] = {}
        self._metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        tables = tables_for(scope["path"]) if scope["type"] == "http" else None
        if tables is None or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if b"authorization" in headers:
            await self.app(scope, receive, _with_headers(send, _PRIVATE))
            return
        generations = await self._generations.current(tables)
        if generations is None:  # no agreement on what is fresh: do not cache
            self._metrics.cache.labels(result="bypass").inc()
            await self.app(scope, receive, _with_headers(send, self._public, only_ok=True))
            return
        key = self._key(scope, generations)
        answer = self._local.get(key) or await self._remote(key)
        if answer is not None:
            self._metrics.cache.labels(result="hit").inc()
        else:
            self._metrics.cache.labels(result="miss").inc()
            answer = await self._fill(key, scope, receive, send)
            if answer is None:  # not cacheable; already sent
                return
        await self._send(send, answer, headers.get(b"if-none-match"))

    def _key(self, scope: Scope, generations: tuple[int, ...]) -> str:
        query = scope["query_string"].decode("latin-1")
        normal = urlencode(sorted(parse_qsl(query, keep_blank_values=True)))
        marks = ".".join(str(generation) for generation in generations)
        raw = f"{scope['path']}?{normal}#{marks}".encode()
        return hashlib.blake2b(raw, digest_size=20).hexdigest()

    async def _remote(self, key: str) -> Answer | None:
        try:
            raw = await self._generations.redis.get(self._prefix + key)
        except RedisError as exc:
            log.warning("cache.read_failed", error=str(exc))
            return None
        if not isinstance(raw, bytes):
            return None
        answer = Answer.load(raw)
        self._local.put(key, answer, self._ttl)
        return answer

    async def _fill(self, key: str, scope: Scope, receive: Receive, send: Send) -> Answer | None:
        """Runs the request (or waits for the same one in flight) and keeps its answer."""
        waiting = self._pending.get(key)
        if waiting is not None:
            answer = await asyncio.shield(waiting)
            if answer is not None:
                return answer
            # The first one's answer was not cacheable: run this one on its own.
            await self.app(scope, receive, _with_headers(send, self._public, only_ok=True))
            return None
        pending: asyncio.Future[Answer | None] = asyncio.get_running_loop().create_future()
        self._pending[key] = pending
        try:
            answer = await self._run(scope, receive, send)
            pending.set_result(answer)
        except BaseException:
            pending.set_result(None)
            raise
        finally:
            del self._pending[key]
        if answer is not None:
            self._local.put(key, answer, self._ttl)
            try:
                await self._generations.redis.set(
                    self._prefix + key, answer.dump(), px=int(self._ttl * 1000)
                )
            except RedisError as exc:
                log.warning("cache.write_failed", error=str(exc))
        return answer

    async def _run(self, scope: Scope, receive: Receive, send: Send) -> Answer | None:
        """The app's answer if it may be kept (not yet sent), else None (sent as is)."""
        start: Message | None = None
        chunks: list[bytes] = []
        passthrough = False

        async def capture(message: Message) -> None:
            nonlocal start, passthrough
            if passthrough:
                await send(message)
                return
            if message["type"] == "http.response.start":
                start = message
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
            size = sum(len(chunk) for chunk in chunks)
            if not _keepable(start) or size > _MAX_BODY:
                passthrough = True
                await _with_headers(send, self._public, only_ok=True)(start or {})
                await send({**message, "body": b"".join(chunks), "more_body": more})

        await self.app(scope, receive, capture)
        if passthrough or start is None:
            return None
        body = b"".join(chunks)
        content_type = dict(start.get("headers", [])).get(b"content-type", b"application/json")
        etag = b'"' + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b'"'
        return Answer(body=body, content_type=content_type, etag=etag)

    async def _send(self, send: Send, answer: Answer, if_none_match: bytes | None) -> None:
        headers = [*self._public, (b"etag", answer.etag)]
        if if_none_match is not None and _matches(if_none_match, answer.etag):
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers += [
            (b"content-type", answer.content_type),
            (b"content-length", str(len(answer.body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": answer.body})


def _keepable(start: Message | None) -> bool:
    if start is None or start["status"] != 200:
        return False
    return all(name != b"set-cookie" for name, _ in start.get("headers", []))


def _matches(if_none_match: bytes, etag: bytes) -> bool:
    candidates = [candidate.strip().removeprefix(b"W/") for candidate in if_none_match.split(b",")]
    return etag in candidates or b"*" in candidates


def _with_headers(send: Send, extra: list[tuple[bytes, bytes]], *, only_ok: bool = False) -> Send:
    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start" and (not only_ok or message["status"] == 200):
            names = {name for name, _ in extra}
            kept = [
                (name, value) for name, value in message.get("headers", []) if name not in names
            ]
            message = {**message, "headers": [*kept, *extra]}
        await send(message)

    return send_with_headers
