'use strict';

/**
 * Rules on every write through Strapi's document service (admin panel, REST API,
 * seeds), as one document-service middleware:
 *
 * - create/update: tags normalised (utils/tags.js), a missing or placeholder slug
 *   generated (slugs.js);
 * - publish: SEO fields filled in, images with alternative text (publish-checks.js). A create or update asking
 *   to publish at once (REST `?status=published`) saves the draft first and then
 *   publishes through the same check: Strapi's internal publish would skip it.
 */

const { normaliseTags } = require('../utils/tags');
const { fillSlug } = require('./slugs');
const { checkBeforePublish } = require('./publish-checks');

const TAGGED = new Set(['api::article.article']);

const normaliseData = async (context) => {
  const data = context.params && context.params.data;
  if (!data) return;
  if (TAGGED.has(context.uid) && 'tags' in data) {
    data.tags = normaliseTags(data.tags);
  }
  await fillSlug(context);
};

const hasDraftAndPublish = (uid) => Boolean(strapi.getModel(uid)?.options?.draftAndPublish);

const documentsMiddleware = async (context, next) => {
  const { uid, action } = context;
  if (!uid.startsWith('api::')) return next();

  if (action === 'create' || action === 'update') {
    await normaliseData(context);
    const params = context.params || {};
    if (params.status === 'published' && hasDraftAndPublish(uid)) {
      const { status, ...draftParams } = params;
      context.params = draftParams;
      const draft = await next();
      if (!draft) return draft;
      const { data, ...rest } = draftParams;
      const published = await strapi.documents(uid).publish({
        ...rest,
        documentId: draft.documentId,
        locale: draft.locale || rest.locale,
      });
      return published.entries[0];
    }
    return next();
  }
  if (action === 'publish') {
    await checkBeforePublish(uid, context.params || {});
  }
  return next();
};

module.exports = {
  register(strapi) {
    strapi.documents.use(documentsMiddleware);
  },
};
