"""Briefing Builder: turn news articles into a sourced briefing in Word, PDF and HTML."""

__version__ = "0.1.0"
