import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _in_english():
    """The tests read the values in words: in the English source, whatever the default."""
    with translation.override("en"):
        yield
