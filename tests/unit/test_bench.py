"""The benchmark table: medians, ratios, and whether each target was met."""

from stargate_report import bench


def results(**overrides):
    base = {"cold": [20.0, 30.0, 25.0], "noop": [1.0, 1.2, 1.1], "rerun": [9.0, 9.0, 9.0],
            "chapter": [4.0, 4.0, 4.0], "plain_force": [50.0, 60.0, 55.0],
            "plain_cache_cold": [50.0, 50.0, 50.0], "plain_cache_noop": [3.0, 3.0, 3.0],
            "ranges_10k": [0.1, 0.2, 0.3], "ranges_chapter": [0.05, 0.06, 0.07],
            "refused": [0.6, 0.7, 1.4]}
    return {**base, **overrides}


def row(text, label):
    return next(line for line in text.splitlines() if line.startswith(f"| {label}"))


def test_targets_met_and_missed_are_said_plainly():
    text = bench.table(results(), runs=3)
    cold = row(text, "Cold build (every")
    assert "| 25.0 | 55.0 (`force`) | 0.45× |" in cold and cold.endswith("| yes |")
    assert row(text, "No-op rebuild").endswith("| yes |")
    rerun = row(text, "One-parameter rerun")
    assert "| 2.25× |" in rerun and rerun.endswith("| **no** |")
    assert "Machine: " in text and "median wall-clock seconds of 3 runs" in text


def test_a_slow_cold_build_misses_its_target():
    text = bench.table(results(cold=[40.0, 40.0, 40.0]), runs=3)
    assert row(text, "Cold build (every").endswith("| **no** |")
    assert text.count("| run ") == 3


def test_the_ranges_rows_give_the_10000_draw_time_against_its_target():
    text = bench.table(results(), runs=3)
    assert row(text, "Uncertainty ranges: 10,000 draws").endswith("| 0.20 | – | – | ≤ 2 s | yes |")
    assert row(text, "Uncertainty ranges and tornado").endswith("| 0.06 | – | – | ≤ 1 s | yes |")
    slow = bench.table(results(ranges_10k=[2.5, 2.5, 2.5]), runs=3)
    assert row(slow, "Uncertainty ranges: 10,000 draws").endswith("| **no** |")


def test_the_ranges_are_timed_on_the_real_chapters():
    from stargate_report import build

    every, slowest = bench.ranges_seconds(build.ROOT)
    assert every > 0 and slowest > 0  # timed, not a constant; the targets are for make bench


def test_a_refused_rerun_is_timed_against_one_second():
    assert row(bench.table(results(), runs=3), "A refused rerun").endswith(
        "| 0.70 | – | – | ≤ 1 s | yes |")
    assert row(bench.table(results(refused=[1.2, 1.3, 1.1]), runs=3),
               "A refused rerun").endswith("| **no** |")
