'use strict';

/** Our content types: the ones editors write and the site shows. */
const ARTICLE = 'api::article.article';
const PAGE = 'api::page.page';
const VEHICLE_MAKE = 'api::vehicle-make.vehicle-make';
const VEHICLE_MODEL = 'api::vehicle-model.vehicle-model';
const FAQ = 'api::faq.faq';
const BANNER = 'api::banner.banner';

const CONTENT_TYPES = [ARTICLE, PAGE, VEHICLE_MAKE, VEHICLE_MODEL, FAQ, BANNER];

module.exports = { ARTICLE, PAGE, VEHICLE_MAKE, VEHICLE_MODEL, FAQ, BANNER, CONTENT_TYPES };
