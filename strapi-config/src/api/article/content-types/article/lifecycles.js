'use strict';

const { normaliseTags } = require('../../../../utils/validation');

const normalise = (event) => {
  const data = event.params.data;
  if (data && 'tags' in data) {
    data.tags = normaliseTags(data.tags);
  }
};

module.exports = {
  beforeCreate: normalise,
  beforeUpdate: normalise,
};
