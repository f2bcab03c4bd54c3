"""kg bench and the corpus generator: reproducible corpora, one run that reports every figure."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.bench import lexicon_names, run
from kg.corpus_gen import MB, generate_corpus, generate_document

KEYS = {
    "chars_per_s", "rules_chars_per_s", "baseline_chars_per_s", "peak_rss_mb", "build_s",
    "graphml_write_s", "gexf_write_s", "rules_vs_baseline", "nodes", "edges",
}


def test_generator_is_deterministic_for_a_seed(tmp_path):
    first = [p.read_bytes() for p in generate_corpus(tmp_path / "a", 0.05, seed=5)]
    again = [p.read_bytes() for p in generate_corpus(tmp_path / "b", 0.05, seed=5)]
    other = [p.read_bytes() for p in generate_corpus(tmp_path / "c", 0.05, seed=6)]
    assert first == again
    assert first != other
    assert 0.04 * MB <= sum(map(len, first)) < 0.05 * MB + 4_000


def test_a_bigger_corpus_starts_with_the_smaller_one(tmp_path):
    small = generate_corpus(tmp_path / "small", 0.05, seed=2)
    big = generate_corpus(tmp_path / "big", 0.2, seed=2)
    assert [p.read_bytes() for p in big[: len(small) - 1]] == [p.read_bytes() for p in small[:-1]]


def test_generated_documents_vary_in_script_noise_and_length():
    docs = [generate_document(0, i) for i in range(200)]
    assert any("協作" in d for d in docs), "traditional-script variant"
    assert any("\n第 " in d and " 页\n" in d for d in docs), "PDF page-footer noise"
    lengths = sorted(map(len, docs))
    assert lengths[0] < 2_000 and lengths[-1] > 50_000
    assert any("对口帮扶" in d for d in docs) and any("有限公司" in d for d in docs) and any("《" in d for d in docs)


def test_lexicon_names_hold_places_firm_aliases_and_no_single_characters():
    names = lexicon_names()
    assert {"楚雄彝族自治州", "楚雄州", "东西部协作", "东南亚", "华能"} <= names
    assert not any(len(n) < 2 for n in names)


@pytest.fixture(scope="module")
def small_run(tmp_path_factory) -> tuple[dict, object]:
    """One ``run`` over a 0.05 MiB corpus, its figures and its work folder."""
    workdir = tmp_path_factory.mktemp("bench")
    return run(0.05, pipeline="rules", sample_mb=0.05, jobs=1, workdir=workdir), workdir


def test_run_reports_every_figure_consistently(small_run):
    figures, tmp_path = small_run
    assert KEYS <= set(figures)
    assert figures["baseline_chars_per_s"] > figures["rules_chars_per_s"] > 0
    assert figures["chars"] == figures["sample_chars"]  # the whole small corpus is the sample
    assert figures["nodes"] > 20 and figures["edges"] > 20
    assert (tmp_path / "build" / "graph.graphml").is_file()
    assert figures["peak_rss_mb"] > 50


def test_run_says_where_the_rules_pipelines_time_goes(small_run):
    figures, _ = small_run
    stages = {key: value for key, value in figures.items() if key.startswith("rules_stage_")}
    assert {"rules_stage_make_doc_cpu_s", "rules_stage_kg_relation_extractor_cpu_s", "rules_stage_output_cpu_s"} <= set(stages)
    assert all(seconds > 0 for seconds in stages.values())
    scan_cpu = figures["sample_chars"] / figures["rules_chars_per_cpu_s"]
    assert 0.5 * scan_cpu < sum(stages.values()) < 2 * scan_cpu


@pytest.fixture(scope="module")
def bench_1mb() -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "kg", "bench", "--mb", "1", "--json", "--pipeline", "rules", "--jobs", "2"],
        capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.slow
def test_cli_bench_1mb_prints_the_figures_as_json(bench_1mb):
    assert KEYS <= set(bench_1mb)
    assert bench_1mb["mb"] == 1.0 and bench_1mb["pipeline"] == "rules"


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    reason="rules pipeline is ~0.04 of the Aho–Corasick baseline (kg bench --mb 20: 0.0395 on 2026-12-07, fourth session): "
    "making Docs and validating the output alone take 0.77 of the time budget of 0.10, so the rule components would need "
    "8.3x; see BENCHMARKS.md, 'Fourth session of 2026-12-07'",
)
def test_rules_pipeline_reaches_a_tenth_of_the_baseline(bench_1mb):
    assert bench_1mb["rules_chars_per_s"] >= 0.10 * bench_1mb["baseline_chars_per_s"]
