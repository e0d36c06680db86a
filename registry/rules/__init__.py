"""Pure rules of the registry (DOMAIN.md sections 2 and 4). No ORM, no I/O, no clock.

One module per subject: classification, controls, reviews and system IDs
(classification.py), evidence on controls and the pre-deployment checklist (evidence.py),
lifecycle gates (gates.py), the lifecycle's stages and registration (lifecycle.py), using
a vendor product (vendor_use.py).
Everything is re-exported here, so
`from registry import rules; rules.classify(...)` and
`from registry.rules import GateSpec` both work.
"""

from registry.rules.classification import *  # noqa: F403
from registry.rules.classification import (  # noqa: F401 - names the star leaves out
    _is_count,
    _severity,
)
from registry.rules.evidence import *  # noqa: F403
from registry.rules.gates import *  # noqa: F403
from registry.rules.lifecycle import *  # noqa: F403
from registry.rules.vendor_use import *  # noqa: F403
