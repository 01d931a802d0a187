"""The README's claims section is notebook 06's fact check, worded by the same function (`make docs` refreshes it)."""

from __future__ import annotations

from helpers import paths
from helpers.analysis import findings
from helpers.presentation import wording
from helpers.presentation.site import readme


def test_readme_claims_match_the_fact_check(curated_dir):
    verdicts = findings.fact_check(curated_dir)
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.readme_claims(verdicts)
    assert block in text, "README claims section is stale: run `make docs`"
    for v in verdicts:  # one bullet per claim, the statement notebook 06 prints
        assert f"- {wording.statement(v)}" in block.splitlines()
    assert text.index(readme.README_CLAIMS_START) > text.index(readme.README_INDEX_END)


def test_readme_claims_block_is_replaced_in_place(tmp_path):
    path = tmp_path / "README.md"
    path.write_text(f"intro\n{readme.README_INDEX_START}\nold\n{readme.README_INDEX_END}\n"
                    f"{readme.README_CLAIMS_START}\nstale\n{readme.README_CLAIMS_END}\noutro\n", encoding="utf-8")
    assert readme.write_readme_index([], path, verdicts=[])
    text = path.read_text(encoding="utf-8")
    assert "stale" not in text and "old" not in text and text.endswith("outro\n")
    assert readme.readme_claims([]) in text and not readme.write_readme_index([], path, verdicts=[])
