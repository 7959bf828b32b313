'use strict';

// The real project's database settings (DATABASE_URL, pool size, SSL), not a copy.
module.exports = require('../../../strapi-config/config/database.js');
