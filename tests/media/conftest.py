from __future__ import annotations

import pytest
from fastapi import FastAPI

from sidecar.app import create_app
from sidecar.core.settings import Settings
from tests.conftest import make_settings

MAX_BYTES = 2048


@pytest.fixture
def settings(database_url, tmp_path) -> Settings:
    return make_settings(database_url, gurumisha_data_dir=tmp_path, media_max_bytes=MAX_BYTES)


@pytest.fixture
def app(settings, db) -> FastAPI:
    return create_app(settings, database=db, job_runner=lambda name, args: None)
