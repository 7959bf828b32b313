"""The media dependencies other packages reuse: the app's storage and its public URLs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from sidecar.core.settings import Settings
from sidecar.media.storage import MediaStorage, public_url, storage_of


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_storage(request: Request, settings: SettingsDep) -> MediaStorage:
    return storage_of(request.app.state, settings)


async def get_public_urls(settings: SettingsDep) -> Callable[[str], str]:
    def url_of(key: str) -> str:
        return public_url(settings, key)

    return url_of


StorageDep = Annotated[MediaStorage, Depends(get_storage)]
# key -> public URL of the stored object; how car responses show their images.
PublicUrls = Callable[[str], str]
PublicUrlsDep = Annotated[PublicUrls, Depends(get_public_urls)]
