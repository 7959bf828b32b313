'use strict';

const { checkOrder } = require('../../../../utils/validation');

const check = (event) => checkOrder(event, 'year_from', 'year_to', 'year_to must not be before year_from');

module.exports = {
  beforeCreate: check,
  beforeUpdate: check,
};
