"""One CSV row of benchmarks/budget.csv from a train summary (or an empty row when the run failed)."""
import csv, json, sys

summary_path, date, commit, table, task, budget, load, wall, code = sys.argv[1:10]
secs = int(budget[:-1]) * (60 if budget.endswith("m") else 1)
row = [date, commit, table, task, secs, load, round(float(wall), 1)]
try:
    s = json.load(open(summary_path))
    metric = s["metric"]
    row += [round(s.get("wall_seconds", 0), 1), s.get("overrun_seconds", ""), s.get("trials", ""),
            s.get("final_fit", ""), metric, round(s["holdout"].get(metric, float("nan")), 4),
            " | ".join(c["phase"] + ": " + c["what"] for c in s.get("cuts", [])),
            json.dumps(s.get("phase_seconds", {}), separators=(",", ":")),
            json.dumps(s.get("phase_estimates", {}), separators=(",", ":")), code]
except (OSError, ValueError, KeyError):
    row += ["", "", "", "", "", "", "", "", "", code]
csv.writer(sys.stdout).writerow(row)
