'use strict';

const { factories } = require('@strapi/strapi');

const publishedOnly = { middlewares: ['global::published-only'] };

module.exports = factories.createCoreRouter('api::vehicle-make.vehicle-make', {
  config: {
    find: publishedOnly,
    findOne: publishedOnly,
  },
});
