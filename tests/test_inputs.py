"""Bad input is reported with file, line and id, skipped, and never stops the batch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = [{"id": "ok-1", "text": "上海市嘉定区对口帮扶楚雄州。"}, {"id": "ok-2", "text": "福建省与宁夏回族自治区开展闽宁协作。"}]


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    """Run ``kg extract`` once over one good and several bad inputs."""
    folder = tmp_path_factory.mktemp("inputs")
    lines = [json.dumps(GOOD[0], ensure_ascii=False), "{not json", json.dumps({"id": "no-text"}),
             json.dumps({"id": "num", "text": 5}), json.dumps(GOOD[1], ensure_ascii=False),
             json.dumps({"id": "huge", "text": "云" * 10_500_000})]
    (folder / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "gbk.txt").write_bytes("闽宁协作在宁夏开展。".encode("gbk"))
    (folder / "big5.txt").write_bytes("閩寧協作在寧夏開展。".encode("big5"))
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "doc.txt").write_text("粤桂协作持续深化。\n\n广东省帮扶广西百色市。", encoding="utf-8")
    out = folder / "out.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "extract", str(folder), "-o", str(out), "--pipeline", "rules"],
        capture_output=True, text=True, timeout=600,
    )
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {"proc": proc, "records": records, "stderr": proc.stderr.splitlines(), "folder": folder}


def _line_for(run: dict, needle: str) -> str:
    hits = [line for line in run["stderr"] if needle in line]
    assert len(hits) == 1, run["stderr"]
    return hits[0]


def test_exit_status_is_one_when_something_was_skipped(run):
    assert run["proc"].returncode == 1


def test_every_good_record_is_written(run):
    ids = [r["id"] for r in run["records"]]
    assert [i for i in ids if i.startswith("ok-")] == ["ok-1", "ok-2"]
    assert [i for i in ids if i.startswith("doc-s")] == ["doc-s000", "doc-s001"]
    assert len(ids) == 4


def test_malformed_json_line(run):
    assert _line_for(run, "malformed JSON").startswith(f"{run['folder'] / 'mixed.jsonl'}:2: -: ")


def test_record_without_text(run):
    assert ":3: no-text: record has no \"text\"" in _line_for(run, "no-text")


def test_text_not_a_string(run):
    assert ":4: num: " in _line_for(run, "not a string")


def test_ten_megabyte_line(run):
    line = _line_for(run, "over the limit")
    assert ":6: " in line and "split the text" in line


def test_gbk_file(run):
    assert "GBK" in _line_for(run, "gbk.txt") and "iconv" in _line_for(run, "gbk.txt")


def test_big5_file(run):
    assert "not UTF-8" in _line_for(run, "big5.txt")


def test_binary_file(run):
    assert "binary data" in _line_for(run, "binary.txt")


def test_empty_file(run):
    assert "empty file" in _line_for(run, "empty.txt")


def test_summary_counts_skipped(run):
    assert run["stderr"][-1].startswith("4 records processed, 8 problems skipped")


def test_text_file_offsets_point_into_the_file(run):
    text = (run["folder"] / "doc.txt").read_text(encoding="utf-8")
    second = next(r for r in run["records"] if r["id"] == "doc-s001")
    assert text[second["start"] : second["start"] + len(second["text"])] == second["text"]
