"""What the import wrote, so that a re-import never overwrites a clerk's edits.

``source/import-state.json`` maps each written policy file to the sha256 of the text the import wrote
and the input it came from. A file whose text still has that hash is the import's own and may be replaced;
a file with another hash (edited since) or with no record (written by hand) is left alone unless ``--force``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..paths.project import IMPORT_STATE

STATE_FILE = IMPORT_STATE


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class ImportState:
    path: Path
    records: dict[str, dict[str, str]]  # source/policies/CODE.md -> {"sha256": ..., "from": ...}

    @classmethod
    def load(cls, root: Path) -> ImportState:
        path = root / STATE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        records = data.get("files", {}) if isinstance(data, dict) else {}
        return cls(path, records if isinstance(records, dict) else {})

    def why_left_alone(self, target: Path, key: str) -> str | None:
        """Why an existing policy file must not be replaced, or None when it may be."""
        if not target.exists():
            return None
        record = self.records.get(key)
        if record is None:
            return "exists and was not written by `policy import`"
        if digest(target.read_text(encoding="utf-8", errors="replace")) != record.get("sha256"):
            return "was edited since its import"
        return None

    def record(self, key: str, text: str, source: str) -> None:
        self.records[key] = {"sha256": digest(text), "from": source}

    def save(self) -> None:
        data = {"about": "written by `policy import`: what it wrote, so re-imports leave edited files alone"}
        data_out = {**data, "files": dict(sorted(self.records.items()))}
        self.path.write_text(json.dumps(data_out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
