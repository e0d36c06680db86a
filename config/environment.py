"""What every settings module reads from the environment in the same way: yes/no
variables, and where people reach the portal, which decides whether it runs behind TLS.

config/settings.py and its parts (settings_security, settings_api) import these by name.
"""

import os


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


# Where people reach the portal (links in e-mails). An https address means the portal
# is deployed behind TLS (docker-compose.yml, the image): Secure cookies, HSTS, plain
# http redirected, static files under hashed names. make run and the tests serve
# plain http on this machine, where a Secure cookie never comes back (no login).
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://localhost:8000")
BEHIND_TLS = PORTAL_BASE_URL.startswith("https://")
