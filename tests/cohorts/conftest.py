"""The cohorts' tests use the learning tests' classroom: a cohort, a learner and its facilitator."""
from tests.learning.conftest import classroom  # noqa: F401
