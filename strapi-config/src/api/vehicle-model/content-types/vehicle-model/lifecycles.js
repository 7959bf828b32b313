'use strict';

const { checkOrder } = require('../../../../utils/validation');

const check = (event) => checkOrder(event, 'year_from', 'year_to', '"Made until" must not be before "Made from"');

module.exports = {
  beforeCreate: check,
  beforeUpdate: check,
};
