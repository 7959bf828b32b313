'use strict';

const { errors } = require('@strapi/utils');

/**
 * Strapi 5's REST API returns drafts to anyone allowed to `find` when the query says
 * `status=draft`, so the Public role would see unpublished articles. On the public
 * read routes, only API-token callers (the sidecar, tests) may ask for drafts.
 */
const API_TOKEN_STRATEGIES = new Set(['content-api-token', 'api-token']);

module.exports = () => async (ctx, next) => {
  const status = ctx.query && ctx.query.status;
  if (status !== undefined && status !== 'published') {
    const strategy = ctx.state.auth && ctx.state.auth.strategy && ctx.state.auth.strategy.name;
    if (!API_TOKEN_STRATEGIES.has(strategy)) {
      // PolicyError: a 403 whose message reaches the client.
      throw new errors.PolicyError('Drafts can only be read with an API token');
    }
  }
  await next();
};
