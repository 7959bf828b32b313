"""The inbox of inbound webhooks: Strapi content changes and Twilio delivery statuses."""
