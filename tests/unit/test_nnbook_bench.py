"""The benchmark's measuring code runs and reports (figures are not asserted:
a benchmark is a script that prints figures, bench/bench_nnbook.py)."""

import nnbook.bench


def test_bench_run_returns_plain_figures():
    results = nnbook.bench.run(repeats=1, quick=True)
    for key in ("slide_set", "letter_set"):
        r = results[key]
        assert r["vectorised_its"] > 0 and r["per_image_its"] > 0 and r["ratio"] > 0
    assert results["letter_set"]["images"] > results["slide_set"]["images"] == 9
    t = results["time_to_epsilon"]
    assert t["converged"] and t["E_final"] < 0.01 and t["seconds"] > 0
    text = nnbook.bench.report(results)
    assert "Vectorised vs per image on the larger set" in text
    assert "Time to train the slide set to E < 0.01" in text
