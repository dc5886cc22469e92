"""Claimdesk: read news articles, highlight claims, tag actors and stances."""

__version__ = "0.1.0"
