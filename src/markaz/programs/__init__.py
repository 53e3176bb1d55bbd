"""Challenges, open calls, applications, reviews and cohorts.

`assignment` and `scoring` are pure modules (no Django) that the app's services call.
"""
