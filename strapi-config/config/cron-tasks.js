'use strict';

const { runSchedule } = require('../src/scheduling');

/**
 * Strapi cron tasks (config/server.js `cron`). CMS_SCHEDULE_CRON is a node-schedule
 * rule: five fields (minute precision, the default: every minute) or six with seconds
 * (the tests use "*\/2 * * * * *").
 */
module.exports = ({ env }) => ({
  publishSchedule: {
    task: () => runSchedule(),
    options: { rule: env('CMS_SCHEDULE_CRON', '* * * * *'), tz: 'Etc/UTC' },
  },
});
