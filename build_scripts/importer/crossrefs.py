"""Cross references to codes that neither the manual nor this import has stay text, so `policy check` passes.

A code in ``cross_refs`` must name a policy (`policy check` says so as an error); a cross reference that is
not a code is shown as text. An imported policy often refers to a policy the district has not posted, or
not yet imported: it is written as the words the input had ('JICFB-R, Bullying Procedures'), or as
'Policy JIC' when the input had the bare code, with a warning naming the code.
"""

from __future__ import annotations

from ..errors import Problem, warning
from ..source.front_matter import split_front_matter
from ..source.models import CODE_PATTERN
from ..source.yamlsource import load_located
from .emit import scalar


def unlink_unknown(
    target: str, text: str, written: list[tuple[str, str]], known: set[str]
) -> tuple[str, list[Problem]]:
    """``text`` with every cross reference to an unknown code written as text; a warning for each.

    ``written`` holds each cross reference's (value, text as the input had it), in order.
    """
    split = split_front_matter(text)
    located = load_located(split.front or "", split.front_line)
    refs = located.data.get("cross_refs") if isinstance(located.data, dict) else None
    lines = text.split("\n")
    problems: list[Problem] = []
    for index, ref in enumerate(refs if isinstance(refs, list) else []):
        code = str(ref)
        if not CODE_PATTERN.match(code) or code in known:
            continue
        as_written = written[index][1] if index < len(written) and written[index][0] == code else code
        shown = f"Policy {as_written}" if CODE_PATTERN.match(as_written) else " ".join(as_written.split())
        line = located.line_of(("cross_refs", index))
        lines[line - 1] = f"  - {scalar(shown)}"
        message = (
            f"cross_refs, entry {index + 1}: no policy has the code '{code}' in the manual or this import; "
            f"written as the text '{shown}' (put the code back once that policy is in the manual)"
        )
        problems.append(warning(target, line, message, kind="import"))
    return "\n".join(lines), problems
