"""The Jinja environment of the site's page templates (the tool's ``site/pages``, each overridable by
the project's ``templates/site/pages/<same name>``): autoescaped, strict, with the escaping and
formatting filters every value goes through."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..paths.project import Project
from ..textfilters import filesize, long_date, md_text, page_title

CLAUSE_ANCHOR = 'class="clause-anchor"'


def body_markup(markdown: str) -> Markup:
    """A rendered body for a page template, its clause permalinks ("§") kept out of the search index:
    Material's indexer skips an element with ``data-search-exclude`` (and removes the attribute)."""
    return Markup(markdown.replace(CLAUSE_ANCHOR, CLAUSE_ANCHOR + ' data-search-exclude="clause-link"'))


def page_environment(project: Project) -> Environment:
    env = Environment(
        loader=FileSystemLoader(project.page_templates),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md_text, page_title=page_title, long_date=long_date, filesize=filesize)
    return env
