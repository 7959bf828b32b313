'use strict';

const { checkOrder } = require('../../../../utils/validation');

const check = (event) => checkOrder(event, 'starts_at', 'ends_at', 'ends_at must not be before starts_at');

module.exports = {
  beforeCreate: check,
  beforeUpdate: check,
};
