"""What ``policy new`` writes, and the placeholder sentences in it: a policy that still holds one may
not go to a reading or be adopted (``placeholder_problems``)."""

from __future__ import annotations

from ..errors import Problem, error
from .models import Status
from .policies import PolicyFile

PURPOSE = "Say in one or two sentences why this policy exists."
FIRST_RULE = "Write the first rule here."
NEXT_RULE = "Write the next rule here."
PLACEHOLDERS = (PURPOSE, FIRST_RULE, NEXT_RULE)
SKELETON = f"""---
code: {{code}}
title: {{title}}
{{section}}status: draft
audience: [staff]
---

## Purpose {{{{#purpose}}}}

[]{{{{#purpose-p1}}}} {PURPOSE}

## Policy {{{{#policy}}}}

1. []{{{{#policy-1}}}} {FIRST_RULE}
2. []{{{{#policy-2}}}} {NEXT_RULE}
"""
HELD = (Status.FIRST_READING, Status.SECOND_READING, Status.ADOPTED)


def placeholder_problems(policy: PolicyFile) -> list[Problem]:
    """An error at each placeholder sentence of a policy at a reading or adopted."""
    if policy.meta is None or policy.meta.status not in HELD:
        return []
    when = "it is adopted" if policy.meta.status is Status.ADOPTED else "it goes to a reading"
    problems = []
    for number, line in enumerate(policy.text.split("\n"), 1):
        for sentence in PLACEHOLDERS:
            if sentence in line:
                message = f"'{sentence}' is policy new's placeholder: write the policy's own words before {when}"
                problems.append(error(policy.path, number, message, kind="placeholder"))
    return problems
