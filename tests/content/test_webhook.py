from __future__ import annotations

from collections.abc import Mapping

import orjson
import pytest

from sidecar.content.service import Target, dedupe_key, parse_delivery, target_of
from sidecar.content.strapi_client import ARTICLE
from sidecar.core.errors import BadRequest, Unprocessable
from tests.content.factories import article, delivery

UID = "api::article.article"


def _key(body: Mapping[str, object]) -> str:
    parsed = parse_delivery(orjson.dumps(body)).delivery
    return dedupe_key(parsed)


class TestDedupeKey:
    def test_same_delivery_same_key(self) -> None:
        body = delivery("entry.publish", UID, article())
        assert _key(body) == _key({**body, "createdAt": "2026-11-25T09:00:00.000Z"})

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("updatedAt", "2026-11-26T00:00:00.000Z"),
            ("locale", "sw"),
            ("id", 999),
            ("documentId", "another000000000000001"),
        ],
    )
    def test_each_identifying_field_changes_the_key(self, field: str, value: object) -> None:
        entry = article()
        body = delivery("entry.publish", UID, entry)
        changed = delivery("entry.publish", UID, {**entry, field: value})
        assert _key(body) != _key(changed)

    def test_event_name_changes_the_key(self) -> None:
        entry = article()
        assert _key(delivery("entry.update", UID, entry)) != _key(
            delivery("entry.publish", UID, entry)
        )

    def test_media_events_are_keyed_by_their_media(self) -> None:
        media = {"event": "media.update", "media": {"id": 1, "documentId": "m1", "updatedAt": "t1"}}
        later = {"event": "media.update", "media": {"id": 1, "documentId": "m1", "updatedAt": "t2"}}
        assert _key(media) != _key(later)
        assert len(_key(media)) == 64


class TestParseDelivery:
    def test_not_json(self) -> None:
        with pytest.raises(BadRequest):
            parse_delivery(b"\xff\xfe")

    @pytest.mark.parametrize(
        "body",
        [
            [],
            "entry.publish",
            {},
            {"event": 5},
            {"event": ""},
            {"event": "entry publish"},
            {"event": "entry.publish", "entry": {"documentId": "abc"}},
            {"event": "entry.publish", "uid": UID},
            {"event": "entry.publish", "uid": UID, "entry": {}},
            {"event": "entry.publish", "uid": UID, "entry": []},
            {"event": "entry.publish", "uid": UID, "entry": {"documentId": "a b"}},
            {"event": "entry.publish", "uid": UID, "entry": {"documentId": "x" * 65}},
            {"event": "entry.publish", "uid": UID, "entry": {"documentId": "a", "locale": "e n"}},
            {"event": "entry.publish", "uid": "x" * 121, "entry": {"documentId": "a"}},
        ],
    )
    def test_bad_shapes_are_unprocessable(self, body: object) -> None:
        with pytest.raises(Unprocessable):
            parse_delivery(orjson.dumps(body))

    def test_strapi_fields_we_do_not_know_are_kept(self) -> None:
        body = {**delivery("entry.publish", UID, article()), "newInStrapi6": {"x": 1}}
        parsed = parse_delivery(orjson.dumps(body))
        assert parsed.payload == body
        assert parsed.delivery.entry is not None
        assert parsed.delivery.entry.document_id == body["entry"]["documentId"]


class TestTargetOf:
    def test_entry_event(self) -> None:
        body = delivery("entry.unpublish", UID, article(document_id="doc1", locale="sw"))
        assert target_of(body) == Target(ARTICLE, "doc1", "sw")

    @pytest.mark.parametrize(
        "body",
        [
            {"event": "media.create", "media": {"id": 1}},
            {"event": "trigger-test"},
            delivery("entry.publish", "plugin::users-permissions.user", {"documentId": "u"}),
            {"event": "entry.publish", "uid": UID, "entry": {"id": 1}},
        ],
    )
    def test_nothing_to_mirror(self, body: dict[str, object]) -> None:
        assert target_of(body) is None
