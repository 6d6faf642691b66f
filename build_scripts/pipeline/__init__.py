"""The pipeline: ``prepare`` (load, validate, make every document: what ``policy check`` runs) and
``build`` (one line per stage, carrying out a ``BuildPlan``)."""

from .plan import BuildPlan, Mode
from .prepare import Checked, check, documents_stamp, prepare
from .stages import BuildResult, build, run

__all__ = ["BuildPlan", "BuildResult", "Checked", "Mode", "build", "check", "documents_stamp", "prepare", "run"]
