"""Presentation: the figure theme and charts, wording for prose and tables, and the rendered site."""
