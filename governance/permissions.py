"""Who may do what in the governance board's layer (DOMAIN.md sections 1 and 5).

The risk register: members of the organisation (auditors included) read it. Governance
board members and administrators create, edit and close any risk. A risk's owner edits
and closes their own: the named person, or a product owner of the owning team.
Importing a register from CSV creates many risks at once: board and administrators.

The board's pages (landing page, heat maps, review sessions and their minutes) are read
by board members, administrators and auditors. Board members and administrators open
and close review sessions and record decisions; auditors change nothing.
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


register("governance.risk.view", lambda user, _obj: is_member(user))
register("governance.risk.export", lambda user, _obj: is_member(user))
register("governance.risk.create", is_board)
register("governance.risk.import", is_board)
register("governance.risk.change", may_change_risk)
register("governance.risk.close", may_change_risk)
register("governance.board.view", may_read_board)
register("governance.session.view", may_read_board)
register("governance.session.manage", is_board)
register("governance.decision.record", is_board)
# Verifying a pack file someone holds: any member (it reveals only what the pack states).
register("governance.pack.verify", lambda user, _obj: is_member(user))
