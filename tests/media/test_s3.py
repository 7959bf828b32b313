"""The S3 path against a real S3 API: moto's server, started here on a free port.

moto stores what is posted to a presigned POST but does not evaluate the POST
policy (moto 5.2: ``S3Response._bucket_response_post`` writes the body without
checking conditions or signature), so the size and type limits are asserted on the
signed policy document that AWS S3 enforces, not on moto's answer.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from datetime import UTC, datetime

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError
from moto.server import ThreadedMotoServer
from sqlalchemy import select

from sidecar.media.keys import staging_key
from sidecar.models import MediaUpload
from tests.assertions import assert_problem
from tests.conftest import make_settings
from tests.media.conftest import MAX_BYTES
from tests.media.images import JPEG, PNG, padded

REGION = "af-south-1"


def public_car_images_policy(bucket: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicCarImages",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/cars/*",
            }
        ],
    }


@pytest.fixture(scope="session")
def moto_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws_env(monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.fixture
def bucket(moto_endpoint, aws_env):
    name = f"gm-media-{uuid.uuid4().hex[:12]}"
    s3 = boto3.client("s3", region_name=REGION, endpoint_url=moto_endpoint)
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    # As in production: car images are publicly readable, nothing else in the bucket is.
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps(public_car_images_policy(name)))
    return name


@pytest.fixture
def s3(moto_endpoint, aws_env):
    return boto3.client("s3", region_name=REGION, endpoint_url=moto_endpoint)


@pytest.fixture
def settings(database_url, tmp_path, moto_endpoint, bucket):
    return make_settings(
        database_url,
        gurumisha_data_dir=tmp_path,
        media_max_bytes=MAX_BYTES,
        s3_bucket=bucket,
        s3_endpoint_url=moto_endpoint,
        aws_region=REGION,
    )


def _ticket(client, user_headers, content_type="image/jpeg"):
    response = client.post(
        "/v1/media/uploads", json={"contentType": content_type}, headers=user_headers
    )
    assert response.status_code == 201, response.text
    return response.json()


def _policy(fields):
    return json.loads(base64.b64decode(fields["policy"]))


def _post(ticket, data, content_type="image/jpeg"):
    return httpx.post(
        ticket["url"],
        data=ticket["fields"],
        files={"file": ("car.jpg", data, content_type)},
        timeout=10,
    )


def _list_car(client, headers, images):
    return client.post(
        "/v1/cars",
        json={
            "title": "Subaru Forester 2017 XT",
            "make": "Subaru",
            "model": "Forester",
            "year": 2017,
            "price": "2650000",
            "images": images,
        },
        headers=headers,
    )


def _missing(s3, bucket, key):
    with pytest.raises(ClientError) as missing:
        s3.head_object(Bucket=bucket, Key=key)
    return missing.value.response["Error"]["Code"] in ("404", "NoSuchKey")


def test_presigned_post_uploads_the_object(client, create_user, auth_headers, s3, bucket, db):
    user = create_user()
    headers = auth_headers(user)
    ticket = _ticket(client, headers)

    uploaded = _post(ticket, JPEG)

    assert uploaded.status_code == 204, uploaded.text
    staging = ticket["fields"]["key"]
    assert staging == f"uploads/{ticket['key'].removeprefix('cars/')}"
    head = s3.head_object(Bucket=bucket, Key=staging)
    assert (head["ContentLength"], head["ContentType"]) == (len(JPEG), "image/jpeg")
    # Nothing is public yet: the bucket policy covers cars/, and the key is still empty.
    assert httpx.get(ticket["public_url"], timeout=10).status_code in (403, 404)
    assert httpx.get(f"{ticket['url']}/{staging}", timeout=10).status_code == 403

    assert _list_car(client, headers, [ticket["key"]]).status_code == 201

    # Listing it stored the image under its key, once, and dropped the staging copy.
    stored = s3.get_object(Bucket=bucket, Key=ticket["key"])
    assert stored["Body"].read() == JPEG
    assert stored["ContentType"] == "image/jpeg"
    assert stored["CacheControl"] == "public, max-age=31536000, immutable"
    assert _missing(s3, bucket, staging)
    # The public URL names the object (path-style on a custom endpoint), and an
    # anonymous reader gets it through the bucket policy.
    public = httpx.get(ticket["public_url"], timeout=10)
    assert (public.status_code, public.content) == (200, JPEG)
    assert ticket["key"].startswith(f"cars/{user.id}/")
    with db.transaction() as session:
        upload = session.scalar(select(MediaUpload).where(MediaUpload.key == ticket["key"]))
        assert upload.user_id == user.id
        assert upload.stored_at is not None


class TestFinding11FormsCannotRewriteAnApprovedImage:
    """Audit finding 11: a presigned POST stays valid for 15 minutes and S3 lets it be
    posted any number of times; it used to write the very key an approved car shows."""

    def test_a_reposted_form_never_reaches_the_listed_image(
        self, client, create_user, auth_headers, s3, bucket
    ):
        seller = auth_headers(create_user())
        admin = auth_headers(create_user(role="admin"))
        innocent, offensive = padded(JPEG, 400), padded(JPEG, 900)
        ticket = _ticket(client, seller)
        assert _post(ticket, innocent).status_code == 204
        car = _list_car(client, seller, [ticket["key"]]).json()
        assert client.put(f"/v1/cars/{car['id']}/approve", headers=admin).status_code == 200

        # S3 cannot make a presigned POST single use: the form is accepted again...
        assert _post(ticket, offensive).status_code == 204
        # ...and saving the car again, or listing the key on a new car, stores nothing.
        edit = client.patch(
            f"/v1/cars/{car['id']}", json={"images": [ticket["key"]]}, headers=seller
        )
        assert edit.status_code == 200
        assert _list_car(client, seller, [ticket["key"]]).status_code == 201

        public = httpx.get(ticket["public_url"], timeout=10)
        assert (public.status_code, public.content) == (200, innocent)
        assert client.get(f"/v1/cars/{car['id']}").json()["status"] == "active"

    def test_what_s3_accepted_must_be_the_declared_image(
        self, client, create_user, auth_headers, s3, bucket
    ):
        """S3 checks the Content-Type field of the form, not the bytes: we check them."""
        headers = auth_headers(create_user())
        html, image, never = (_ticket(client, headers) for _ in range(3))
        assert _post(html, b"<html><script>alert(1)</script></html>").status_code == 204
        assert _post(image, JPEG).status_code == 204

        listed = _list_car(client, headers, [image["key"], html["key"], never["key"]])

        body = assert_problem(listed, 422)
        assert body["errors"] == [
            {"field": "images.1", "message": f"{html['key']} is not a image/jpeg image"},
            {"field": "images.2", "message": f"{never['key']} has not been uploaded yet"},
        ]
        assert _missing(s3, bucket, html["key"])

    def test_the_copy_is_of_exactly_the_object_that_was_checked(
        self, app, client, create_user, auth_headers
    ):
        """A form posted again between the check and the copy must not slip through: the
        copy carries x-amz-copy-source-if-match with the checked ETag, which S3 answers
        with 412 when the object changed (AWS CopyObject reference). moto ignores that
        header, so this asserts the request S3 receives, as the policy tests do."""
        headers = auth_headers(create_user())
        ticket = _ticket(client, headers)
        assert _post(ticket, JPEG).status_code == 204
        storage = app.state.media_storage
        checked = storage.staged(ticket["fields"]["key"])
        sent: list[dict[str, bytes]] = []
        storage.client.meta.events.register(
            "before-send.s3.CopyObject",
            lambda request, **_: sent.append(dict(request.headers)),
        )

        storage.promote(staging=ticket["fields"]["key"], key=ticket["key"], staged=checked)

        [copy] = sent
        assert copy["x-amz-copy-source-if-match"] == checked.etag.encode()
        assert checked.etag.strip('"')

    def test_an_unreachable_bucket_is_503_not_500(
        self, app, client, create_user, auth_headers, settings
    ):
        headers = auth_headers(create_user())
        ticket = _ticket(client, headers)
        _post(ticket, JPEG)
        app.state.media_storage = None  # rebuilt against a closed port
        app.state.settings = settings.model_copy(update={"s3_endpoint_url": "http://127.0.0.1:9"})
        response = _list_car(client, headers, [ticket["key"]])
        body = assert_problem(response, 503)
        assert body["type"].endswith("/unavailable")
        assert response.headers["retry-after"] == "5"


def test_form_targets_the_bucket(client, create_user, auth_headers, moto_endpoint, bucket):
    ticket = _ticket(client, auth_headers(create_user()), content_type="image/png")
    assert ticket["url"] == f"{moto_endpoint}/{bucket}"
    assert ticket["fields"]["key"] == staging_key(ticket["key"])
    assert ticket["fields"]["Content-Type"] == "image/png"
    assert ticket["fields"]["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    assert ticket["public_url"] == f"{moto_endpoint}/{bucket}/{ticket['key']}"
    assert (ticket["max_bytes"], ticket["expires_in"]) == (MAX_BYTES, 900)


def test_policy_limits_size_and_type_for_15_minutes(client, create_user, auth_headers, bucket):
    before = time.time()
    ticket = _ticket(client, auth_headers(create_user()), content_type="image/png")
    after = time.time()
    policy = _policy(ticket["fields"])

    conditions = policy["conditions"]
    assert ["content-length-range", 1, MAX_BYTES] in conditions
    assert {"Content-Type": "image/png"} in conditions
    assert {"bucket": bucket} in conditions
    assert {"key": staging_key(ticket["key"])} in conditions
    expires = datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    # 15 minutes from when the ticket was issued (somewhere between before and after;
    # the policy's expiry is in whole seconds).
    assert before + 900 - 1 <= expires.timestamp() <= after + 900 + 1


def test_policy_of_another_type_does_not_cover_this_one(client, create_user, auth_headers):
    """Every form pins exactly one Content-Type: a PNG form cannot carry a JPEG."""
    headers = auth_headers(create_user())
    png = _policy(_ticket(client, headers, content_type="image/png")["fields"])
    jpeg = _policy(_ticket(client, headers, content_type="image/jpeg")["fields"])
    assert {"Content-Type": "image/jpeg"} not in png["conditions"]
    assert {"Content-Type": "image/png"} not in jpeg["conditions"]
    assert not any(
        isinstance(condition, list) and condition[0] == "starts-with"
        for condition in png["conditions"] + jpeg["conditions"]
    )


def test_boto3_client_is_built_once_per_app(app, client, create_user, auth_headers):
    headers = auth_headers(create_user())
    _ticket(client, headers)
    storage = app.state.media_storage
    _ticket(client, headers, content_type="image/png")
    assert app.state.media_storage is storage
    assert storage.client is app.state.media_storage.client


def test_local_upload_endpoint_is_off(client, create_user, auth_headers):
    ticket = _ticket(client, auth_headers(create_user()))
    response = client.post(
        "/v1/media/local-upload",
        data={"key": ticket["key"], "Content-Type": "image/jpeg", "expires": "1", "signature": "x"},
        files={"file": ("car.png", PNG, "image/png")},
    )
    assert response.status_code == 404


def test_car_images_point_at_the_bucket(client, create_user, auth_headers, moto_endpoint, bucket):
    user = create_user()
    headers = auth_headers(user)
    ticket = _ticket(client, headers)
    assert _post(ticket, JPEG).status_code == 204
    response = _list_car(client, headers, [ticket["key"]])
    assert response.status_code == 201, response.text
    assert response.json()["image_urls"] == [f"{moto_endpoint}/{bucket}/{ticket['key']}"]
