'use strict';

const { factories } = require('@strapi/strapi');

const publishedOnly = { middlewares: ['global::published-only'] };

module.exports = factories.createCoreRouter('api::banner.banner', {
  config: {
    find: publishedOnly,
    findOne: publishedOnly,
  },
});
