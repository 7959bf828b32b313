"""Permission dependencies of the cars routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from sidecar.cars import service
from sidecar.db import SessionDep
from sidecar.deps import CurrentUser
from sidecar.models import User


def _car_seller(session: SessionDep, user: CurrentUser) -> User:
    return service.ensure_may_sell(session, user=user)


# A signed-in customer or approved vendor (401 / 403 otherwise), checked before the body.
CarSeller = Annotated[User, Depends(_car_seller)]
