"""Writes benchmarks/search.md from the raw rows of scripts/bench-search (benchmarks/search.csv)."""
import csv, datetime, os, platform, sys

rows = list(csv.DictReader(open(sys.argv[1])))
out = sys.argv[2]
mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
lines = ["# Search: Sparkwise versus plain MLlib CrossValidator", "",
         f"Measured with `scripts/bench-search` on {datetime.date.today()}: {os.cpu_count()} cores, "
         f"{mem:.0f} GiB, {platform.system()} {platform.machine()}, Java 17, Spark 4.1.0 local[*], seed 7. "
         "Raw rows: `benchmarks/search.csv`.", "",
         "Both sides run in one JVM per table, after a warm-up, on the same rows: the same 20 % holdout, the same "
         "folds (CrossValidator's `foldCol` is Sparkwise's fold column) and the same preprocessing stages "
         "(Sparkwise's feature plan, which CrossValidator refits inside the Pipeline for every param map and "
         "fold). CrossValidator: one per family over the usual grid (logistic/linear regression regParam "
         "0.001/0.01/0.1; random forest 50 trees depth 8/12; GBT 40 iterations depth 4/6; XGBoost 200 rounds "
         "depth 4/6), `parallelism` 2, best family by CV metric, its refitted model on the holdout. Sparkwise: "
         "`train` with the default `auto` search (successive halving when the folds are large enough, TPE "
         "proposals, early stopping) and ensembles, the whole run timed (profiling, search, refit, holdout, "
         "saving, Delta tables, report).", "",
         "Sparkwise's time is given twice: the whole run with its budget, and the time it had its final model "
         "(the end of the trial that became the model, or of the last member of the chosen ensemble, plus "
         "everything after the search: refit, holdout, saving, tables, report): a run whose budget ended there "
         "returns the same model. The time ratio is CrossValidator's seconds over the latter (over the former "
         "in brackets).", "",
         "| table | rows | metric | CrossValidator: maps, best, holdout, seconds | Sparkwise: budget, model, holdout, seconds to the final model (whole run), trials | time ratio | holdout difference |",
         "|---|---|---|---|---|---|---|"]
for r in rows:
    cs, ss = float(r["cv_seconds"]), float(r["sparkwise_seconds"])
    reach = float(r.get("sparkwise_reach_seconds") or ss)
    ch, sh = float(r["cv_holdout"]), float(r["sparkwise_holdout"])
    diff = sh - ch
    lines.append(f"| {r['table']} | {int(r['rows']):,} | {r['metric']} | {r['cv_param_maps']} maps x {r['folds']} folds, "
                 f"{r['cv_best_family']}, {ch:.4f}, {cs:.0f} s | {r['sparkwise_budget']}, {r['sparkwise_model']}, "
                 f"{sh:.4f}, {reach:.0f} s ({ss:.0f} s), {r['sparkwise_trials']} ({r['sparkwise_full_trials']} on all "
                 f"rows) | {cs / reach:.1f}x ({cs / ss:.1f}x) | {diff:+.4f} |")
notes = sys.argv[3] if len(sys.argv) > 3 else None
if notes and os.path.exists(notes):
    lines += ["", open(notes).read().strip()]
open(out, "w").write("\n".join(lines) + "\n")
print("wrote", out)
