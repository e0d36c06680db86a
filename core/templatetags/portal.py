"""Template access to the permission policy: {% can "action" obj as allowed %}; the
portal's components that wrap content: {% table_box "label" %}…{% endtable_box %}."""

from urllib.parse import urlencode

from django import template

from core.permissions import can as can_policy

register = template.Library()
TABLE_BOX = "components/table_box.html"


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    return can_policy(context["request"].user, action, obj)


@register.simple_tag(takes_context=True)
def page_links(context, page_obj) -> dict:
    """The pagination's links, keeping the other parameters: what {% querystring page=n %}
    writes, built from one copy of the query string rather than one per link."""
    params = context["request"].GET
    pairs = [(k, v) for k, values in params.lists() for v in values]
    at = next((i for i, (k, _v) in enumerate(pairs) if k == "page"), None)

    def href(number: int) -> str:
        linked = list(pairs)
        if at is None:
            linked.append(("page", number))
        else:
            linked[at] = ("page", number)
            linked = [p for i, p in enumerate(linked) if p[0] != "page" or i == at]
        return "?" + urlencode(linked)

    paginator = page_obj.paginator
    numbers = [
        (n, None if n == paginator.ELLIPSIS else href(n))
        for n in paginator.get_elided_page_range(page_obj.number)
    ]
    links = {"numbers": numbers, "first": href(1), "last": href(paginator.num_pages)}
    if page_obj.has_previous():
        links["previous"] = href(page_obj.previous_page_number())
    if page_obj.has_next():
        links["next"] = href(page_obj.next_page_number())
    return links


@register.inclusion_tag("components/panels.html", takes_context=True)
def panels(context, slot: str, *args) -> dict:
    """The panels other apps contribute to this page's `slot` (core.panels)."""
    from core.panels import panels_for

    return {"panels": panels_for(context["request"].user, slot, *args)}


@register.simple_tag
def evidence_expiry(evidence, today=None) -> str:
    """'expires in 12 days', 'expires today', 'expired 3 days ago', or '' (no expiry).
    `today` defaults to the current date, for a page that passes none."""
    from django.utils import timezone

    from core.evidence.rules import days_left

    left = days_left(evidence.expires_on, today or timezone.localdate())
    if left is None:
        return ""
    if left > 0:
        return f"expires in {left} day{'s' if left != 1 else ''}"
    if left == 0:
        return "expires today"
    return "expired yesterday" if left == -1 else f"expired {-left} days ago"


@register.filter
def file_size(size: int) -> str:
    """1.2 MB, 340 KB, 12 bytes (as the upload refusals say it)."""
    from core.evidence.rules import readable_size

    return readable_size(size)


@register.simple_tag(takes_context=True)
def contributed_links(context, slot: str) -> list:
    """The links other apps add to this page's `slot` (core.navigation.register_page_link)."""
    from core.navigation import page_links_for

    return page_links_for(context["request"].user, slot)


@register.tag
def table_box(parser, token):
    """{% table_box "Label" %}<table>…</table>{% endtable_box %}: the box of a table that
    may be wider than the screen (components/table_box.html). It scrolls sideways inside
    the page, and a keyboard can scroll it: it takes the focus and is a region named
    `label` (WCAG 2.1.1; axe's scrollable-region-focusable)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument, the box's label")
    label = parser.compile_filter(bits[1])
    content = parser.parse(("endtable_box",))
    parser.delete_first_token()
    return TableBoxNode(label, content)


class TableBoxNode(template.Node):
    def __init__(self, label, content):
        self.label, self.content = label, content

    def render(self, context) -> str:
        box = context.template.engine.get_template(TABLE_BOX)
        with context.push(label=self.label.resolve(context), content=self.content.render(context)):
            return box.render(context)
