"""Writes benchmarks/scale.md from benchmarks/scale.csv (scripts/bench-scale); the latest row per size counts.
benchmarks/scale-notes.md, the hand-written reading of the numbers, is copied in after the table."""
import csv, json, os, platform, subprocess, sys

FITS = ("search", "refit", "final_fit")  # the phases that fit models (the search's fold preparation included)


def phases(r):
    """The run's phase_seconds (rows from before they were recorded have none)."""
    return json.loads(r.get("phase_seconds") or "{}")


def outside_fits(r):
    """The share of train's wall time outside the phases that fit models (None without phases)."""
    p, t = phases(r), float(r["train_seconds"])
    return (t - sum(p.get(k, 0) for k in FITS)) / t if p else None

csv_path, md_path, driver = sys.argv[1], sys.argv[2], sys.argv[3]
latest = {}
for r in csv.DictReader(open(csv_path)):
    latest[int(r["rows"])] = r
rows = [latest[k] for k in sorted(latest)]
mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
commits = ", ".join(sorted({r.get("commit") or "unknown" for r in rows}))
sizes = ", ".join(f"{int(r['rows']):,}" for r in rows)
def verdict():
    """One paragraph from the largest size's latest row: wall, memory, share outside fits, scoring overhead."""
    if not rows:
        return "No rows yet."
    r = rows[-1]
    t, p = float(r["train_seconds"]), phases(r)
    text = (f"**Verdict** (largest size, {int(r['rows']):,} rows, {r.get('date', '')} {r.get('commit', '')}): `train` "
            f"took {t:.0f} s with an {int(r['max_heap_mib']) / 1024:.0f} GiB driver and no out-of-memory error (live heap "
            f"peak {float(r['peak_live_heap_gib']):.2f} GiB); ")
    if p:
        outside = {k: v for k, v in p.items() if k not in FITS}
        worst = max(outside, key=outside.get)
        text += (f"{outside_fits(r) * 100:.0f} % of it fell outside the phases that fit models "
                 f"(the largest: {worst}, {outside[worst]:.0f} s); ")
    overhead = (float(r["transform_rows_per_s"]) / float(r["score_rows_per_s"]) - 1) * 100
    return text + (f"the scoring overhead of Sparkwise's `score` against plain `PipelineModel.transform` was {overhead:+.0f} %. "
                   "The smaller sizes' rows may come from other runs (see *measured*).")


out = ["# Scale", "", verdict(), "",
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
    outside = f"{outside_fits(r) * 100:.0f} %" if p else "not recorded"
    fits = f"{float(r['trial_fit_seconds']):.0f} s" if r.get("trial_fit_seconds") else ""
    laps = ", ".join(f"{k} {v:.0f}" for k, v in p.items() if v >= 0.5)
    overhead = (plain / ours - 1) * 100
    out.append(f"| {int(r['rows']):,} | {t:.0f} s | {growth} | {r['model']} | {float(r['holdout_roc_auc']):.4f} | "
               f"{float(r['peak_live_heap_gib']):.2f} GiB | {float(r['peak_heap_used_gib']):.2f} GiB | "
               f"{float(r['peak_rss_gib']):.2f} GiB | {float(r['peak_task_execution_gib']):.2f} GiB | "
               f"{ours:,.0f} | {plain:,.0f} | {overhead:+.0f} % | {outside} | {fits} | {laps} | "
               f"{r.get('date', '')} {r.get('commit', '')} |")
    prev = r
# A projection, not a measurement: each phase as fixed + per-row seconds (least squares over the sizes of
# the latest run that recorded phases), the per-row part spread over a cluster's cores, the fixed part not.
CLUSTER_CORES, HERE_CORES = 8 * 16, os.cpu_count() or 2
last = rows[-1] if rows else None
run = [r for r in rows if last and phases(r) and (r.get("commit"), r.get("date")) == (last.get("commit"), last.get("date"))]
out += ["", f"### Projection to 100M and 1B rows on {CLUSTER_CORES} cores (8 × 16) — a projection, not a measurement", ""]
if len(run) < 2:
    out.append("Needs at least two sizes measured in one run with `phase_seconds` "
               f"(this file has {len(run)} such row{'s' if len(run) != 1 else ''}); rerun `scripts/bench-scale` over all sizes.")
else:
    names = list(dict.fromkeys(k for r in run for k in phases(r)))
    sizes_text = ", ".join(f"{int(r['rows']):,}" for r in run)
    out += [f"From the sizes {sizes_text} measured at {last.get('commit')}: each phase "
            "fitted as *fixed + per-row × rows* (least squares); on the cluster the per-row part is divided by "
            f"{CLUSTER_CORES // HERE_CORES} ({CLUSTER_CORES} cores against this machine's {HERE_CORES}: ideal scaling, "
            "an optimistic bound) and the fixed part kept. It ignores shuffles across machines, stragglers and the "
            "driver's memory, and assumes the same two-trial search as here.", "",
            "| phase | fixed s | per 1M rows s (here) | 100M rows, cluster s | 1B rows, cluster s |", "|---|---|---|---|---|"]
    totals = {100_000_000: 0.0, 1_000_000_000: 0.0}
    shares = {}
    for k in names:
        xs = [int(r["rows"]) for r in run]
        ys = [phases(r).get(k, 0.0) for r in run]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = max(0.0, sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs))
        fixed = max(0.0, my - slope * mx)
        at = {n: fixed + slope * n / (CLUSTER_CORES / HERE_CORES) for n in totals}
        for n in totals:
            totals[n] += at[n]
        shares[k] = at[1_000_000_000]
        if max(ys) >= 0.5:
            out.append(f"| {k} | {fixed:.1f} | {slope * 1e6:.2f} | {at[100_000_000]:.0f} | {at[1_000_000_000]:.0f} |")
    top = max(shares, key=shares.get)
    out += [f"| **train** | | | **{totals[100_000_000]:.0f}** | **{totals[1_000_000_000]:.0f}** |", "",
            f"The phase that would dominate at 1B rows: **{top}** ({shares[top] / totals[1_000_000_000] * 100:.0f} % of the projected run)."]
notes = os.path.join(os.path.dirname(md_path), "scale-notes.md")
if os.path.exists(notes):
    out += ["", open(notes).read().rstrip()]
open(md_path, "w").write("\n".join(out) + "\n")
