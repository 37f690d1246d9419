"""The pages of the published site, one module each, and the default list in navigation order."""

from __future__ import annotations

from ..core import Page
from . import (glossary, group, guides, home, needs, orientation, qui_fait_quoi, reseau,
               suivi, validation)

__all__ = ["default_pages"]


def default_pages() -> list[Page]:
    """The pages ``ppgraph demo`` publishes, in navigation order: home, glossary, actor
    network, validation reports, qui fait quoi, orientation, skills and training needs,
    follow-up indicators, the guides du porteur de projet (one per département), the working
    group. A page whose builder finds nothing to show (no structure, no report) is left out of
    a build and of its navigation.

    >>> [page.filename for page in default_pages()][:2]
    ['index.html', 'glossaire.html']
    """
    return [home.PAGE, glossary.PAGE, reseau.PAGE, validation.PAGE, qui_fait_quoi.PAGE,
            orientation.PAGE, needs.PAGE, suivi.PAGE,
            # issue 13: common tools and the working group
            guides.PAGE, group.PAGE]
