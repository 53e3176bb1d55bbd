"""Mentoring models."""
