from __future__ import annotations

from tests.assertions import assert_problem
from tests.conftest import PASSWORD


class TestListAuditLogs:
    def test_admin_sees_logs_filtered(self, client, create_user, auth_headers):
        admin = create_user(role="admin")
        customer = create_user(email="otieno@example.co.ke")
        client.post("/v1/auth/login", json={"email": "otieno@example.co.ke", "password": PASSWORD})
        client.patch("/v1/auth/me", headers=auth_headers(customer), json={"language": "sw"})

        by_user = client.get(
            "/v1/audit-logs", headers=auth_headers(admin), params={"user": customer.id}
        )
        by_resource = client.get(
            "/v1/audit-logs",
            headers=auth_headers(admin),
            params={"resource_type": "user", "resource_id": str(customer.id)},
        )

        assert by_user.status_code == 200
        assert [row["action"] for row in by_user.json()["data"]] == ["user.update", "auth.login"]
        assert by_user.json()["data"][0]["changes"] == {"language": "sw"}
        assert by_resource.json()["pagination"]["total"] == 2

    def test_time_range(self, client, create_user, auth_headers):
        admin = create_user(role="admin")
        client.patch("/v1/auth/me", headers=auth_headers(admin), json={"language": "sw"})

        future = client.get(
            "/v1/audit-logs", headers=auth_headers(admin), params={"from": "2999-01-01T00:00:00Z"}
        )
        past = client.get(
            "/v1/audit-logs", headers=auth_headers(admin), params={"to": "2999-01-01T00:00:00Z"}
        )

        assert future.json()["data"] == []
        assert past.json()["pagination"]["total"] == 1

    def test_inverted_range_422(self, client, create_user, auth_headers):
        admin = create_user(role="admin")
        response = client.get(
            "/v1/audit-logs",
            headers=auth_headers(admin),
            params={"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"},
        )
        assert_problem(response, 422)
