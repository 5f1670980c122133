from django.shortcuts import render

from pacte.kernel.errors import InvalidInput
from pacte.kernel.web import signed_in_view

from . import selectors


@signed_in_view()
def search_page(request):
    """/search/?q=…: the header's search, for members and portal users alike.

    No query yet is not an error: the page explains what it searches. A query too short is
    a hint; one too long or holding a NUL byte is refused with a message (400), never a 500.
    """
    raw = request.GET.get("q", "")
    context = {"query": "", "results": None, "error": "", "max_length": selectors.MAX_LENGTH}
    status = 200
    if raw.strip():
        try:
            context["results"] = selectors.search(actor=request.actor, query=raw)
            context["query"] = context["results"].query
        except InvalidInput as refused:
            context["error"] = refused.detail
            if refused.code == "query_too_short":
                context["query"] = raw.strip()
            else:
                status = 400
    return render(request, "search/page.html", context, status=status)
