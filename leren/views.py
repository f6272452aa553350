"""The public register of system flaws: what stands in the way, and what is done."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from .selectors import (
    OPEN_SYSTEEMFOUT_STATUSES,
    systeemfouten_public,
    systeemfouten_register,
)


@require_safe
def systeemfouten(request: HttpRequest) -> HttpResponse:
    """List every system flaw, grouped by status with the open ones first."""
    groups = systeemfouten_register()
    return TemplateResponse(
        request,
        "leren/systeemfouten.html",
        {
            "groups": groups,
            "open_count": sum(
                len(flaws)
                for status, flaws in groups
                if status in OPEN_SYSTEEMFOUT_STATUSES
            ),
        },
    )


@require_safe
def systeemfout_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one system flaw with its stories, reflections and history."""
    flaw = get_object_or_404(systeemfouten_public(), pk=pk)
    return TemplateResponse(
        request,
        "leren/systeemfout_detail.html",
        {"flaw": flaw, "is_open": flaw.status in OPEN_SYSTEEMFOUT_STATUSES},
    )
