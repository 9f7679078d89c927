"""Redraws the anytime curves of a bench-quality invocation from the runs' own files, without rerunning them.

Usage: redraw_curves.py WORK CURVES_DIR [NAME-BUDGET ...]
WORK is SPARKWISE_BENCH_WORK of the invocation (its results/NAME-BUDGET-sSEED folders keep each run's
stderr, wall seconds and test metrics, and data/NAME/train.csv the training rows); CURVES_DIR is
benchmarks/curves/INVOCATION. Draws what bench-quality's draw_curves would have drawn with today's
curves.py: used when curves.py learns to read something the runs already wrote (the progress lines'
format changed under it once). The first seed's picture has no -sSEED suffix, as in bench-quality.
"""
import json, os, re, subprocess, sys

DIR = re.compile(r"^(.+)-s(\d+)$")
METRIC = {"binary": "roc_auc", "multiclass": "accuracy"}


def read(path):
    try:
        return open(path).read().strip()
    except OSError:
        return ""


def test_metric(path, metric):
    try:
        return str(json.load(open(path)).get(metric, ""))
    except (OSError, ValueError):
        return ""


def main():
    work, curves, only = sys.argv[1], sys.argv[2], set(sys.argv[3:])
    runs = {}
    for d in sorted(os.listdir(os.path.join(work, "results"))):
        m = DIR.match(d)
        if m and (not only or m.group(1) in only):
            runs.setdefault(m.group(1), []).append(int(m.group(2)))
    here = os.path.dirname(os.path.abspath(__file__))
    for key, seeds in sorted(runs.items()):
        first = min(seeds)
        for seed in sorted(seeds):
            out = os.path.join(work, "results", f"{key}-s{seed}")
            summary = os.path.join(out, "sparkwise-summary.json")
            if not os.path.exists(summary):
                print(f"  {key} seed {seed}: no Sparkwise summary, skipped", file=sys.stderr)
                continue
            s = json.load(open(summary))
            metric = METRIC.get(s["task"], "r2")
            name = key.rsplit("-", 1)[0]
            picture = os.path.join(curves, key + ("" if seed == first else f"-s{seed}") + ".svg")
            h2o = picture[:-4] + ".h2o.csv"
            args = [sys.executable, os.path.join(here, "curves.py"), picture, key, metric,
                    os.path.join(out, "sparkwise.err"), read(os.path.join(out, "sparkwise.seconds")),
                    test_metric(os.path.join(out, "sparkwise-test.json"), metric),
                    h2o if os.path.exists(h2o) else "", read(os.path.join(out, "h2o.seconds")),
                    test_metric(os.path.join(out, "h2o-test.json"), metric),
                    os.path.join(work, "data", name, "train.csv"), s["label"]]
            subprocess.run(args, check=True)
            print(f"  {os.path.basename(picture)}", file=sys.stderr)


if __name__ == "__main__":
    main()
