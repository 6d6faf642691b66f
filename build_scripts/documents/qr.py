"""QR codes of policy addresses, drawn by the PDF beside the printed address.

typst has no QR code of its own: ``segno`` (pure Python, no dependencies) encodes the address as an
SVG, which reaches typst as data (``sys.inputs``), never as markup; typst places it as an image
with alt text, tagged as a figure.
"""

from __future__ import annotations

import io
import re

import segno

from ..paths import policy_folder

QR_CALL = re.compile(r'#(?:policy-address|sign-off)\(qr: "([a-z0-9.-]+)"')


def qr_svg(url: str) -> str:
    """The address as a QR code in SVG (medium error correction, the standard quiet zone)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="svg", scale=4, border=4, xmldecl=False, svgns=True)
    return buffer.getvalue().decode("utf-8")


def qr_inputs(body: str, site_url: str, alt: str) -> dict[str, str]:
    """The SVG and alt text of every QR code that a typst body draws, keyed as document.typ reads them
    (``alt``: the sentence in the document's language, with ``{code}`` and ``{url}``)."""
    inputs = {}
    for key in sorted(set(QR_CALL.findall(body))):
        url = site_url + policy_folder(key)
        inputs[f"qr-{key}"] = qr_svg(url)
        inputs[f"qr-{key}-alt"] = alt.replace("{code}", key.upper()).replace("{url}", url)
    return inputs
