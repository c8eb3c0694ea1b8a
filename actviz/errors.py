"""Errors raised by actviz's library code.

The library never imports click: commands turn these into one-line messages and exit codes.
"""

from __future__ import annotations


class ActvizError(ValueError):
    """Base class: a user asked for something actviz cannot do; the message says why in one line."""


class UnknownActivationError(ActvizError):
    """No activation is registered under the requested name (the message suggests close names)."""


class ParameterError(ActvizError):
    """A parameter is unknown, not a number, not finite, or outside its valid range."""
