"""Contact points (Selbsthilfe-Kontaktstellen), their sites, staff memberships and reports."""
