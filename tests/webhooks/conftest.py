from __future__ import annotations

import pytest

from sidecar.config import Settings
from tests.conftest import make_settings

WEBHOOK_SECRET = "strapi-webhook-secret-for-tests"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, strapi_webhook_secret=WEBHOOK_SECRET)
