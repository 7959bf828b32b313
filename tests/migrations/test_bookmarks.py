"""Migration 0004 moves reconciliation bookmarks out of the webhook inbox."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import create_engine, text

from sidecar.core.migrate import upgrade


def test_bookmarks_move_to_their_own_table(fresh_url):
    upgrade(fresh_url, "0003")
    engine = create_engine(fresh_url)
    seen = datetime(2026, 11, 30, 8, 15, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO webhook_events (source, dedupe_key, event, payload, processed_at,"
                " outcome) VALUES ('reconcile', 'api::article.article', 'reconcile.watermark',"
                " CAST(:payload AS jsonb), now(), 'ok'),"
                " ('strapi', 'abc', 'entry.publish', '{}'::jsonb, NULL, NULL)"
            ),
            {"payload": f'{{"updated_after": "{seen.isoformat()}", "full": true}}'},
        )
    upgrade(fresh_url)
    with engine.connect() as connection:
        bookmarks = connection.execute(
            text('SELECT uid, updated_after, "full" FROM cms_sync_bookmarks')
        ).all()
        sources = connection.scalars(text("SELECT source FROM webhook_events")).all()
    engine.dispose()
    assert [(row.uid, row.updated_after, row.full) for row in bookmarks] == [
        ("api::article.article", seen, True)
    ]
    assert sources == ["strapi"]
