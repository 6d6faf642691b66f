"""What every page shows around its content: the footer's district name, contact details, how to ask
for a document in another format, and the links to the feed and the open data.

MkDocs' theme templates read these as ``config.extra`` (flat strings); what the district has not given
is left out of the footer, never invented.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..documents import DocumentSet
from ..documents.site_words import accessibility_sentence, footer_words
from ..source.models import District
from ..textfilters import long_date
from ..words import words


def site_extra(district: District, as_of: date | None, documents: DocumentSet | None = None) -> dict[str, Any]:
    """``config.extra`` for the theme: the as-of notice and the footer's fields ("" when unknown), and
    ``translated``: the chrome of translated pages by language tag (``documents/site_words.py``)."""
    info = district.district
    contact = info.contact
    phone = (contact.phone or "").strip()
    website = (contact.website or "").strip()
    say = words(district.language_info(district.language))
    return {
        "as_of": as_of.isoformat() if as_of else "",
        "as_of_text": long_date(as_of, district.language) if as_of else "",
        "district_name": info.name,
        "contact_address": ", ".join(line.strip() for line in contact.address or []),
        "contact_phone": phone,
        "contact_phone_href": "tel:" + re.sub(r"[^\d+]", "", phone) if phone else "",
        "contact_website": website,
        "contact_website_text": re.sub(r"^https?://(www\.)?|/$", "", website),
        "accessibility": (contact.accessibility or "").strip() or accessibility_sentence(district, say),
        "words": footer_words(say, info.name),
        "translated": documents.chrome if documents else {},
    }
