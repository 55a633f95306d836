"""Template helpers shared by our pages and the viewflow pages we dress."""

from django import template

register = template.Library()

SITE = "Saksflyt"


def _case_of_process(process):
    case_process = getattr(process, "caseprocess", process)
    return getattr(case_process, "case", None)


@register.simple_tag(takes_context=True)
def page_title(context) -> str:
    """`<title>` of a viewflow page: what the page shows, then the site, e.g.
    "Ta oppgaven: Vurdere forslaget … – OO-2026-0001 – Saksflyt"."""
    parts: list[str] = []
    request = context.get("request")
    activation = getattr(request, "activation", None)
    view = context.get("view")
    if context.get("page_title"):
        parts.append(str(context["page_title"]))
    elif activation is not None:
        parts.append(str(activation.flow_task.task_title or activation.flow_task))
        case = _case_of_process(activation.process)
        if case is not None:
            parts.append(case.reference)
    elif getattr(view, "title", None):
        parts.append(str(view.title))
    else:
        app = getattr(getattr(request, "resolver_match", None), "app", None)
        if getattr(app, "title", None):
            parts.append(str(app.title))
    return " – ".join([*parts, SITE])
