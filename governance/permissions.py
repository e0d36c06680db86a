"""Who may do what in the governance board's layer (DOMAIN.md sections 1 and 5).

The risk register: members of the organisation (auditors included) read it. Governance
board members and administrators create, edit and close any risk. A risk's owner edits
and closes their own: the named person, or a product owner of the owning team.
Importing a register from CSV creates many risks at once: board and administrators.

The board's pages (landing page, heat maps, review sessions and their minutes) are read
by board members, administrators and auditors. Board members and administrators open
and close review sessions and record decisions; auditors change nothing.

Audit packs: see the rules above `may_export_packs` below.
"""

from core.choices import Role
from core.permissions import has_role, is_admin, is_member, register, teams_where


def is_board(user, _obj=None) -> bool:
    return is_admin(user) or has_role(user, Role.BOARD)


def may_read_board(user, _obj=None) -> bool:
    return is_board(user) or has_role(user, Role.AUDITOR)


def owns_risk(user, risk) -> bool:
    """The risk's named owner, or a product owner of the team that owns it."""
    if risk is None:
        return False
    if risk.owner_user_id is not None and risk.owner_user_id == user.pk:
        return True
    return risk.owner_team_id is not None and risk.owner_team_id in teams_where(
        user, Role.PRODUCT_OWNER
    )


def may_change_risk(user, risk) -> bool:
    return is_board(user) or owns_risk(user, risk)


register("governance.risk.view", is_member)
register("governance.risk.export", is_member)
register("governance.risk.create", is_board)
register("governance.risk.import", is_board)
register("governance.risk.change", may_change_risk)
register("governance.risk.close", may_change_risk)
register("governance.board.view", may_read_board)
register("governance.session.view", may_read_board)
register("governance.session.export", may_read_board)
register("governance.session.manage", is_board)
register("governance.decision.record", is_board)


# Audit packs (issue 10). Who may export: auditors, board members, administrators, the
# CISO and the DPO, any system; a product owner, the systems of their own team. The whole
# portfolio: auditors, board members and administrators. A pack is seen (listed,
# downloaded) by whoever requested it, and by auditors, board members and administrators.
PACK_EXPORTERS = (Role.AUDITOR, Role.BOARD, Role.ADMIN, Role.CISO, Role.DPO)


def may_see_every_pack(user) -> bool:
    """Auditors, board members and administrators see every pack, not only their own."""
    return may_read_board(user)


def may_export_packs(user, _obj=None) -> bool:
    """Any export at all (the packs page and its form)."""
    return has_role(user, *PACK_EXPORTERS, Role.PRODUCT_OWNER)


def pack_export_teams(user) -> frozenset[int] | None:
    """The teams whose systems the user may export; None: every system."""
    if has_role(user, *PACK_EXPORTERS):
        return None
    return teams_where(user, Role.PRODUCT_OWNER)


def may_export_system(user, system) -> bool:
    """A pack of this system (None: of some system)."""
    teams = pack_export_teams(user)
    if teams is None:
        return True
    return bool(teams) and (system is None or system.owner_team_id in teams)


def may_see_pack(user, pack) -> bool:
    """None: the packs page (exporters, and those who see every pack)."""
    if pack is None:
        return may_export_packs(user) or may_see_every_pack(user)
    return pack.requested_by_id == user.pk or may_see_every_pack(user)


def may_retry_pack(user, pack) -> bool:
    """Run a failed export again: whoever sees it and may still export."""
    return may_export_packs(user) and (pack is None or may_see_pack(user, pack))


register("governance.pack.view", may_see_pack)
register("governance.pack.request", may_export_packs)
register("governance.pack.request_system", may_export_system)
register("governance.pack.request_portfolio", may_read_board)
register("governance.pack.retry", may_retry_pack)

# No navigation entry: the auditor's (the fullest with the administrator's) would no longer
# fit one line at 1366 px (tests/e2e/test_audit_pack.py measures it). Every role reaches
# the packs from the portfolio, the board's page, the audit trail and a system's page.
# Verifying a pack file someone holds: any member (it reveals only what the pack states).
register("governance.pack.verify", is_member)
