"""Baylink: university collaboration and knowledge transfer in the Hong Kong - Greater Bay Area."""

__version__ = "0.1.0"
