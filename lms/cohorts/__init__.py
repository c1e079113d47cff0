"""Cohorts: a programme run for a group of learners, with facilitators and a schedule."""
