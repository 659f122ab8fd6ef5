"""The Selbsthilfe-Wegweiser Django project."""
