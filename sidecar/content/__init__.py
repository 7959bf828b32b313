"""Content from Strapi: the published mirror, its sync and the make/model catalogue."""
