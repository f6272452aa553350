"""Stories, what residents send, and the pages that hold them; a module per concept."""

from .base import (
    INDEX_PAGE_SIZE,
    ContentPage,
    ExcerptMixin,
    IndexLinkMixin,
    KeptRestrictionsMixin,
    PeriodMixin,
    TaggedIndexMixin,
    TaggedIndexPage,
    content_models,
    search_index_deferred,
    tag_through_models,
)
from .cache import PaginaVersie, page_cache_token_new
from .overviews import MaandoverzichtenIndexPage, MaandoverzichtPage
from .recognitions import Herkenning, OrganisatieHerkenning
from .stories import (
    HomePage,
    StoryGeneralisation,
    VerhaalPage,
    VerhaalTag,
    VerhalenIndexPage,
)
from .submissions import (
    Beslissing,
    Bevestiging,
    Consent,
    DecisionAction,
    Inzending,
    InzendingBericht,
    MessageKind,
    ReasonCode,
    SubmissionStatus,
)
from .workflow import AnonymisationCheckTask

__all__ = [
    "INDEX_PAGE_SIZE",
    "AnonymisationCheckTask",
    "Beslissing",
    "Bevestiging",
    "Consent",
    "ContentPage",
    "DecisionAction",
    "ExcerptMixin",
    "Herkenning",
    "HomePage",
    "IndexLinkMixin",
    "Inzending",
    "InzendingBericht",
    "KeptRestrictionsMixin",
    "MaandoverzichtPage",
    "MaandoverzichtenIndexPage",
    "MessageKind",
    "OrganisatieHerkenning",
    "PaginaVersie",
    "PeriodMixin",
    "ReasonCode",
    "StoryGeneralisation",
    "SubmissionStatus",
    "TaggedIndexMixin",
    "TaggedIndexPage",
    "VerhaalPage",
    "VerhaalTag",
    "VerhalenIndexPage",
    "content_models",
    "search_index_deferred",
    "page_cache_token_new",
    "tag_through_models",
]
