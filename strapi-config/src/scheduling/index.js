'use strict';

/**
 * Scheduled publishing. Our edition has no Releases (an Enterprise feature in
 * Strapi 5.54: @strapi/content-releases checks the `cms-content-releases` licence
 * feature), so articles, pages and FAQs carry `publish_at` and `unpublish_at`, per
 * language, and a Strapi cron task (config/cron-tasks.js, every minute) acts on them.
 * Banners have their own date window (starts_at/ends_at) on the site instead.
 *
 * The schedule is read from the drafts (what the editor saved). Each due item is first
 * claimed by clearing its date on the draft row with a conditional UPDATE, so when
 * several Strapi replicas run the task only one of them publishes it; then it is
 * published (or unpublished) through the document service, which sends the usual
 * webhooks. A publish that fails (a required field is empty, an image lacks
 * alternative text) is logged and its date is put back, so it is retried.
 */

const SCHEDULED_TYPES = ['api::article.article', 'api::page.page', 'api::faq.faq'];

const due = (uid, field, now) =>
  strapi.db.query(uid).findMany({
    where: { publishedAt: null, [field]: { $notNull: true, $lte: now } },
    select: ['id', 'documentId', 'locale', field],
    orderBy: [{ [field]: 'asc' }, { id: 'asc' }],
    limit: 100,
  });

/** Clears `field` on the draft row; true if this process was the one that did. */
const claim = async (uid, row, field) => {
  const { count } = await strapi.db.query(uid).updateMany({
    where: { id: row.id, [field]: { $notNull: true } },
    data: { [field]: null },
  });
  return count === 1;
};

const release = (uid, row, field) =>
  strapi.db.query(uid).updateMany({
    where: { id: row.id, [field]: { $null: true } },
    data: { [field]: row[field] },
  });

const isPublished = async (uid, row) =>
  Boolean(
    await strapi.db.query(uid).findOne({
      where: { documentId: row.documentId, locale: row.locale, publishedAt: { $notNull: true } },
      select: ['id'],
    })
  );

/** Publishes and unpublishes what is due; returns what it did (for logs and tests). */
const runSchedule = async (now = new Date()) => {
  const done = { published: [], unpublished: [], failed: [] };
  for (const uid of SCHEDULED_TYPES) {
    for (const row of await due(uid, 'publish_at', now)) {
      if (!(await claim(uid, row, 'publish_at'))) continue;
      try {
        await strapi.documents(uid).publish({ documentId: row.documentId, locale: row.locale });
        done.published.push({ uid, documentId: row.documentId, locale: row.locale });
      } catch (error) {
        await release(uid, row, 'publish_at');
        done.failed.push({ uid, documentId: row.documentId, locale: row.locale, error: error.message });
      }
    }
    for (const row of await due(uid, 'unpublish_at', now)) {
      if (!(await claim(uid, row, 'unpublish_at'))) continue;
      if (!(await isPublished(uid, row))) continue;
      await strapi.documents(uid).unpublish({ documentId: row.documentId, locale: row.locale });
      done.unpublished.push({ uid, documentId: row.documentId, locale: row.locale });
    }
  }
  for (const item of done.published) {
    strapi.log.info(`[gurumisha] scheduled publish: ${item.uid} ${item.documentId} (${item.locale})`);
  }
  for (const item of done.unpublished) {
    strapi.log.info(`[gurumisha] scheduled unpublish: ${item.uid} ${item.documentId} (${item.locale})`);
  }
  for (const item of done.failed) {
    strapi.log.warn(
      `[gurumisha] scheduled publish of ${item.uid} ${item.documentId} (${item.locale}) failed, ` +
        `will retry: ${item.error}`
    );
  }
  return done;
};

module.exports = { runSchedule, SCHEDULED_TYPES };
