from django import template

from claims.admin.dashboard import desk_context

register = template.Library()


@register.inclusion_tag("admin/desk_summary.html", takes_context=True)
def desk_summary(context):
    return desk_context(context["request"])
