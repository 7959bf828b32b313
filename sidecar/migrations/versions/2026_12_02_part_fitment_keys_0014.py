"""parts: fitment keys, so a compatibility search is an exact index lookup

``compatibility_json @> ...`` over jsonb_path_ops finds candidates by hashed paths,
then rechecks every candidate's whole document: "Toyota Fielder 2016" rechecked
about 4,000 rows of the benchmark's 20,000 parts for 2,700 matches, 25 ms per query
and as much again for its count. ``fitment_keys`` spells out, per entry, what a
search can ask (make; make|model; make||year; make|model|year, with * for any model
or every year), kept by PostgreSQL from the stored list, and ``&&`` on its GIN
index needs no recheck.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The keys of sidecar/parts/compatibility.py: fitment_keys() spells the same.
FUNCTION = """
CREATE FUNCTION part_fitment_keys(fits jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT key ORDER BY key), '{}')
  FROM (
    SELECT entry->>'make_key' AS make, entry->>'model_key' AS model,
           CASE WHEN jsonb_typeof(entry->'years') = 'array'
                THEN ARRAY(SELECT jsonb_array_elements_text(entry->'years'))
                ELSE ARRAY['*'] END AS years
    FROM jsonb_array_elements(fits) AS entry
  ) AS fit,
  LATERAL unnest(
    ARRAY[make, make || '|' || model]
    || ARRAY(SELECT make || '||' || year FROM unnest(years) AS year)
    || ARRAY(SELECT make || '|' || model || '|' || year FROM unnest(years) AS year)
  ) AS key
$$
"""


def upgrade() -> None:
    op.execute(FUNCTION)
    op.execute(
        "ALTER TABLE parts ADD COLUMN fitment_keys text[]"
        " GENERATED ALWAYS AS (part_fitment_keys(compatibility_json)) STORED"
    )
    op.execute("CREATE INDEX ix_parts_fitment_keys ON parts USING gin (fitment_keys)")
    op.execute("DROP INDEX ix_parts_compatibility")


def downgrade() -> None:
    op.execute(
        "CREATE INDEX ix_parts_compatibility ON parts USING gin (compatibility_json jsonb_path_ops)"
    )
    op.execute("DROP INDEX ix_parts_fitment_keys")
    op.execute("ALTER TABLE parts DROP COLUMN fitment_keys")
    op.execute("DROP FUNCTION part_fitment_keys(jsonb)")
