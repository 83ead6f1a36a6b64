import os

from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The test command (README, .ci/run) is a gate: the same tree must pass or fail the same
# way every time, so property tests draw the same examples on every run. To explore new
# examples while developing, run with HYPOTHESIS_PROFILE=explore; a failure it finds
# prints the reproduce_failure blob to pin it with.
settings.register_profile("gate", derandomize=True, print_blob=True)
settings.register_profile("explore", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gate"))
