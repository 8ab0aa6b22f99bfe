"""Hypothesis profiles for the test suite.

``ci``: hypothesis's own CI profile (derandomized, no deadline, no database), loaded
automatically when ``CI`` is set, with more examples. ``dev``: the everyday profile.
Pick another with ``pytest --hypothesis-profile=NAME``.
"""

from hypothesis import settings

settings.register_profile("ci", settings.get_profile("ci"), max_examples=500)
settings.register_profile("dev", max_examples=100)

if settings.get_current_profile_name() != "ci":
    settings.load_profile("dev")
