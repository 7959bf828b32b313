"""The route class every router uses: sync endpoints end their transaction in their
own thread (``sidecar.core.database.ends_transaction``), so no request holds a
database connection while it waits for a thread (docs/PERFORMANCE.md, "Overload")."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute

from sidecar.core.database import ends_transaction


class TransactionalRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = ends_transaction(endpoint)
        super().__init__(path, endpoint, **kwargs)
