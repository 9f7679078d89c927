"""Writes benchmarks/scale.md from benchmarks/scale.csv (scripts/bench-scale); the latest row per size counts.
benchmarks/scale-notes.md, the hand-written reading of the numbers, is copied in after the table."""
import csv, json, os, platform, subprocess, sys

FITS = ("search", "refit", "final_fit")  # the phases that fit models (the search's fold preparation included)


def phases(r):
    """The run's phase_seconds (rows from before they were recorded have none)."""
    return json.loads(r.get("phase_seconds") or "{}")

csv_path, md_path, driver = sys.argv[1], sys.argv[2], sys.argv[3]
latest = {}
for r in csv.DictReader(open(csv_path)):
    latest[int(r["rows"])] = r
rows = [latest[k] for k in sorted(latest)]
mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
commits = ", ".join(sorted({r.get("commit") or "unknown" for r in rows}))
sizes = ", ".join(f"{int(r['rows']):,}" for r in rows)
out = ["# Scale", "",
       f"Command: `scripts/bench-scale` (sizes {sizes}), driver heap "
       f"`-Xmx{driver}` (SPARKWISE_DRIVER_MEMORY), local[*]; this machine: {os.cpu_count()} cores, {mem:.0f} GiB, "
       f"{platform.system()} {platform.machine()}, {java[0] if java else 'java'}; Spark 4.1.0, Delta 4.4.0, "
       f"XGBoost4J-Spark 3.1.1; Sparkwise at {commits} (per row below). Raw rows: `benchmarks/scale.csv`.", "",
       "Data: the `demo` generator's churn table (`DemoData`, seed 7): a 400-value Zipf-like city, low-cardinality "
       "categoricals, numerics with missing values, a date, a row ID, a constant and a leaking column; written to "
       "Parquet first (not timed). The same fixed search at every size (`ScaleBench`): grid over the first "
       "XGBoost point (200 rounds, depth 6, eta 0.1) and the first logistic-regression point, train/validation "
       "split (20 % holdout, 20 % of the rest for validation), parallelism 2, no ensemble, no budget cut. "
       "`train` is timed from the call to the saved model, report and Delta records (the whole `Sparkwise.train`).", "",
       "*Outside fits*: the share of `train`'s wall time outside the phases that fit models (search, refit on the "
       "training rows, final fit on all rows; the search's fold preparation counts as fitting), from the run's "
       "`phase_seconds`; *trial fits* sums the trials' own fit seconds (two run side by side).", "",
       "Memory: in local mode driver and executor are one JVM. *Live heap* = heap in use right after the latest "
       "collection (sampled every 200 ms, the largest seen); *heap used* includes garbage not yet collected; "
       "*RSS* = the process's resident memory (heap plus native: XGBoost's matrices, Arrow/Parquet buffers); "
       "*task exec* = Spark's largest per-task peak execution memory (executor side).", "",
       "Scoring: a second generated table of the same size (seed 8, no label), Sparkwise's `score` path "
       "(`SavedModel.score`: schema check, prediction back in the label's values, probability as an array) against "
       "plain `PipelineModel.load(path).transform` selecting the same columns, both written to Parquet; median of 3 "
       "(1 at 10M), alternating.", "",
       "| rows | train wall | × per 10× rows | model | holdout ROC-AUC | live heap | heap used | RSS | task exec | "
       "score rows/s | transform rows/s | scoring overhead | outside fits | trial fits | phases (s) | measured |",
       "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
prev = None
for r in rows:
    t = float(r["train_seconds"])
    growth = ""
    same_run = prev is not None and (prev.get("commit"), prev.get("date")) == (r.get("commit"), r.get("date"))
    if prev is not None and not same_run:
        growth = "(other run)"   # ratios only between sizes measured in one run
    elif prev is not None:
        g = t / float(prev["train_seconds"])
        per10 = g ** (1 / __import__("math").log10(int(r["rows"]) / int(prev["rows"])))
        growth = f"{per10:.1f}×"
    ours, plain = float(r["score_rows_per_s"]), float(r["transform_rows_per_s"])
    p = phases(r)
    outside = f"{(t - sum(p.get(k, 0) for k in FITS)) / t * 100:.0f} %" if p else "not recorded"
    fits = f"{float(r['trial_fit_seconds']):.0f} s" if r.get("trial_fit_seconds") else ""
    laps = ", ".join(f"{k} {v:.0f}" for k, v in p.items() if v >= 0.5)
    overhead = (plain / ours - 1) * 100
    out.append(f"| {int(r['rows']):,} | {t:.0f} s | {growth} | {r['model']} | {float(r['holdout_roc_auc']):.4f} | "
               f"{float(r['peak_live_heap_gib']):.2f} GiB | {float(r['peak_heap_used_gib']):.2f} GiB | "
               f"{float(r['peak_rss_gib']):.2f} GiB | {float(r['peak_task_execution_gib']):.2f} GiB | "
               f"{ours:,.0f} | {plain:,.0f} | {overhead:+.0f} % | {outside} | {fits} | {laps} | "
               f"{r.get('date', '')} {r.get('commit', '')} |")
    prev = r
notes = os.path.join(os.path.dirname(md_path), "scale-notes.md")
if os.path.exists(notes):
    out += ["", open(notes).read().rstrip()]
open(md_path, "w").write("\n".join(out) + "\n")
