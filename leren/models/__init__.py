"""Reflections, experiments, system flaws and the shared tag vocabulary; a module per
concept."""

from .digests import WeeklyDigest
from .experiments import (
    OPEN_EXPERIMENT_STATUSES,
    ExperimentenIndexPage,
    ExperimentMatch,
    ExperimentPage,
    ExperimentStatus,
    ExperimentTag,
    LessonsRead,
)
from .flaws import Systeemfout, SysteemfoutStatus, SysteemfoutWijziging
from .reflections import ReflectiePage, ReflectiesIndexPage, ReflectieTag
from .signups import Aanmelding
from .vocabulary import TagSummary, TagSynonym, Thema

__all__ = [
    "OPEN_EXPERIMENT_STATUSES",
    "Aanmelding",
    "ExperimentMatch",
    "ExperimentPage",
    "ExperimentStatus",
    "ExperimentTag",
    "ExperimentenIndexPage",
    "LessonsRead",
    "ReflectiePage",
    "ReflectieTag",
    "ReflectiesIndexPage",
    "Systeemfout",
    "SysteemfoutStatus",
    "SysteemfoutWijziging",
    "TagSummary",
    "TagSynonym",
    "Thema",
    "WeeklyDigest",
]
