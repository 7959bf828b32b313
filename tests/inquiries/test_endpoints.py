from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from sidecar.models import AuditLog, Inquiry, OutboxMessage
from tests.assertions import assert_problem
from tests.inquiries.factories import create_inquiry
from tests.parts.factories import create_part, vendor_id_of


def _headers(auth_headers, user):
    return auth_headers(user) if user is not None else {}


def _outbox(db, kind):
    with db.transaction() as session:
        return session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
        ).all()


@pytest.fixture
def part_id(db, cast):
    return create_part(db, vendor=cast.vendor, name="Front brake pads", stock=5)


class TestCreateInquiry:
    @pytest.mark.parametrize(
        ("role", "status"),
        [
            ("anonymous", 401),
            ("customer", 201),
            ("other_customer", 201),
            ("unapproved_vendor", 201),
            ("vendor", 422),  # the part's own vendor
            ("other_vendor", 201),
            ("admin", 201),
        ],
    )
    def test_roles(self, client, cast, auth_headers, part_id, role, status):
        body = {"partId": part_id, "quantity": 2, "message": "Do you deliver to Nakuru?"}
        response = client.post(
            "/v1/inquiries", json=body, headers=_headers(auth_headers, cast.by_role(role))
        )
        assert response.status_code == status, response.text

    def test_created_new_with_audit_and_vendor_notification(
        self, client, db, cast, auth_headers, part_id
    ):
        response = client.post(
            "/v1/inquiries",
            json={"partId": part_id, "quantity": 5, "message": " Fits a 2016 Fielder? "},
            headers=auth_headers(cast.customer),
        )

        assert response.status_code == 201, response.text
        body = response.json()
        assert body["status"] == "new"
        assert (body["part_id"], body["part_name"], body["quantity"]) == (
            part_id,
            "Front brake pads",
            5,
        )
        assert body["vendor_id"] == vendor_id_of(db, cast.vendor)
        assert body["user_id"] == cast.customer.id
        assert body["message"] == "Fits a 2016 Fielder?"
        assert body["response_message"] is None
        (event,) = _outbox(db, "inquiry.created")
        assert event.payload == {
            "inquiry_id": body["id"],
            "part_id": part_id,
            "vendor_user_id": cast.vendor.id,
            "customer_id": cast.customer.id,
        }
        assert event.dedupe_key == f"inquiry.created:{body['id']}"
        with db.transaction() as session:
            log = session.scalar(select(AuditLog).where(AuditLog.action == "inquiry.create"))
        assert (log.user_id, log.resource_id) == (cast.customer.id, str(body["id"]))

    def test_snake_case_and_default_quantity(self, client, cast, auth_headers, part_id):
        response = client.post(
            "/v1/inquiries",
            json={"part_id": part_id, "message": "Bei ya mwisho?"},
            headers=auth_headers(cast.customer),
        )
        assert response.status_code == 201, response.text
        assert response.json()["quantity"] == 1

    def test_quantity_above_stock_422(self, client, db, cast, auth_headers, part_id):
        response = client.post(
            "/v1/inquiries",
            json={"partId": part_id, "quantity": 6, "message": "Six please"},
            headers=auth_headers(cast.customer),
        )
        body = assert_problem(response, 422)
        assert body["detail"] == "Only 5 of 'Front brake pads' in stock; ask for at most 5."
        assert body["errors"] == [{"field": "quantity", "message": body["detail"]}]
        assert _outbox(db, "inquiry.created") == []

    def test_out_of_stock_422(self, client, db, cast, auth_headers):
        empty = create_part(db, vendor=cast.vendor, name="Headlamp", stock=0)
        response = client.post(
            "/v1/inquiries",
            json={"partId": empty, "quantity": 1, "message": "When in stock?"},
            headers=auth_headers(cast.customer),
        )
        assert assert_problem(response, 422)["detail"] == "'Headlamp' is out of stock."

    def test_unknown_or_unlisted_part_404(self, client, db, cast, auth_headers):
        hidden = create_part(db, vendor=cast.unapproved_vendor)
        for unknown in (999999, hidden):
            response = client.post(
                "/v1/inquiries",
                json={"partId": unknown, "quantity": 1, "message": "Hello"},
                headers=auth_headers(cast.customer),
            )
            assert_problem(response, 404)

    def test_invalid_or_mass_assignment_422(self, client, db, cast, auth_headers, part_id):
        valid = {"partId": part_id, "quantity": 1, "message": "Hello"}
        for body in (
            {**valid, "status": "responded"},
            {**valid, "user_id": cast.other_customer.id},
            {**valid, "response_message": "Yes"},
            {**valid, "quantity": 0},
            {**valid, "message": "   "},
            {**valid, "message": "x" * 2001},
            {"quantity": 1, "message": "Hello"},
            {**valid, "partId": "abc"},
        ):
            response = client.post("/v1/inquiries", json=body, headers=auth_headers(cast.customer))
            assert_problem(response, 422)
        with db.transaction() as session:
            assert session.scalar(select(Inquiry.id)) is None


@dataclass(frozen=True)
class Scene:
    by_customer: int  # the customer's inquiry about the vendor's part
    by_other_customer: int  # about the other vendor's part
    by_other_vendor: int  # the other vendor asking the vendor


@pytest.fixture
def scene(db, cast, part_id):
    other_part = create_part(db, vendor=cast.other_vendor, name="Air filter")
    return Scene(
        by_customer=create_inquiry(db, user=cast.customer, part_id=part_id),
        by_other_customer=create_inquiry(
            db, user=cast.other_customer, part_id=other_part, status="responded"
        ),
        by_other_vendor=create_inquiry(db, user=cast.other_vendor, part_id=part_id),
    )


class TestListInquiries:
    def test_each_role_sees_its_own(self, client, cast, auth_headers, scene):
        for role, expected in [
            ("customer", {scene.by_customer}),
            ("other_customer", {scene.by_other_customer}),
            ("unapproved_vendor", set()),
            ("vendor", {scene.by_customer, scene.by_other_vendor}),  # about their part
            ("other_vendor", {scene.by_other_customer, scene.by_other_vendor}),  # theirs + sent
            ("admin", {scene.by_customer, scene.by_other_customer, scene.by_other_vendor}),
        ]:
            response = client.get("/v1/inquiries", headers=auth_headers(cast.by_role(role)))
            assert response.status_code == 200, response.text
            assert {row["id"] for row in response.json()["data"]} == expected, role
            assert response.json()["pagination"]["total"] == len(expected), role

    def test_status_filter_and_pagination(self, client, cast, auth_headers, scene):
        headers = auth_headers(cast.admin)
        responded = client.get("/v1/inquiries", params={"status": "responded"}, headers=headers)
        assert [row["id"] for row in responded.json()["data"]] == [scene.by_other_customer]
        page = client.get("/v1/inquiries", params={"limit": 2, "page": 2}, headers=headers)
        assert page.json()["pagination"] == {"page": 2, "limit": 2, "total": 3, "pages": 2}
        assert [row["id"] for row in page.json()["data"]] == [scene.by_customer]  # oldest last
        assert_problem(client.get("/v1/inquiries", params={"status": "open"}, headers=headers), 422)

    def test_a_vendors_inbox_received_and_unanswered_first(
        self, client, db, cast, auth_headers, scene, part_id
    ):
        headers = auth_headers(cast.other_vendor)
        # The other vendor sent one inquiry and received one (already answered).
        inbox = client.get("/v1/inquiries", params={"received": "true"}, headers=headers)
        assert [row["id"] for row in inbox.json()["data"]] == [scene.by_other_customer]
        # A newer answered inquiry and an older new one about the vendor's part.
        answered = create_inquiry(db, user=cast.other_customer, part_id=part_id, status="responded")
        params = {"received": "true", "sort": "unanswered"}
        rows = client.get("/v1/inquiries", params=params, headers=auth_headers(cast.vendor))
        assert [(row["id"], row["status"]) for row in rows.json()["data"]] == [
            (scene.by_other_vendor, "new"),
            (scene.by_customer, "new"),
            (answered, "responded"),
        ]
        newest = client.get(
            "/v1/inquiries", params={"received": "true"}, headers=auth_headers(cast.vendor)
        )
        assert newest.json()["data"][0]["id"] == answered
        bad = client.get("/v1/inquiries", params={"sort": "oldest"}, headers=headers)
        assert_problem(bad, 422)


class TestGetInquiry:
    def test_roles(self, client, cast, auth_headers, scene):
        url = f"/v1/inquiries/{scene.by_customer}"
        for role, status in [
            ("anonymous", 401),
            ("customer", 200),
            ("other_customer", 404),
            ("unapproved_vendor", 404),
            ("vendor", 200),
            ("other_vendor", 404),
            ("admin", 200),
        ]:
            response = client.get(url, headers=_headers(auth_headers, cast.by_role(role)))
            assert response.status_code == status, role
            if status == 200:
                assert response.json()["id"] == scene.by_customer

    def test_unknown_404(self, client, cast, auth_headers):
        assert_problem(client.get("/v1/inquiries/999999", headers=auth_headers(cast.admin)), 404)


class TestRespond:
    ANSWER = {"responseMessage": "Yes, they fit. Dispatch by G4S tomorrow."}

    @pytest.mark.parametrize(
        ("role", "status"),
        [
            ("anonymous", 401),
            ("customer", 403),  # the asker sees it but cannot answer
            ("other_customer", 404),
            ("unapproved_vendor", 404),
            ("vendor", 200),
            ("other_vendor", 404),
            ("admin", 200),
        ],
    )
    def test_roles(self, client, cast, auth_headers, scene, role, status):
        response = client.put(
            f"/v1/inquiries/{scene.by_customer}/respond",
            json=self.ANSWER,
            headers=_headers(auth_headers, cast.by_role(role)),
        )
        assert response.status_code == status, response.text

    def test_vendor_answers_customer_is_notified_and_it_is_audited(
        self, client, db, cast, auth_headers, scene, part_id
    ):
        response = client.put(
            f"/v1/inquiries/{scene.by_customer}/respond",
            json=self.ANSWER,
            headers=auth_headers(cast.vendor),
        )

        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] == "responded"
        assert body["response_message"] == self.ANSWER["responseMessage"]
        assert body["responded_at"] is not None
        assert (
            client.get(
                f"/v1/inquiries/{scene.by_customer}", headers=auth_headers(cast.customer)
            ).json()
            == body
        )
        (event,) = _outbox(db, "inquiry.responded")
        assert event.payload == {
            "inquiry_id": scene.by_customer,
            "part_id": part_id,
            "customer_id": cast.customer.id,
            "vendor_user_id": cast.vendor.id,
            "responded_by": cast.vendor.id,
            "status": "responded",
        }
        assert event.dedupe_key.startswith(f"inquiry.responded:{scene.by_customer}:")
        with db.transaction() as session:
            log = session.scalar(select(AuditLog).where(AuditLog.action == "inquiry.respond"))
            inquiry = session.get(Inquiry, scene.by_customer)
        assert (log.user_id, log.resource_id) == (cast.vendor.id, str(scene.by_customer))
        assert inquiry.responded_by == cast.vendor.id

    def test_follow_up_then_close_then_409(self, client, db, cast, auth_headers, scene):
        url = f"/v1/inquiries/{scene.by_customer}/respond"
        headers = auth_headers(cast.vendor)
        assert client.put(url, json=self.ANSWER, headers=headers).status_code == 200
        closing = {"response_message": "Collected, thank you.", "status": "closed"}
        closed = client.put(url, json=closing, headers=headers)
        assert closed.status_code == 200, closed.text
        assert closed.json()["status"] == "closed"
        assert len(_outbox(db, "inquiry.responded")) == 2  # one event per answer

        assert_problem(client.put(url, json=self.ANSWER, headers=headers), 409)
        assert_problem(client.put(url, json=self.ANSWER, headers=auth_headers(cast.admin)), 409)

    def test_invalid_or_mass_assignment_422(self, client, cast, auth_headers, scene):
        url = f"/v1/inquiries/{scene.by_customer}/respond"
        for body in (
            {**self.ANSWER, "status": "new"},
            {**self.ANSWER, "responded_at": "2026-01-01T00:00:00Z"},
            {**self.ANSWER, "quantity": 9},
            {"responseMessage": ""},
            {"status": "closed"},
        ):
            assert_problem(client.put(url, json=body, headers=auth_headers(cast.vendor)), 422)

    def test_unknown_404(self, client, cast, auth_headers):
        response = client.put(
            "/v1/inquiries/999999/respond", json=self.ANSWER, headers=auth_headers(cast.admin)
        )
        assert_problem(response, 404)
