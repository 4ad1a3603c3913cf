from django import template

from gongkai.interaction.statistics import current_year, yearly_statistics

register = template.Library()


@register.inclusion_tag("interaction/_statistics.html")
def message_statistics(agency):
    return {"statistics": yearly_statistics(agency, current_year()), "agency": agency}
