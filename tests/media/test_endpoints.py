from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from sidecar.media.keys import KEY_PATTERN, staging_key
from sidecar.media.signing import sign_upload
from sidecar.models import AuditLog, MediaUpload
from tests.assertions import assert_problem
from tests.media.conftest import MAX_BYTES
from tests.media.images import JPEG, PNG, WEBP, padded
from tests.media.uploads import LOCAL_UPLOAD
from tests.media.uploads import post_form as _post_form
from tests.media.uploads import ticket as _ticket


def _statuses(responses):
    """{label: status} of ``responses``; every error among them must be problem+json."""
    for response in responses.values():
        if response.status_code >= 400:
            assert_problem(response, response.status_code)
    return {label: response.status_code for label, response in responses.items()}


def _list_car(client, headers, images):
    return client.post(
        "/v1/cars",
        json={
            "title": "Toyota Fielder 2016, one owner",
            "make": "Toyota",
            "model": "Fielder",
            "year": 2016,
            "price": 1450000,
            "images": images,
        },
        headers=headers,
    )


class TestCreateUpload:
    @pytest.mark.parametrize(
        ("role", "approved"),
        [("customer", True), ("vendor", False), ("vendor", True), ("admin", True)],
    )
    def test_every_signed_in_role_gets_a_form(
        self, client, db, create_user, auth_headers, role, approved
    ):
        user = create_user(role=role, approved=approved)
        ticket = _ticket(client, auth_headers(user), content_type="image/webp")
        assert ticket["key"].startswith(f"cars/{user.id}/")
        assert ticket["key"].endswith(".webp")
        assert KEY_PATTERN.fullmatch(ticket["key"])
        with db.transaction() as session:
            upload = session.scalar(select(MediaUpload).where(MediaUpload.key == ticket["key"]))
            assert (upload.user_id, upload.content_type) == (user.id, "image/webp")
            assert upload.max_bytes == MAX_BYTES

    def test_local_form_shape(self, client, create_user, auth_headers, settings):
        ticket = _ticket(client, auth_headers(create_user()), contentType="image/png", size=100)
        assert ticket["url"] == "http://127.0.0.1:8000/v1/media/local-upload"
        assert ticket["max_bytes"] == MAX_BYTES
        assert ticket["expires_in"] == 900
        assert ticket["public_url"] == f"http://127.0.0.1:8000/media/{ticket['key']}"
        fields = ticket["fields"]
        assert set(fields) == {"key", "Content-Type", "expires", "signature"}
        # The form writes to the key's staging copy, never to the key a listing shows.
        assert fields["key"] == staging_key(ticket["key"])
        assert fields["key"].startswith("uploads/")
        assert fields["Content-Type"] == "image/png"
        assert 0 < int(fields["expires"]) - time.time() <= 900

    def test_keys_never_repeat(self, client, create_user, auth_headers):
        headers = auth_headers(create_user())
        keys = {_ticket(client, headers)["key"] for _ in range(3)}
        assert len(keys) == 3

    def test_filename_never_reaches_the_key(self, client, create_user, auth_headers):
        ticket = _ticket(client, auth_headers(create_user()), filename="../../../etc/passwd.jpg")
        assert "passwd" not in ticket["key"]
        assert ".." not in ticket["key"]

    def test_issuing_is_audited(self, client, db, create_user, auth_headers):
        user = create_user()
        ticket = _ticket(client, auth_headers(user))
        with db.transaction() as session:
            log = session.scalar(select(AuditLog).where(AuditLog.action == "media.upload_issued"))
            assert log.user_id == user.id
            assert log.changes["key"] == ticket["key"]

    def test_invalid_requests_are_422(self, client, db, create_user, auth_headers):
        headers = auth_headers(create_user())
        cases = {
            "gif": {"content_type": "image/gif"},
            "html": {"content_type": "text/html"},
            "svg": {"content_type": "image/svg+xml"},
            "not exact": {"content_type": "IMAGE/JPEG "},
            "missing": {},
            "size 0": {"content_type": "image/png", "size": 0},
            "long filename": {"content_type": "image/png", "filename": "f" * 256},
            "chosen key": {"content_type": "image/png", "key": "cars/1/mine.png"},
            "chosen user": {"content_type": "image/png", "user_id": 1},
        }
        responses = {
            name: client.post("/v1/media/uploads", json=body, headers=headers)
            for name, body in cases.items()
        }
        assert _statuses(responses) == dict.fromkeys(cases, 422)
        with db.transaction() as session:
            assert session.scalar(select(MediaUpload.id)) is None

    def test_declared_size_over_the_limit_is_413(self, client, db, create_user, auth_headers):
        response = client.post(
            "/v1/media/uploads",
            json={"content_type": "image/png", "size": MAX_BYTES + 1},
            headers=auth_headers(create_user()),
        )
        assert_problem(response, 413)
        with db.transaction() as session:
            assert session.scalar(select(MediaUpload.id)) is None


class TestLocalUpload:
    @pytest.mark.parametrize(
        ("content_type", "image"), [("image/jpeg", JPEG), ("image/png", PNG), ("image/webp", WEBP)]
    )
    def test_round_trip(self, client, create_user, auth_headers, settings, content_type, image):
        headers = auth_headers(create_user())
        ticket = _ticket(client, headers, content_type=content_type)
        response = _post_form(client, ticket["fields"], image, file_type="application/octet-stream")
        assert response.status_code == 204, response.text
        staged = settings.media_dir / ticket["fields"]["key"]
        assert staged.read_bytes() == image
        # Not public until a listing uses it; the staging copy is never served.
        assert_problem(client.get(f"/media/{ticket['key']}"), 404)
        assert_problem(client.get(f"/media/{ticket['fields']['key']}"), 404)

        assert _list_car(client, headers, [ticket["key"]]).status_code == 201
        assert not staged.exists()
        assert (settings.media_dir / ticket["key"]).read_bytes() == image
        served = client.get(f"/media/{ticket['key']}")
        assert served.status_code == 200
        assert served.content == image
        assert served.headers["content-type"] == content_type
        assert served.headers["x-content-type-options"] == "nosniff"
        assert "immutable" in served.headers["cache-control"]

    def test_the_limit_itself_is_accepted(self, client, create_user, auth_headers):
        ticket = _ticket(client, auth_headers(create_user()), content_type="image/png")
        response = _post_form(client, ticket["fields"], padded(PNG, MAX_BYTES))
        assert response.status_code == 204

    def test_too_large_is_413(self, client, create_user, auth_headers, settings):
        ticket = _ticket(client, auth_headers(create_user()), content_type="image/png")
        response = _post_form(client, ticket["fields"], padded(PNG, MAX_BYTES + 1))
        assert_problem(response, 413)
        assert not settings.media_dir.exists() or not any(settings.media_dir.rglob("*.png"))

    def test_empty_file_is_422(self, client, create_user, auth_headers):
        ticket = _ticket(client, auth_headers(create_user()))
        assert_problem(_post_form(client, ticket["fields"], b""), 422)

    def test_content_must_be_the_declared_type(self, client, create_user, auth_headers, settings):
        headers = auth_headers(create_user())
        cases = {
            "png": PNG,
            "webp": WEBP,
            "html": b"<html><script>alert(1)</script></html>",
            "gif": b"GIF89a" + b"\0" * 20,
        }
        tickets = {name: _ticket(client, headers, content_type="image/jpeg") for name in cases}
        responses = {
            name: _post_form(client, tickets[name]["fields"], data) for name, data in cases.items()
        }
        assert _statuses(responses) == dict.fromkeys(cases, 422)
        assert all("image/jpeg" in r.json()["detail"] for r in responses.values())
        assert not settings.media_dir.exists() or not any(settings.media_dir.rglob("*.jpg"))

    def test_tampered_forms_are_403(self, client, create_user, auth_headers, settings):
        headers = auth_headers(create_user())
        ticket = _ticket(client, headers, content_type="image/jpeg")
        cases = {
            "type changed": {"Content-Type": "image/png"},
            "type html": {"Content-Type": "text/html"},
            "other key": {"key": "uploads/1/0123456789abcdef0123456789abcdef.jpg"},
            "the stored key": {"key": ticket["key"]},
            "traversal key": {"key": "../../evil.jpg"},
            "later expiry": {"expires": "9999999999"},
            "forged signature": {"signature": "0" * 64},
        }
        responses = {
            name: _post_form(client, {**ticket["fields"], **tamper}, JPEG)
            for name, tamper in cases.items()
        }
        assert _statuses(responses) == dict.fromkeys(cases, 403)
        assert list(settings.media_dir.rglob("*.jpg")) == []

    def test_expired_form_is_403(self, client, settings):
        key = "uploads/7/0123456789abcdef0123456789abcdef.jpg"
        expires = int(time.time()) - 1
        fields = {
            "key": key,
            "Content-Type": "image/jpeg",
            "expires": str(expires),
            "signature": sign_upload(
                secret=settings.jwt_secret, key=key, content_type="image/jpeg", expires=expires
            ),
        }
        body = assert_problem(_post_form(client, fields, JPEG), 403)
        assert "expired" in body["detail"]
        assert not (settings.media_dir / key).exists()

    def test_missing_field_is_422(self, client, create_user, auth_headers):
        ticket = _ticket(client, auth_headers(create_user()))
        names = ["key", "Content-Type", "expires", "signature"]
        responses = {
            missing: _post_form(
                client, {k: v for k, v in ticket["fields"].items() if k != missing}, JPEG
            )
            for missing in names
        }
        assert _statuses(responses) == dict.fromkeys(names, 422)

    def test_missing_file_is_422(self, client, create_user, auth_headers):
        ticket = _ticket(client, auth_headers(create_user()))
        assert_problem(client.post(LOCAL_UPLOAD, data=ticket["fields"]), 422)

    def test_refused_when_s3_is_configured(self, app, client, settings):
        app.state.settings = settings.model_copy(update={"s3_bucket": "gm-media"})
        app.state.media_storage = None  # rebuilt from the new settings
        key = "cars/7/0123456789abcdef0123456789abcdef.jpg"
        expires = int(time.time()) + 60
        fields = {
            "key": key,
            "Content-Type": "image/jpeg",
            "expires": str(expires),
            "signature": sign_upload(
                secret=settings.jwt_secret, key=key, content_type="image/jpeg", expires=expires
            ),
        }
        assert_problem(_post_form(client, fields, JPEG), 404)


class TestUploadFormsAreSingleUse:
    """Audit finding 11: a form still valid (15 minutes) rewrote an approved car's image."""

    def test_a_form_reposted_after_approval_cannot_change_the_approved_image(
        self, client, create_user, auth_headers, settings
    ):
        seller = auth_headers(create_user())
        admin = auth_headers(create_user(role="admin"))
        innocent, offensive = padded(JPEG, 400), padded(JPEG, 900)
        ticket = _ticket(client, seller)
        assert _post_form(client, ticket["fields"], innocent).status_code == 204
        car = _list_car(client, seller, [ticket["key"]]).json()
        assert client.put(f"/v1/cars/{car['id']}/approve", headers=admin).status_code == 200

        again = _post_form(client, ticket["fields"], offensive)

        body = assert_problem(again, 409)
        assert "already used" in body["detail"]
        assert client.get(f"/media/{ticket['key']}").content == innocent
        assert not (settings.media_dir / ticket["fields"]["key"]).exists()
        public = client.get(f"/v1/cars/{car['id']}").json()
        assert public["status"] == "active"

    def test_a_second_post_before_any_listing_is_refused_too(
        self, client, create_user, auth_headers, settings
    ):
        headers = auth_headers(create_user())
        ticket = _ticket(client, headers)
        assert _post_form(client, ticket["fields"], padded(JPEG, 300)).status_code == 204
        assert_problem(_post_form(client, ticket["fields"], padded(JPEG, 700)), 409)
        assert (settings.media_dir / ticket["fields"]["key"]).read_bytes() == padded(JPEG, 300)

    def test_a_key_is_stored_once_whatever_lists_it_later(
        self, client, db, create_user, auth_headers, settings
    ):
        headers = auth_headers(create_user())
        ticket = _ticket(client, headers)
        assert _post_form(client, ticket["fields"], JPEG).status_code == 204
        assert _list_car(client, headers, [ticket["key"]]).status_code == 201
        stored = settings.media_dir / ticket["key"]
        written = stored.stat().st_mtime_ns
        # The same photo on a second listing: nothing is copied or written again.
        assert _list_car(client, headers, [ticket["key"]]).status_code == 201
        assert stored.stat().st_mtime_ns == written
        with db.transaction() as session:
            upload = session.scalar(select(MediaUpload).where(MediaUpload.key == ticket["key"]))
            assert upload.stored_at is not None

    def test_a_key_whose_image_never_arrived_is_422_on_its_field(
        self, client, db, create_user, auth_headers
    ):
        headers = auth_headers(create_user())
        uploaded, missing = _ticket(client, headers), _ticket(client, headers)
        assert _post_form(client, uploaded["fields"], JPEG).status_code == 204

        response = _list_car(client, headers, [uploaded["key"], missing["key"]])

        body = assert_problem(response, 422)
        assert body["errors"] == [
            {"field": "images.1", "message": f"{missing['key']} has not been uploaded yet"}
        ]
        with db.transaction() as session:  # the request rolled back: nothing stored
            stored_at = select(MediaUpload.stored_at).where(MediaUpload.key == uploaded["key"])
            assert session.scalar(stored_at) is None


class TestReadMedia:
    def test_unknown_key_404(self, client):
        assert_problem(client.get("/media/cars/1/0123456789abcdef0123456789abcdef.png"), 404)

    def test_anything_but_a_media_key_is_404(self, client, settings):
        settings.media_dir.mkdir(parents=True, exist_ok=True)
        (settings.media_dir / "secret.txt").write_text("not for you")
        (settings.gurumisha_data_dir / "secret.txt").write_text("not for you either")
        paths = [
            "/media/secret.txt",
            "/media/cars/1/%2e%2e/%2e%2e/secret.txt",
            "/media/..%2fsecret.txt",
            "/media/%2Fetc%2Fpasswd",
            "/media//etc/passwd",
            "/media/cars/1/..%2F..%2Fsecret.txt",
            "/media/cars/1/0123456789abcdef0123456789abcdef.txt",
            "/media/cars/1/0123456789ABCDEF0123456789ABCDEF.png",
            "/media/cars/1/0123456789abcdef0123456789abcdef.png%00.txt",
            "/media/",
        ]
        responses = {path: client.get(path) for path in paths}
        assert _statuses(responses) == dict.fromkeys(paths, 404)
        assert not any("not for you" in response.text for response in responses.values())

    def test_a_key_whose_file_is_a_symlink_out_is_not_served(self, client, settings):
        outside = settings.gurumisha_data_dir / "outside.png"
        outside.write_bytes(PNG)
        key = "cars/1/0123456789abcdef0123456789abcdef.png"
        (settings.media_dir / "cars/1").mkdir(parents=True)
        (settings.media_dir / key).symlink_to(outside)
        assert_problem(client.get(f"/media/{key}"), 404)

    def test_read_only(self, client):
        response = client.put("/media/cars/1/0123456789abcdef0123456789abcdef.png", content=PNG)
        assert_problem(response, 405)


class TestLocalUploadBodyLimit:
    def test_the_upload_route_admits_images_larger_than_the_api_body_limit(self, database_url, db):
        """MAX_BODY_BYTES caps JSON bodies; the upload route's cap follows MEDIA_MAX_BYTES."""
        from fastapi.testclient import TestClient

        from sidecar.app import create_app
        from tests.conftest import make_settings

        settings = make_settings(database_url, max_body_bytes=4096, media_max_bytes=100_000)
        with TestClient(create_app(settings, database=db, job_runner=lambda *a: None)) as client:
            big = client.post("/v1/media/local-upload", content=b"x" * 50_000)
            json_too_big = client.post("/v1/auth/login", content=b"x" * 50_000)
        assert big.status_code != 413
        assert json_too_big.status_code == 413
