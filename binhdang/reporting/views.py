"""Thin views over the reporting selectors and services."""
