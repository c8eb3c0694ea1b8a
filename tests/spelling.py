"""Library errors as each front end shows them: the tests of the analysis functions check the
command line's words (``--xmin``), which is the message of the same error with the options
spelled as typed on the command line."""

from __future__ import annotations

import re

from actviz.cli import cli_spelling
from actviz.errors import ActvizError


def typed(error: ActvizError) -> str:
    """``error`` as ``actviz COMMAND`` prints it (after ``actviz: error: ``)."""
    return error.spelled(cli_spelling)


def assert_typed(caught, pattern: str) -> None:
    """The error caught by ``pytest.raises(...) as caught`` reads ``pattern`` (a regular
    expression, as ``match=`` takes) on the command line, on one line."""
    message = typed(caught.value)
    assert re.search(pattern, message), message
    assert "\n" not in message
