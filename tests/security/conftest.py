"""The security tests share the classroom of the learning tests."""
from tests.learning.conftest import classroom  # noqa: F401
