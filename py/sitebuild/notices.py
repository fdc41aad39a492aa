"""MkDocs hook: ship the book's LICENSE and THIRD_PARTY_NOTICES.md (the licences
of everything the built site bundles) in the site, as plain text beside the
home page; the footer links them (overrides/partials/copyright.html)."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = {"LICENSE": "LICENSE.txt", "THIRD_PARTY_NOTICES.md": "THIRD_PARTY_NOTICES.txt"}


def on_post_build(config):
    for source, target in SHIPPED.items():
        shutil.copyfile(ROOT / source, Path(config["site_dir"]) / target)
