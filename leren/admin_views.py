"""Admin views: raising a system flaw from a story or reflection, and the lessons
before an experiment as its author writes it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView
from taggit.utils import parse_tags
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import Page

from verhalen.models import VerhaalPage

from . import services
from .forms import SysteemfoutRaiseForm
from .models import ReflectiePage
from .panels import LESSONS_BEFORE_TEMPLATE, lessons_before_context

# The page types that carry system flaws.
RAISABLE_PAGE_TYPES = (VerhaalPage, ReflectiePage)


def can_raise_from(page: Page, user) -> bool:
    """Whether the user may raise a flaw from this page: editing it, adding flaws."""
    return (
        issubclass(page.specific_class or Page, RAISABLE_PAGE_TYPES)
        and user.has_perm("leren.add_systeemfout")
        and page.permissions_for_user(user).can_edit()
    )


class SysteemfoutRaiseView(WagtailAdminTemplateMixin, FormView):
    """Raise a flaw with its workaround and add it to the page's next draft."""

    form_class = SysteemfoutRaiseForm
    template_name = "leren/admin/raise.html"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        page = get_object_or_404(Page, pk=kwargs["page_id"])
        if not issubclass(page.specific_class or Page, RAISABLE_PAGE_TYPES):
            raise Http404
        if not can_raise_from(page, request.user):
            raise PermissionDenied
        self.page = page.specific
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Raise a system flaw")

    def get_page_subtitle(self) -> str:
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.get_admin_display_title(),
            },
            {"url": "", "label": _("Raise a system flaw")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page=self.page,
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
        )
        return context

    def form_valid(self, form):
        lock = self.page.get_lock()
        if lock is not None and lock.for_user(self.request.user):
            form.add_error(None, _("The page is locked; ask who locked it first."))
            return self.form_invalid(form)
        flaw = services.systeemfout_raise(
            systeemfout=form.save(commit=False), user=self.request.user, page=self.page
        )
        log(instance=flaw, action="wagtail.create", user=self.request.user)
        services.systeemfout_submit(systeemfout=flaw, user=self.request.user)
        messages.success(
            self.request,
            _(
                "System flaw “%(title)s” raised and added to a new draft of this "
                "page. The editors check its anonymisation and approve it before "
                "it is public."
            )
            % {"title": flaw.title},
        )
        return redirect("wagtailadmin_pages:edit", self.page.pk)


def lessons_before_view(request):
    """The before-you-start panel's contents for the tags and hypothesis written."""
    exclude = request.GET.get("exclude", "")
    context = lessons_before_context(
        tags=parse_tags(request.GET.get("tags", "")),
        hypothesis=request.GET.get("hypothesis", "")[:5000],
        exclude=int(exclude) if exclude.isdigit() else None,
    )
    return render(request, LESSONS_BEFORE_TEMPLATE, context)
