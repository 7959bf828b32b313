'use strict';

const { checkOrder } = require('../../../../utils/validation');

const check = (event) =>
  checkOrder(event, 'publish_at', 'unpublish_at', '"Unpublish at" must not be before "Publish at"');

module.exports = {
  beforeCreate: check,
  beforeUpdate: check,
};
