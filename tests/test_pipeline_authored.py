"""Authored files are parsed once per content: a changed file is read afresh, and a caller cannot change the cache."""

from __future__ import annotations

import shutil

from helpers import paths
from helpers.pipeline import authored


def test_a_changed_file_is_parsed_again_and_callers_get_their_own_copy(tmp_path):
    folder = tmp_path / "authored"
    shutil.copytree(paths.AUTHORED, folder)
    first = authored.read_authored("companies", folder)
    first.iloc[0, 0] = "changed by a caller"
    again = authored.read_authored("companies", folder)
    assert again.iloc[0, 0] != "changed by a caller"
    path = authored.path_of("companies", folder)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + "".join(lines[2:]), encoding="utf-8")  # drop the first company
    after = authored.read_authored("companies", folder)
    assert len(after) == len(again) - 1 and after.iloc[0].tolist() == again.iloc[1].tolist()
