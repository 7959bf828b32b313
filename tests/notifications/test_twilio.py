from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from twilio.request_validator import RequestValidator

from sidecar.app import create_app
from sidecar.models import Notification
from tests.assertions import assert_problem
from tests.conftest import make_settings

CALLBACK_URL = "https://api.gurumisha.test/v1/webhooks/twilio/status"
TOKEN = "twilio-auth-token-for-tests"


@pytest.fixture
def twilio_client(database_url, db):
    settings = make_settings(
        database_url, twilio_auth_token=TOKEN, twilio_status_callback_url=CALLBACK_URL
    )
    with TestClient(create_app(settings, database=db, job_runner=lambda *a: None)) as client:
        yield client


@pytest.fixture
def notification(db, create_user):
    user = create_user(phone="+254712345678")
    with db.transaction() as session:
        row = Notification(
            user_id=user.id,
            channel="whatsapp",
            template="import.status_changed",
            to_address=user.phone,
            body="Your import has shipped",
            status="sent",
            provider_id="SM0123456789abcdef0123456789abcdef",
        )
        session.add(row)
    return row


def post_signed(client, params, *, token=TOKEN, url=CALLBACK_URL):
    signature = RequestValidator(token).compute_signature(url, params)
    return client.post(
        "/v1/webhooks/twilio/status", data=params, headers={"X-Twilio-Signature": signature}
    )


def status_of(db, notification_id):
    with db.transaction() as session:
        return session.get(Notification, notification_id).status


class TestTwilioStatus:
    def test_signed_callback_updates_the_status(self, twilio_client, notification, db):
        params = {"MessageSid": notification.provider_id, "MessageStatus": "delivered"}
        response = post_signed(twilio_client, params)
        assert response.status_code == 204
        assert status_of(db, notification.id) == "delivered"

    def test_read_then_a_late_delivered_does_not_go_back(self, twilio_client, notification, db):
        post_signed(
            twilio_client, {"MessageSid": notification.provider_id, "MessageStatus": "read"}
        )
        post_signed(
            twilio_client, {"MessageSid": notification.provider_id, "MessageStatus": "delivered"}
        )
        assert status_of(db, notification.id) == "read"

    def test_undelivered_records_the_error(self, twilio_client, notification, db):
        params = {
            "MessageSid": notification.provider_id,
            "MessageStatus": "undelivered",
            "ErrorCode": "63024",
        }
        post_signed(twilio_client, params)
        with db.transaction() as session:
            row = session.get(Notification, notification.id)
            assert (row.status, row.error) == ("undeliverable", "twilio error 63024")

    def test_invalid_signature_is_403_and_changes_nothing(self, twilio_client, notification, db):
        params = {"MessageSid": notification.provider_id, "MessageStatus": "delivered"}
        response = post_signed(twilio_client, params, token="not-the-token")
        assert_problem(response, 403)
        assert status_of(db, notification.id) == "sent"

    def test_signature_for_another_url_is_403(self, twilio_client, notification, db):
        params = {"MessageSid": notification.provider_id, "MessageStatus": "delivered"}
        response = post_signed(twilio_client, params, url="https://evil.example/hook")
        assert_problem(response, 403)

    def test_missing_signature_is_403(self, twilio_client, notification):
        response = twilio_client.post(
            "/v1/webhooks/twilio/status",
            data={"MessageSid": notification.provider_id, "MessageStatus": "delivered"},
        )
        assert_problem(response, 403)

    def test_unconfigured_token_refuses_everything(self, client, notification, db):
        params = {"MessageSid": notification.provider_id, "MessageStatus": "delivered"}
        assert_problem(post_signed(client, params), 403)
        assert status_of(db, notification.id) == "sent"

    def test_unknown_sid_is_accepted_and_ignored(self, twilio_client):
        response = post_signed(twilio_client, {"MessageSid": "SMunknown", "MessageStatus": "read"})
        assert response.status_code == 204

    def test_missing_fields_are_400(self, twilio_client):
        assert_problem(post_signed(twilio_client, {"MessageSid": "SMx"}), 400)
