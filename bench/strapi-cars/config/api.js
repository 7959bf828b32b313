'use strict';

// The real project's REST settings (page size limits), not a copy.
module.exports = require('../../../strapi-config/config/api.js');
