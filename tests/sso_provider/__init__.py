"""A real OpenID Connect provider for the single sign-on tests: a tiny Django project on
django-oidc-provider with its own SQLite database, run in a process of its own
(tests/sso_provider/server.py starts it with gunicorn on a free port).

Its people are Django users whose Django groups are sent as the `groups` claim; its one
client is the portal. Nothing of it is imported by the portal.

By hand: DJANGO_SETTINGS_MODULE=tests.sso_provider.settings SSO_PROVIDER_DB=/tmp/p.db
SSO_PROVIDER_URL=http://127.0.0.1:8100 python tests/sso_provider/manage.py migrate
"""
