'use strict';

const { factories } = require('@strapi/strapi');

const publishedOnly = { middlewares: ['global::published-only'] };

module.exports = factories.createCoreRouter('api::faq.faq', {
  config: {
    find: publishedOnly,
    findOne: publishedOnly,
  },
});
