from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
import respx

from sidecar.content.revalidation import RevalidationFailed, Revalidator, paths_for
from sidecar.content.strapi_client import ARTICLE, BANNER, FAQ, PAGE, VEHICLE_MODEL
from tests.content.factories import REVALIDATE_SECRET, REVALIDATE_URL


class TestPathsFor:
    def test_article_list_and_page(self) -> None:
        assert paths_for(ARTICLE.uid, "en", [None, {"slug": "kra-duty"}]) == [
            "/articles",
            "/articles/kra-duty",
        ]

    def test_renamed_slug_revalidates_both(self) -> None:
        assert paths_for(ARTICLE.uid, "sw", [{"slug": "old"}, {"slug": "new"}]) == [
            "/sw/articles",
            "/sw/articles/old",
            "/sw/articles/new",
        ]

    def test_other_types(self) -> None:
        assert paths_for(PAGE.uid, "en", [{"slug": "about-us"}]) == ["/about-us"]
        assert paths_for(BANNER.uid, "en", [{}]) == ["/"]
        assert paths_for(BANNER.uid, "sw", [{}]) == ["/sw"]
        assert paths_for(FAQ.uid, "en", [None]) == ["/help"]
        assert paths_for(VEHICLE_MODEL.uid, "en", [{"slug": "note"}]) == ["/cars"]

    def test_slugs_are_escaped_and_missing_ones_skipped(self) -> None:
        assert paths_for(ARTICLE.uid, "en", [{"slug": "a/b?c"}, {"slug": None}]) == [
            "/articles",
            "/articles/a%2Fb%3Fc",
        ]

    def test_unknown_type_has_no_paths(self) -> None:
        assert paths_for("plugin::upload.file", "en", [{"slug": "x"}]) == []


@pytest.fixture
def frontend() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        yield router


class TestRevalidate:
    def test_request_shape(self, frontend: respx.MockRouter) -> None:
        route = frontend.post(REVALIDATE_URL).mock(return_value=httpx.Response(200))
        with Revalidator(url=REVALIDATE_URL, secret=REVALIDATE_SECRET) as revalidator:
            revalidator.revalidate(["/articles", "/articles/x"])
        [call] = route.calls
        assert call.request.headers["x-revalidate-secret"] == REVALIDATE_SECRET
        assert call.request.headers["content-type"] == "application/json"
        assert json.loads(call.request.content) == {
            "paths": ["/articles", "/articles/x"],
            "secret": REVALIDATE_SECRET,
        }

    @pytest.mark.parametrize(
        "answer",
        [httpx.Response(500), httpx.Response(401), httpx.ConnectError("refused")],
    )
    def test_failure_raises_with_the_paths(
        self, frontend: respx.MockRouter, answer: httpx.Response | Exception
    ) -> None:
        route = frontend.post(REVALIDATE_URL)
        if isinstance(answer, Exception):
            route.mock(side_effect=answer)
        else:
            route.mock(return_value=answer)
        with (
            Revalidator(url=REVALIDATE_URL, secret=REVALIDATE_SECRET) as revalidator,
            pytest.raises(RevalidationFailed) as failure,
        ):
            revalidator.revalidate(["/help"])
        assert failure.value.paths == ["/help"]

    def test_unset_url_sends_nothing(self, frontend: respx.MockRouter) -> None:
        route = frontend.post(REVALIDATE_URL)
        Revalidator(url=None).revalidate(["/help"])
        assert not route.called

    def test_nothing_to_revalidate_sends_nothing(self, frontend: respx.MockRouter) -> None:
        route = frontend.post(REVALIDATE_URL)
        Revalidator(url=REVALIDATE_URL).revalidate([])
        assert not route.called
