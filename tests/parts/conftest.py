from __future__ import annotations

import pytest

from tests.parts.factories import Cast, make_cast


@pytest.fixture
def cast(create_user) -> Cast:
    return make_cast(create_user)
