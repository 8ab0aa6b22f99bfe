"""Hypothesis profiles for the test suite.

``ci``: hypothesis's own CI profile (derandomized, no deadline, no database), loaded
automatically when ``CI`` is set, with more examples. ``dev``: the everyday profile, with
no deadline either: on a busy 2-core machine a 200 ms deadline failed sound examples at
random (a speed goal is measured in ``benchmarks/``, never asserted by a test).
Pick another with ``pytest --hypothesis-profile=NAME``.
"""

from hypothesis import settings

settings.register_profile("ci", settings.get_profile("ci"), max_examples=500)
settings.register_profile("dev", max_examples=100, deadline=None)

if settings.get_current_profile_name() != "ci":
    settings.load_profile("dev")
