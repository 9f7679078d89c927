"""Writes benchmarks/search.md from the raw rows of scripts/bench-search (benchmarks/search.csv).

Usage: search_md.py SEARCH.csv SEARCH.md [NOTES.md] [INVOCATION]
With INVOCATION, only that invocation's rows: one row per table over its seeds (mean, ± half the
range) and the breakdown of Sparkwise's variants on the first seed. Without it (rows from before
invocations were recorded), one line per raw row as before."""
import csv, datetime, os, platform, statistics, sys

rows = list(csv.DictReader(open(sys.argv[1])))
out = sys.argv[2]
notes = sys.argv[3] if len(sys.argv) > 3 else None
invocation = sys.argv[4] if len(sys.argv) > 4 else None
mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30

VARIANTS = {
    "default": "all on (the default `auto` search)",
    "distributed": "no task engine (`search.engine: distributed`): every fit is Spark jobs",
    "no_halving": "no successive halving (`search.halving: false`; portfolio start and TPE kept)",
    "no_portfolio": "TPE alone (`search.strategy: bayesian`: no portfolio start, no halving)",
    "no_early_stopping": "no early stopping of boosting (`search.early_stopping: false`)",
    "no_pruning": "no pruning of trials behind the best (`search.pruning: false`)",
    "no_fold_cache": "no fold cache (`search.fold_cache: false`): every trial prepares its folds, as CrossValidator does",
}


def f(r, k):
    return float(r[k])


def reach(r):
    return float(r.get("sparkwise_reach_seconds") or r["sparkwise_seconds"])


def spread(xs):
    """Half the range over seeds: what a cell shows after its mean as ±."""
    return (max(xs) - min(xs)) / 2 if len(xs) > 1 else 0.0


def mean_pm(xs, fmt):
    m = statistics.mean(xs)
    return (fmt.format(m) + (" ±" + fmt.format(spread(xs)) if len(xs) > 1 else ""))


setup = ("Both sides run in one JVM per table and seed, warmed up first (a short `train` on 2,000 rows): JVM "
         "and Spark start are counted on neither side. They use the same rows: the same 20 % holdout, the same "
         "folds (CrossValidator's `foldCol` is Sparkwise's fold column) and the same preprocessing stages "
         "(Sparkwise's feature plan, which CrossValidator refits inside the Pipeline for every param map and "
         "fold). CrossValidator: one per family over the usual grid (logistic/linear regression regParam "
         "0.001/0.01/0.1; random forest 50 trees depth 8/12; GBT 40 iterations depth 4/6; XGBoost 200 rounds "
         "depth 4/6), `parallelism` 2, best family by CV metric, its refitted model scored on the holdout; its "
         "timed window holds those fits and that scoring only (the profile, split and feature plan it is given "
         "are prepared before it). Sparkwise: `train` with the default `auto` search (successive halving when "
         "the folds are large enough, TPE proposals after a portfolio, early stopping) and ensembles, the whole "
         "run timed (profiling, search, refit, holdout, final fit, saving, Delta tables, report).")
reach_text = ("Sparkwise's time is given twice: the time it had its final model (the end of the trial that became "
              "the model, or of the last member of the chosen ensemble, plus everything after the search) and, in "
              "brackets, the whole run with its budget. The time ratio is CrossValidator's seconds over the former.")

if not invocation:
    lines = ["# Search: Sparkwise versus plain MLlib CrossValidator", "",
             f"Measured with `scripts/bench-search` on {datetime.date.today()}: {os.cpu_count()} cores, "
             f"{mem:.0f} GiB, {platform.system()} {platform.machine()}, Java 17, Spark 4.1.0 local[*], seed 7. "
             "Raw rows: `benchmarks/search.csv`.", "", setup, "", reach_text, "",
             "| table | rows | metric | CrossValidator: maps, best, holdout, seconds | Sparkwise: budget, model, holdout, seconds to the final model (whole run), trials | time ratio | holdout difference |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        cs, ss = f(r, "cv_seconds"), f(r, "sparkwise_seconds")
        ch, sh = f(r, "cv_holdout"), f(r, "sparkwise_holdout")
        lines.append(f"| {r['table']} | {int(r['rows']):,} | {r['metric']} | {r['cv_param_maps']} maps x {r['folds']} folds, "
                     f"{r['cv_best_family']}, {ch:.4f}, {cs:.0f} s | {r['sparkwise_budget']}, {r['sparkwise_model']}, "
                     f"{sh:.4f}, {reach(r):.0f} s ({ss:.0f} s), {r['sparkwise_trials']} ({r['sparkwise_full_trials']} on all "
                     f"rows) | {cs / reach(r):.1f}x ({cs / ss:.1f}x) | {sh - ch:+.4f} |")
else:
    mine = [r for r in rows if r.get("invocation") == invocation]
    tables = list(dict.fromkeys(r["table"] for r in mine))
    seeds = sorted({r["seed"] for r in mine}, key=int)
    commit = invocation.rsplit("-", 1)[-1]
    dates = sorted({r["date"] for r in mine})
    main, breakdown, verdict_rows = [], [], []
    for t in tables:
        d = [r for r in mine if r["table"] == t and r["variant"] == "default"]
        if not d:
            continue
        cs = [f(r, "cv_seconds") for r in d]
        ratios = [f(r, "cv_seconds") / reach(r) for r in d]
        diffs = [f(r, "sparkwise_holdout") - f(r, "cv_holdout") for r in d]
        # The rule quality.md applies: a difference within the larger of the two sides' ranges is a tie.
        noise = 2 * max(spread([f(r, "cv_holdout") for r in d]), spread([f(r, "sparkwise_holdout") for r in d]))
        m = statistics.mean(diffs)
        verdict = "tie" if abs(m) <= noise and noise > 0 else ("ahead" if m > 0 else "behind")
        whole = [f(r, "cv_seconds") / f(r, "sparkwise_seconds") for r in d]
        verdict_rows.append((t, statistics.mean(ratios), verdict, min(whole), max(whole)))
        main.append(f"| {t} | {int(d[0]['rows']):,} | {d[0]['metric']} | {len(d)} | "
                    f"{d[0]['cv_param_maps']} maps x {d[0]['folds']} folds, "
                    f"{mean_pm([f(r, 'cv_holdout') for r in d], '{:.4f}')}, {mean_pm(cs, '{:.0f}')} s | "
                    f"{d[0]['sparkwise_budget']}, {mean_pm([f(r, 'sparkwise_holdout') for r in d], '{:.4f}')}, "
                    f"{mean_pm([reach(r) for r in d], '{:.0f}')} s ({mean_pm([f(r, 'sparkwise_seconds') for r in d], '{:.0f}')} s), "
                    f"{mean_pm([f(r, 'sparkwise_trials') for r in d], '{:.0f}')} trials | "
                    f"{min(ratios):.1f}-{max(ratios):.1f}x | {m:+.4f} ({verdict}) |")
        first = min(seeds, key=int)
        for r in [r for r in mine if r["table"] == t and r["seed"] == first]:
            breakdown.append(f"| {t} | {VARIANTS.get(r['variant'], r['variant'])} | {r['sparkwise_trials']} "
                             f"({r['sparkwise_full_trials']} single model{'' if r['sparkwise_full_trials'] == '1' else 's'} ranked on all rows) | {r['sparkwise_model']} | "
                             f"{f(r, 'sparkwise_holdout'):.4f} | {reach(r):.0f} s ({f(r, 'sparkwise_seconds'):.0f} s) | "
                             f"{f(r, 'cv_seconds') / reach(r):.1f}x |")
    ratio_text = ", ".join(f"{t} {x:.1f}x, whole run {lo:.1f}-{hi:.1f}x ({v})" for t, x, v, lo, hi in verdict_rows)
    slower = [f"{t} ({x:.1f}x)" for t, x, v, lo, hi in verdict_rows if x < 1]
    pairs = [r for r in mine if r["variant"] == "default"]
    variants_seen = {r["variant"] for r in mine}
    higher = sum(f(r, "sparkwise_holdout") > f(r, "cv_holdout") for r in pairs)
    ratio_text += (f". Sparkwise is slower than CrossValidator on {', '.join(slower)}" if slower else "") + (
        f". Seed by seed (same rows and folds on both sides), Sparkwise's holdout is higher on {higher} of "
        f"{len(pairs)} (table, seed) pairs")
    lines = ["# Search: Sparkwise versus plain MLlib CrossValidator", "",
             f"**Verdict** (invocation `{invocation}`, Sparkwise at {commit}, seeds {', '.join(seeds)}): mean time "
             f"ratio CrossValidator / Sparkwise's time to its final model, the range of CrossValidator / Sparkwise's "
             f"whole run, and the holdout verdict per table: {ratio_text}. "
             "A holdout difference within the larger of the two sides' ranges over the seeds counts as a tie, as in `quality.md`.", "",
             f"Command: `scripts/bench-search` ({', '.join(dates)}): {os.cpu_count()} cores, {mem:.0f} GiB, "
             f"{platform.system()} {platform.machine()}, Java 17, Spark 4.1.0 local[*]. Raw rows: "
             "`benchmarks/search.csv` (column `invocation`). Each seed drives the split, the folds and both "
             "sides' models; the table's rows stay the same.", "", setup, "", reach_text,
             " Cells over seeds: the mean ± half the range.", "",
             "| table | rows | metric | seeds | CrossValidator: maps, holdout, seconds | Sparkwise: budget, holdout, "
             "seconds to the final model (whole run), trials | time ratio (range) | holdout difference |",
             "|---|---|---|---|---|---|---|---|", *main, "",
             f"## Where the speed-up comes from (seed {min(seeds, key=int)})", "",
             "Sparkwise again on the same rows and seed with one mechanism switched off by configuration; "
             "CrossValidator's seconds are the same run's." + ("" if "no_fold_cache" in variants_seen else
             " The fold cache is not measured apart in this invocation."), "",
             "| table | Sparkwise with | trials | model | holdout | seconds to the final model (whole run) | time ratio |",
             "|---|---|---|---|---|---|---|", *breakdown]
if notes and os.path.exists(notes):
    lines += ["", open(notes).read().strip()]
open(out, "w").write("\n".join(lines) + "\n")
print("wrote", out)
