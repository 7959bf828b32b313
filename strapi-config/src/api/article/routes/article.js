'use strict';

const { factories } = require('@strapi/strapi');

const publishedOnly = { middlewares: ['global::published-only'] };

module.exports = factories.createCoreRouter('api::article.article', {
  config: {
    find: publishedOnly,
    findOne: publishedOnly,
  },
});
