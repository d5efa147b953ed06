"""Kvalitetsberättelse workbook: logic for the chapter notebooks, the runner and the CLI."""

__version__ = "0.1.0"
