from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class Liveness(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    status: Literal["ready", "degraded", "unavailable"]
    checks: dict[str, str]

    @property
    def ready(self) -> bool:
        """Whether to take traffic: degraded (Redis down) still serves."""
        return self.status != "unavailable"
