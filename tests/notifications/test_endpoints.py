from __future__ import annotations

from sidecar.models import Notification
from tests.assertions import assert_problem


def add_notification(db, *, user, channel="email", status="sent", created_at=None):
    with db.transaction() as session:
        session.add(
            Notification(
                user_id=user.id,
                channel=channel,
                template="car.approved",
                to_address=user.email,
                body="Your listing is live",
                status=status,
                **({"created_at": created_at} if created_at else {}),
            )
        )


class TestListNotifications:
    def test_users_see_only_their_own(self, client, create_user, auth_headers, db):
        me, other = create_user(), create_user()
        add_notification(db, user=me)
        add_notification(db, user=other)

        response = client.get("/v1/notifications", headers=auth_headers(me))

        assert response.status_code == 200
        assert [row["user_id"] for row in response.json()["data"]] == [me.id]

    def test_a_user_filter_does_not_widen_a_customers_view(
        self, client, create_user, auth_headers, db
    ):
        me, other = create_user(), create_user()
        add_notification(db, user=other)
        response = client.get(
            "/v1/notifications", headers=auth_headers(me), params={"user": other.id}
        )
        assert response.json()["data"] == []

    def test_admins_see_all_with_filters(self, client, create_user, auth_headers, db):
        admin, first, second = create_user(role="admin"), create_user(), create_user()
        add_notification(db, user=first, channel="whatsapp", status="delivered")
        add_notification(db, user=second)

        everyone = client.get("/v1/notifications", headers=auth_headers(admin))
        by_user = client.get(
            "/v1/notifications", headers=auth_headers(admin), params={"user": first.id}
        )
        by_channel = client.get(
            "/v1/notifications",
            headers=auth_headers(admin),
            params={"channel": "whatsapp", "status": "delivered"},
        )

        assert everyone.json()["pagination"]["total"] == 2
        assert [r["user_id"] for r in by_user.json()["data"]] == [first.id]
        assert [r["channel"] for r in by_channel.json()["data"]] == ["whatsapp"]

    def test_bad_filter_is_422(self, client, create_user, auth_headers):
        response = client.get(
            "/v1/notifications", headers=auth_headers(create_user()), params={"channel": "sms"}
        )
        assert_problem(response, 422)

    def test_admins_list_what_failed_oldest_first(self, client, create_user, auth_headers, db):
        admin, customer = create_user(role="admin"), create_user()
        for status in ("failed", "sent", "undeliverable", "delivered", "failed"):
            add_notification(db, user=customer, status=status)

        failed = client.get(
            "/v1/notifications",
            headers=auth_headers(admin),
            params={"status": ["failed", "undeliverable"], "sort": "created_at"},
        )

        assert failed.status_code == 200
        rows = failed.json()["data"]
        assert [row["status"] for row in rows] == ["failed", "undeliverable", "failed"]
        assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)

    def test_unknown_sort_is_422(self, client, create_user, auth_headers):
        response = client.get(
            "/v1/notifications", headers=auth_headers(create_user()), params={"sort": "loudest"}
        )
        assert_problem(response, 422)
