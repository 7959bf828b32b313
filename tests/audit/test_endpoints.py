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

    def test_by_action_and_oldest_first(self, client, create_user, auth_headers):
        admin = create_user(role="admin")
        customer = create_user(email="amani@example.co.ke")
        client.post("/v1/auth/login", json={"email": "amani@example.co.ke", "password": PASSWORD})
        client.patch("/v1/auth/me", headers=auth_headers(customer), json={"language": "sw"})
        client.patch("/v1/auth/me", headers=auth_headers(customer), json={"language": "en"})

        updates = client.get(
            "/v1/audit-logs",
            headers=auth_headers(admin),
            params={"action": "user.update", "sort": "timestamp"},
        )
        user_actions = client.get(
            "/v1/audit-logs", headers=auth_headers(admin), params={"action": "user."}
        )
        auth_actions = client.get(
            "/v1/audit-logs", headers=auth_headers(admin), params={"action": "auth."}
        )

        assert [row["changes"] for row in updates.json()["data"]] == [
            {"language": "sw"},
            {"language": "en"},
        ]
        assert user_actions.json()["pagination"]["total"] == 2
        assert [row["action"] for row in auth_actions.json()["data"]] == ["auth.login"]

    def test_unknown_sort_422(self, client, create_user, auth_headers):
        response = client.get(
            "/v1/audit-logs",
            headers=auth_headers(create_user(role="admin")),
            params={"sort": "random"},
        )
        assert_problem(response, 422)
