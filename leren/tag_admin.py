"""The editors' tag care in the Wagtail admin: the vocabulary, merges, synonyms, themes.

Loaded from ``leren/wagtail_hooks.py``; everything here is a Wagtail viewset, view or
hook, and every write goes through :mod:`leren.tag_services` or a viewset's form.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from verhalen.models import tag_through_models
from verhalen.tags import tag_normalise

from .models import TagSynonym, Thema
from .tag_fields import ExistingTagField, ExistingTagsField
from .tag_services import TAGS_MERGE_ACTION, TagMergeError, tags_merge

MERGE_PERMISSIONS = ("taggit.change_tag", "taggit.delete_tag")


def _usage(through) -> Coalesce:
    """Count the items, published or draft, that ``through`` tags with each tag."""
    rows = (
        through.objects.filter(tag=OuterRef("pk"))
        .order_by()
        .values("tag")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def tags_with_usage() -> QuerySet[Tag]:
    """Return every tag with how many stories, and how many pages in all, carry it."""
    return (
        Tag.objects.annotate(
            **{name: _usage(through) for name, through in tag_through_models().items()}
        )
        .annotate(total=sum((F(name) for name in tag_through_models()), Value(0)))
        .select_related("synonym_of__canonical")
        .prefetch_related("themes")
    )


def user_can_merge_tags(user) -> bool:
    """Say whether ``user`` may merge tags: it changes some and retires others."""
    return user.has_perms(MERGE_PERMISSIONS)


class TagForm(forms.ModelForm):
    """A tag's name, written the vocabulary's way and not taken by another tag."""

    class Meta:
        model = Tag
        fields = ["name"]

    def clean_name(self) -> str:
        name = tag_normalise(self.cleaned_data["name"])
        taken = Tag.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("The tag %(name)s exists already; merge into it instead.")
                % {"name": name}
            )
        return name


class TagIndexView(IndexView):
    """Every tag with its usage and themes, and the way to merge tags."""

    default_ordering = "name"

    def get_base_queryset(self):
        return tags_with_usage()

    @property
    def merge_url(self) -> str:
        return reverse("tags:merge")

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if user_can_merge_tags(self.request.user):
            buttons.append(
                HeaderButton(_("Merge tags"), url=self.merge_url, icon_name="resubmit")
            )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if user_can_merge_tags(self.request.user):
            buttons.append(
                MenuItem(
                    _("Merge into another tag"),
                    url=f"{self.merge_url}?source={instance.pk}",
                    icon_name="resubmit",
                    priority=25,
                )
            )
        return buttons


def _theme_names(tag: Tag) -> str:
    return ", ".join(theme.name for theme in tag.themes.all())


def _canonical_name(tag: Tag) -> str:
    synonym = getattr(tag, "synonym_of", None)
    return synonym.canonical.name if synonym else ""


class TagMergeForm(forms.Form):
    sources = ExistingTagsField(
        label=gettext_lazy("Tags to merge"),
        help_text=gettext_lazy(
            "Every story, reflection and experiment carrying one of these tags gets "
            "the tag below instead; these names become its synonyms."
        ),
    )
    target = ExistingTagField(
        label=gettext_lazy("Merge into"),
        help_text=gettext_lazy("The tag that stays."),
    )

    def clean(self):
        cleaned = super().clean()
        sources, target = cleaned.get("sources") or [], cleaned.get("target")
        if target is not None and target in sources:
            self.add_error("target", _("A tag cannot be merged into itself."))
        if target is not None and TagSynonym.objects.filter(variant=target).exists():
            self.add_error(
                "target",
                _("%(tag)s is itself a synonym; merge into its main tag.")
                % {"tag": target.name},
            )
        return cleaned


class TagMergeView(WagtailAdminTemplateMixin, FormView):
    """Merge one or more tags into another, for every page that carries them."""

    form_class = TagMergeForm
    template_name = "leren/admin/tag_merge.html"
    header_icon = "tag"
    page_title = gettext_lazy("Merge tags")

    def dispatch(self, request, *args, **kwargs):
        if not user_can_merge_tags(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("tags:index"), "label": _("Tags")},
            {"url": "", "label": _("Merge tags")},
        ]

    def get_initial(self):
        ids = [pk for pk in self.request.GET.getlist("source") if pk.isdigit()]
        return {"sources": list(Tag.objects.filter(pk__in=ids))}

    def form_valid(self, form):
        sources, target = form.cleaned_data["sources"], form.cleaned_data["target"]
        try:
            result = tags_merge(sources=sources, target=target, user=self.request.user)
        except TagMergeError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext(
                "Merged into %(target)s: %(count)d item now carries it instead.",
                "Merged into %(target)s: %(count)d items now carry it instead.",
                result.total,
            )
            % {"target": target.name, "count": result.total},
        )
        return redirect("tags:index")


class FormViewSet(ModelViewSet):
    """A model viewset whose create and edit views use its own ``form_class``.

    Wagtail's viewset builds a form from panels or form fields; these forms pick
    tags from the vocabulary and check synonyms, which a built form would lose.
    """

    form_class: type

    def get_form_class(self, for_update=False):
        return self.form_class


class TagViewSet(FormViewSet):
    model = Tag
    icon = "tag"
    menu_label = gettext_lazy("Tags")
    menu_order = 100
    copy_view_enabled = False
    index_view_class = TagIndexView
    form_class = TagForm
    search_fields = ["name"]
    search_backend_name = None
    list_display = [
        "name",
        Column("stories", label=gettext_lazy("Stories"), sort_key="stories"),
        Column(
            "total",
            label=gettext_lazy("Stories, reflections and experiments"),
            sort_key="total",
        ),
        Column("themes", label=gettext_lazy("Themes"), accessor=_theme_names),
        Column(
            "synonym_of",
            label=gettext_lazy("Synonym of"),
            accessor=_canonical_name,
        ),
    ]
    list_export = ["name", "stories", "reflections", "experiments", "total"]
    export_headings = {
        "stories": gettext_lazy("Stories"),
        "reflections": gettext_lazy("Reflections"),
        "experiments": gettext_lazy("Experiments"),
        "total": gettext_lazy("Stories, reflections and experiments"),
    }

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("merge/", TagMergeView.as_view(), name="merge"),
        ]


class TagSynonymForm(forms.ModelForm):
    """A synonym chosen from the vocabulary, checked by the model's own rules."""

    variant = ExistingTagField(label=gettext_lazy("Tag"))
    canonical = ExistingTagField(label=gettext_lazy("Means the same as"))

    class Meta:
        model = TagSynonym
        fields = ["variant", "canonical"]

    def clean_variant(self) -> Tag:
        variant = self.cleaned_data["variant"]
        if variant is not None and (
            TagSynonym.objects.filter(canonical=variant)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            # Synonyms point at a main tag in one step; a chain would be lost.
            raise forms.ValidationError(
                _("Other tags are synonyms of this tag; it is a main tag.")
            )
        return variant


class TagSynonymViewSet(FormViewSet):
    model = TagSynonym
    icon = "link"
    menu_label = gettext_lazy("Synonyms")
    menu_order = 200
    copy_view_enabled = False
    form_class = TagSynonymForm
    search_fields = ["variant__name", "canonical__name"]
    search_backend_name = None
    list_display = [
        "variant",
        Column(
            "canonical",
            label=gettext_lazy("Means the same as"),
            sort_key="canonical__name",
        ),
    ]


class ThemaForm(forms.ModelForm):
    """A theme's name, description and tags chosen from the vocabulary."""

    tags = ExistingTagsField(label=gettext_lazy("Tags"), required=False)

    class Meta:
        model = Thema
        fields = ["name", "description", "tags"]


def _tag_names(thema: Thema) -> str:
    return ", ".join(tag.name for tag in thema.tags.all())


class ThemaViewSet(FormViewSet):
    model = Thema
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("Themes")
    menu_order = 300
    copy_view_enabled = False
    form_class = ThemaForm
    search_fields = ["name", "description", "tags__name"]
    search_backend_name = None
    list_display = [
        "name",
        Column("tags", label=gettext_lazy("Tags"), accessor=_tag_names),
    ]


class TagCareViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Tags")
    menu_icon = "tag"
    menu_order = 350
    items = (
        TagViewSet("tags"),
        TagSynonymViewSet("tag-synonyms"),
        ThemaViewSet("themes"),
    )


@hooks.register("register_admin_viewset")
def register_tag_care() -> ViewSetGroup:
    return TagCareViewSetGroup()


@hooks.register("insert_global_admin_js")
def tag_input_keeps_typed_names() -> str:
    """Every tag field in the admin keeps a name confirmed with Enter or left typed."""
    return format_html('<script src="{}"></script>', static("leren/js/tag_input.js"))


@hooks.register("register_log_actions")
def register_tag_log_actions(actions) -> None:
    actions.register_action(
        TAGS_MERGE_ACTION, gettext_lazy("Merge tags"), gettext_lazy("Tags merged")
    )
