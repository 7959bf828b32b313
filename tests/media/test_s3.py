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
from moto.server import ThreadedMotoServer
from sqlalchemy import select

from sidecar.models import MediaUpload
from tests.conftest import make_settings
from tests.media.conftest import MAX_BYTES
from tests.media.images import JPEG, PNG

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


def test_presigned_post_uploads_the_object(client, create_user, auth_headers, s3, bucket, db):
    user = create_user()
    ticket = _ticket(client, auth_headers(user))

    uploaded = httpx.post(
        ticket["url"],
        data=ticket["fields"],
        files={"file": ("car.jpg", JPEG, "image/jpeg")},
        timeout=10,
    )

    assert uploaded.status_code == 204, uploaded.text
    head = s3.head_object(Bucket=bucket, Key=ticket["key"])
    assert head["ContentLength"] == len(JPEG)
    assert head["ContentType"] == "image/jpeg"
    assert s3.get_object(Bucket=bucket, Key=ticket["key"])["Body"].read() == JPEG
    # The public URL names the same object (path-style on a custom endpoint), and an
    # anonymous reader gets it through the bucket policy.
    public = httpx.get(ticket["public_url"], timeout=10)
    assert (public.status_code, public.content) == (200, JPEG)
    assert ticket["key"].startswith(f"cars/{user.id}/")
    with db.transaction() as session:
        assert session.scalar(select(MediaUpload.user_id).where(MediaUpload.key == ticket["key"]))


def test_form_targets_the_bucket(client, create_user, auth_headers, moto_endpoint, bucket):
    ticket = _ticket(client, auth_headers(create_user()), content_type="image/png")
    assert ticket["url"] == f"{moto_endpoint}/{bucket}"
    assert ticket["fields"]["key"] == ticket["key"]
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
    assert {"key": ticket["key"]} in conditions
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
    key = _ticket(client, headers)["key"]
    response = client.post(
        "/v1/cars",
        json={
            "title": "Subaru Forester 2017 XT",
            "make": "Subaru",
            "model": "Forester",
            "year": 2017,
            "price": "2650000",
            "images": [key],
        },
        headers=headers,
    )
    assert response.status_code == 201, response.text
    assert response.json()["image_urls"] == [f"{moto_endpoint}/{bucket}/{key}"]
