'use strict';

/**
 * Article tags move from a JSON list to one line of comma-separated text (the admin
 * panel sent the JSON field as a string, and tags were split into debris such as
 * ["[\"import guide\"", "\"japan\"]"]). Runs before Strapi syncs the schema, so the
 * column is converted here, in place, and the sync then finds it as it expects
 * (varchar(255)). Every row (drafts and published versions) gets the normalised text
 * of its old tags: "import guide, japan". Nothing to do on a new database, or once
 * the column is text already.
 */

const { normaliseTags } = require('../../src/utils/tags');

const TABLE = 'articles';
const COLUMN = 'tags';

const legacyList = (value) => {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') {
    // Strapi's PostgreSQL connection may hand jsonb over unparsed.
    try {
      return legacyList(JSON.parse(value));
    } catch {
      return [value];
    }
  }
  if (Array.isArray(value)) return value.filter((item) => typeof item === 'string');
  return [];
};

/** The text for one old value; a value too long for the new column keeps what fits. */
const asText = (value) => {
  const tags = legacyList(value).flatMap((item) => item.split(','));
  let kept = [];
  for (const tag of tags) {
    try {
      const next = normaliseTags([...kept, tag]);
      kept = next ? next.split(', ') : kept;
    } catch {
      // an over-long tag, or one tag too many: left out rather than failing the upgrade
    }
  }
  return kept.length > 0 ? kept.join(', ') : null;
};

async function up(knex, db) {
  const schema = db.getSchemaName() || 'public';
  const { rows } = await knex.raw(
    'SELECT data_type FROM information_schema.columns ' +
      'WHERE table_schema = ? AND table_name = ? AND column_name = ?',
    [schema, TABLE, COLUMN]
  );
  if (!rows[0] || rows[0].data_type !== 'jsonb') return; // new database, or done already

  const table = () => knex(TABLE).withSchema(schema);
  const old = await table().select('id', COLUMN);
  await knex.raw('ALTER TABLE ??.?? ALTER COLUMN ?? TYPE varchar(255) USING NULL', [
    schema,
    TABLE,
    COLUMN,
  ]);
  for (const row of old) {
    const text = asText(row[COLUMN]);
    if (text !== null) {
      await table().where({ id: row.id }).update({ [COLUMN]: text });
    }
  }
}

module.exports = { up, asText };
