"""Migration 0011: images already on listings count as stored; inbox rows start at 0."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from sidecar.core.migrate import alembic_config, upgrade

LISTED = "cars/1/0123456789abcdef0123456789abcdef.jpg"
UNUSED = "cars/1/fedcba9876543210fedcba9876543210.jpg"


def test_listed_images_are_stored_and_unused_keys_wait(fresh_url):
    before = ScriptDirectory.from_config(alembic_config(fresh_url)).get_revision("0011")
    upgrade(fresh_url, str(before.down_revision))
    engine = create_engine(fresh_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (email, password_hash, role, full_name)"
                " VALUES ('seller@example.co.ke', 'x', 'customer', 'Seller')"
            )
        )
        user_id = connection.scalar(text("SELECT id FROM users"))
        for key in (LISTED, UNUSED):
            connection.execute(
                text(
                    "INSERT INTO media_uploads (user_id, key, content_type, max_bytes)"
                    " VALUES (:user_id, :key, 'image/jpeg', 1000)"
                ),
                {"user_id": user_id, "key": key.replace("/1/", f"/{user_id}/")},
            )
        connection.execute(
            text(
                "INSERT INTO cars (owner_id, title, make, model, year, price, images, status)"
                " VALUES (:user_id, 'Toyota Vitz 2016', 'Toyota', 'Vitz', 2016, 650000,"
                " ARRAY[:key], 'active')"
            ),
            {"user_id": user_id, "key": LISTED.replace("/1/", f"/{user_id}/")},
        )
        connection.execute(
            text(
                "INSERT INTO webhook_events (source, dedupe_key, event, payload)"
                " VALUES ('strapi', 'abc', 'entry.publish', '{}'::jsonb)"
            )
        )
    upgrade(fresh_url)
    with engine.connect() as connection:
        stored = dict(
            connection.execute(text("SELECT key, stored_at IS NOT NULL FROM media_uploads")).all()
        )
        inbox = connection.execute(text("SELECT attempts, retry_at FROM webhook_events")).one()
    engine.dispose()
    assert stored == {
        LISTED.replace("/1/", f"/{user_id}/"): True,
        UNUSED.replace("/1/", f"/{user_id}/"): False,
    }
    assert tuple(inbox) == (0, None)
