from __future__ import annotations

from sqlalchemy import select, update

from sidecar.models import AuditLog, Vendor
from tests.assertions import assert_problem


class TestListVendors:
    def test_admin_lists_with_pagination_and_filter(self, client, create_user, auth_headers):
        admin = create_user(role="admin")
        for index in range(3):
            create_user(role="vendor", approved=index == 0, company_name=f"Vendor {index}")

        everything = client.get("/v1/vendors", headers=auth_headers(admin), params={"limit": 2})
        pending = client.get(
            "/v1/vendors", headers=auth_headers(admin), params={"approved": "false"}
        )

        assert everything.status_code == 200
        assert everything.json()["pagination"] == {"page": 1, "limit": 2, "total": 3, "pages": 2}
        assert [v["company_name"] for v in everything.json()["data"]] == ["Vendor 0", "Vendor 1"]
        assert everything.json()["data"][0]["email"].startswith("vendor-")
        assert {v["company_name"] for v in pending.json()["data"]} == {"Vendor 1", "Vendor 2"}

    def test_admin_finds_importers(self, client, create_user, auth_headers, db):
        admin = create_user(role="admin")
        parts_only = create_user(role="vendor", company_name="Spares Only")
        both = create_user(role="vendor", company_name="Imports And Spares")
        with db.transaction() as session:
            session.execute(
                update(Vendor).where(Vendor.user_id == both.id).values(kinds=["importer", "parts"])
            )

        importers = client.get(
            "/v1/vendors", headers=auth_headers(admin), params={"kind": "importer"}
        )
        sellers = client.get("/v1/vendors", headers=auth_headers(admin), params={"kind": "parts"})

        assert [v["company_name"] for v in importers.json()["data"]] == ["Imports And Spares"]
        assert {v["user_id"] for v in sellers.json()["data"]} == {parts_only.id, both.id}
        bad = client.get("/v1/vendors", headers=auth_headers(admin), params={"kind": "sellers"})
        assert_problem(bad, 422)

    def test_limit_above_100_is_422(self, client, create_user, auth_headers):
        admin = create_user(role="admin")
        response = client.get("/v1/vendors", headers=auth_headers(admin), params={"limit": 101})
        assert_problem(response, 422)


class TestApproveVendor:
    def _vendor_id(self, db, user):
        with db.transaction() as session:
            return session.scalar(select(Vendor.id).where(Vendor.user_id == user.id))

    def test_admin_approves_and_it_is_audited(self, client, create_user, auth_headers, db):
        admin = create_user(role="admin")
        vendor_id = self._vendor_id(db, create_user(role="vendor", approved=False))

        response = client.put(f"/v1/vendors/{vendor_id}/approve", headers=auth_headers(admin))

        assert response.status_code == 200, response.text
        assert response.json()["approved"] is True
        assert response.json()["approved_at"] is not None
        with db.transaction() as session:
            log = session.scalar(select(AuditLog).where(AuditLog.action == "vendor.approve"))
            assert log.user_id == admin.id
            assert log.resource_id == str(vendor_id)
            assert log.ip is not None

    def test_approving_twice_is_idempotent(self, client, create_user, auth_headers, db):
        admin = create_user(role="admin")
        vendor_id = self._vendor_id(db, create_user(role="vendor", approved=False))
        client.put(f"/v1/vendors/{vendor_id}/approve", headers=auth_headers(admin))
        again = client.put(f"/v1/vendors/{vendor_id}/approve", headers=auth_headers(admin))
        assert again.status_code == 200
        with db.transaction() as session:
            actions = session.scalars(
                select(AuditLog.action).where(AuditLog.action == "vendor.approve")
            ).all()
            assert len(actions) == 1

    def test_unknown_vendor_404(self, client, create_user, auth_headers):
        admin = create_user(role="admin")
        assert_problem(client.put("/v1/vendors/999999/approve", headers=auth_headers(admin)), 404)

    def test_non_numeric_id_422(self, client, create_user, auth_headers):
        admin = create_user(role="admin")
        assert_problem(client.put("/v1/vendors/abc/approve", headers=auth_headers(admin)), 422)

    def test_vendor_cannot_approve_itself(self, client, create_user, auth_headers, db):
        user = create_user(role="vendor", approved=False)
        vendor_id = self._vendor_id(db, user)
        response = client.put(f"/v1/vendors/{vendor_id}/approve", headers=auth_headers(user))
        assert_problem(response, 403)


class TestApproveVendorNotifies:
    def test_writes_an_outbox_row_and_publishes_it_after_commit(
        self, client, create_user, auth_headers, db, published_jobs
    ):
        from sidecar.models import OutboxMessage

        admin = create_user(role="admin")
        user = create_user(role="vendor", approved=False)
        with db.transaction() as session:
            vendor_id = session.scalar(select(Vendor.id).where(Vendor.user_id == user.id))

        client.put(f"/v1/vendors/{vendor_id}/approve", headers=auth_headers(admin))

        with db.transaction() as session:
            row = session.scalar(select(OutboxMessage))
            assert (row.kind, row.payload) == ("vendor.approved", {"vendor_id": vendor_id})
        assert published_jobs == [("workers.tasks.deliver_outbox", (row.id,))]
