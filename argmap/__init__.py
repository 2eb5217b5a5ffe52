"""Argmap: a desktop argument-mapping tool."""

__version__ = "0.1.0"
