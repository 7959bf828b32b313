from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx

from sidecar.content.revalidation import Revalidator
from sidecar.content.strapi_client import StrapiClient
from sidecar.core import jobs
from tests.content.factories import (
    REVALIDATE_SECRET,
    REVALIDATE_URL,
    STRAPI_TOKEN,
    STRAPI_URL,
    FakeStrapi,
)


@pytest.fixture
def mocked_http() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        yield router


@pytest.fixture
def fake_strapi(mocked_http: respx.MockRouter) -> FakeStrapi:
    fake = FakeStrapi()
    mocked_http.get(url__startswith=f"{STRAPI_URL}/api/").mock(side_effect=fake)
    return fake


@pytest.fixture
def revalidations(mocked_http: respx.MockRouter) -> respx.Route:
    return mocked_http.post(REVALIDATE_URL).mock(return_value=httpx.Response(200))


@pytest.fixture
def strapi_client() -> Iterator[StrapiClient]:
    with httpx.Client() as http:
        yield StrapiClient(base_url=STRAPI_URL, token=STRAPI_TOKEN, http=http)


@pytest.fixture
def revalidator() -> Iterator[Revalidator]:
    with httpx.Client() as http:
        yield Revalidator(url=REVALIDATE_URL, secret=REVALIDATE_SECRET, http=http)


@pytest.fixture
def runner_jobs() -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    """Jobs published outside a request (the sweep), recorded instead of sent."""
    published: list[tuple[str, tuple[Any, ...]]] = []
    previous = jobs.install_runner(lambda name, args: published.append((name, args)))
    yield published
    jobs.install_runner(previous)
