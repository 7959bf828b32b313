'use strict';

const { checkOrder } = require('../../../../utils/validation');

const check = (event) => checkOrder(event, 'starts_at', 'ends_at', '"Show until" must not be before "Show from"');

module.exports = {
  beforeCreate: check,
  beforeUpdate: check,
};
