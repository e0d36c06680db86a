"""Who may do what in the governance board's layer.

The board's pages (landing page, heat maps, review sessions and their minutes) are read
by board members, administrators and auditors. Board members and administrators open
and close review sessions and record decisions; auditors change nothing.
"""

from core.choices import Role
from core.permissions import has_role, is_admin, register


def may_read_board(user, _obj=None) -> bool:
    return is_admin(user) or has_role(user, Role.BOARD, Role.AUDITOR)


def may_decide(user, _obj=None) -> bool:
    return is_admin(user) or has_role(user, Role.BOARD)


register("governance.board.view", may_read_board)
register("governance.session.view", may_read_board)
register("governance.session.manage", may_decide)
register("governance.decision.record", may_decide)
