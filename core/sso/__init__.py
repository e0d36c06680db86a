"""Single sign-on with OpenID Connect (allauth's generic provider) and the switch that
turns passwords off.

- config: the provider entry and the Content-Security-Policy's form-action, read from
  the environment by config/settings_security.py (no Django import: settings load it);
- rules: pure functions from a person's claims to the roles their groups map to;
- services: the role changes of one sign-in, each audited (core.identity);
- adapter: allauth's hooks (who may get an account, what is copied from the provider);
- middleware: PASSWORD_LOGIN=false refuses passwords; admin: the mapping table;
- logout, views: signing out ends the session at the provider too (RP-Initiated
  Logout): the callback keeps the sign-in's ID token, "Log out" sends it there.
"""
