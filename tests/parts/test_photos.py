"""A part's photos: keys its vendor uploaded, stored once, shown wherever the part is."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sidecar.models import AuditLog, MediaUpload
from sidecar.parts.schemas import MAX_PART_IMAGES
from tests.assertions import assert_problem
from tests.conftest import make_settings
from tests.media.images import JPEG, PNG
from tests.media.uploads import ticket, uploaded

PADS = {"name": "Front brake pads (ceramic)", "sku": "BP-1042", "price": 4500, "stock": 24}


@pytest.fixture
def settings(database_url, tmp_path):
    return make_settings(database_url, gurumisha_data_dir=tmp_path)


def _create(client, headers, images):
    return client.post("/v1/parts", json=PADS | {"images": images}, headers=headers)


def _stored(db, key):
    with db.transaction() as session:
        return session.scalar(select(MediaUpload.stored_at).where(MediaUpload.key == key))


class TestVendorPhotos:
    def test_a_part_lists_with_photos_the_public_sees(self, client, db, cast, auth_headers):
        vendor = auth_headers(cast.vendor)
        front, label = uploaded(client, vendor, JPEG), uploaded(client, vendor, PNG, "image/png")

        created = _create(client, vendor, [front, label])

        assert created.status_code == 201, created.text
        part = created.json()
        assert part["images"] == [front, label]
        assert [url.split("/media/", 1)[1] for url in part["image_urls"]] == [front, label]
        assert _stored(db, front) is not None
        assert client.get(f"/media/{label}").content == PNG
        shown = client.get(f"/v1/parts/{part['id']}").json()
        assert shown["image_urls"] == part["image_urls"]
        listed = client.get("/v1/parts").json()["data"]
        assert [row["images"] for row in listed] == [[front, label]]

    def test_reorder_remove_and_add_on_edit(self, client, db, cast, auth_headers):
        vendor = auth_headers(cast.vendor)
        first, second = uploaded(client, vendor), uploaded(client, vendor)
        part = _create(client, vendor, [first, second]).json()
        third = uploaded(client, vendor)

        edited = client.patch(
            f"/v1/parts/{part['id']}", json={"images": [third, first]}, headers=vendor
        )

        assert edited.status_code == 200, edited.text
        assert edited.json()["images"] == [third, first]
        assert _stored(db, third) is not None
        with db.transaction() as session:
            changes = session.scalars(
                select(AuditLog.changes).where(AuditLog.action == "part.update")
            ).one()
        assert changes == {"images": [third, first]}
        cleared = client.patch(f"/v1/parts/{part['id']}", json={"images": []}, headers=vendor)
        assert cleared.json()["image_urls"] == []

    def test_a_key_of_someone_else_is_422_on_its_field(self, client, cast, auth_headers):
        vendor = auth_headers(cast.vendor)
        mine, theirs = uploaded(client, vendor), uploaded(client, auth_headers(cast.other_vendor))

        body = assert_problem(_create(client, vendor, [mine, theirs]), 422)

        assert body["errors"] == [
            {"field": "images.1", "message": f"{theirs} was not issued to you"}
        ]
        assert client.get("/v1/parts").json()["data"] == []

    def test_a_photo_never_uploaded_is_422_and_nothing_is_kept(
        self, client, db, cast, auth_headers
    ):
        vendor = auth_headers(cast.vendor)
        done, missing = uploaded(client, vendor), ticket(client, vendor)["key"]

        body = assert_problem(_create(client, vendor, [done, missing]), 422)

        assert body["errors"] == [
            {"field": "images.1", "message": f"{missing} has not been uploaded yet"}
        ]
        assert _stored(db, done) is None  # the request rolled back

    def test_the_shape_of_images_is_checked(self, client, cast, auth_headers):
        vendor = auth_headers(cast.vendor)
        key = uploaded(client, vendor)
        too_many = [uploaded(client, vendor) for _ in range(MAX_PART_IMAGES + 1)]
        for images in ([key, key], too_many, ["../../etc/passwd"], [None]):
            assert_problem(_create(client, vendor, images), 422)
        part = _create(client, vendor, [key]).json()
        response = client.patch(f"/v1/parts/{part['id']}", json={"images": None}, headers=vendor)
        assert_problem(response, 422)


class TestAdminEdits:
    def test_an_admin_may_reorder_and_remove_but_not_add_their_own(
        self, client, cast, auth_headers
    ):
        vendor, admin = auth_headers(cast.vendor), auth_headers(cast.admin)
        first, second = uploaded(client, vendor), uploaded(client, vendor)
        part = _create(client, vendor, [first, second]).json()
        url = f"/v1/parts/{part['id']}"

        assert client.patch(url, json={"images": [second]}, headers=admin).status_code == 200
        own = uploaded(client, admin)
        body = assert_problem(client.patch(url, json={"images": [second, own]}, headers=admin), 422)
        assert body["errors"] == [{"field": "images.0", "message": f"{own} was not issued to you"}]
        assert client.get(url).json()["images"] == [second]

    def test_another_vendor_cannot_touch_the_photos(self, client, cast, auth_headers):
        vendor = auth_headers(cast.vendor)
        part = _create(client, vendor, [uploaded(client, vendor)]).json()
        other = auth_headers(cast.other_vendor)
        response = client.patch(f"/v1/parts/{part['id']}", json={"images": []}, headers=other)
        assert_problem(response, 403)
