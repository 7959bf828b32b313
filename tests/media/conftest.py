from __future__ import annotations

import pytest
from fastapi import FastAPI

from sidecar.app import create_app
from sidecar.config import Settings
from sidecar.media.endpoints import media_files_router
from tests.conftest import make_settings

MAX_BYTES = 2048


@pytest.fixture
def settings(database_url, tmp_path) -> Settings:
    return make_settings(database_url, gurumisha_data_dir=tmp_path, media_max_bytes=MAX_BYTES)


@pytest.fixture
def app(settings, db) -> FastAPI:
    app = create_app(settings, database=db)
    # Served outside /v1; include it here in case the app factory does not yet.
    if not any(getattr(route, "path", "") == "/media/{key:path}" for route in app.routes):
        app.include_router(media_files_router)
    return app
