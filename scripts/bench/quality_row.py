"""One row of benchmarks/quality.csv from a table's result folder (scripts/bench-quality)."""
import csv, datetime, json, os, subprocess, sys

out_csv, folder, name, task, budget, train, test, invocation, seed, equal = sys.argv[1:11]
METRICS = {"binary": ("roc_auc", "logloss"), "multiclass": ("accuracy", "logloss"), "regression": ("r2", "rmse")}
metric, second = METRICS[task]


def load(f):
    p = os.path.join(folder, f)
    return json.load(open(p)) if os.path.exists(p) else {}


def text(f):
    p = os.path.join(folder, f)
    return open(p).read().strip() if os.path.exists(p) else ""


def seconds(system):
    s = text(system + ".seconds")
    return round(float(s), 1) if s else ""


def rows(path):
    with open(path) as f:
        return sum(1 for _ in f) - 1


def val(d, k):
    return round(d[k], 4) if k in d else ""


summary, ours, mllib, h2o_info, h2o = (load("sparkwise-summary.json"), load("sparkwise-test.json"), load("mllib.json"),
                                       load("h2o.json"), load("h2o-test.json"))
commit = subprocess.run(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "rev-parse", "--short", "HEAD"],
                        capture_output=True, text=True).stdout.strip()
ws, wh = seconds("sparkwise"), seconds("h2o")
equal_walls = "" if ws == "" or wh == "" else ("yes" if abs(ws - wh) <= 0.1 * max(ws, wh) else "no")
row = {"invocation": invocation, "table": name, "task": task, "metric": metric, "second_metric": second,
       "budget": budget, "equal_time": equal, "seed": seed, "train_rows": rows(train), "test_rows": rows(test),
       "sparkwise_budget_s": text("sparkwise.budget"), "sparkwise_load": text("sparkwise.load"),
       "sparkwise_model": summary.get("best_model", ""), "sparkwise_metric": val(ours, metric),
       "sparkwise_second": val(ours, second), "sparkwise_seconds": ws,
       "sparkwise_trials": summary.get("trials", ""),
       "mllib_load": text("mllib.load"), "mllib_model": mllib.get("family", ""), "mllib_metric": val(mllib, metric),
       "mllib_second": val(mllib, second), "mllib_seconds": seconds("mllib"), "mllib_param_maps": mllib.get("param_maps", ""),
       "h2o_load": text("h2o.load"), "h2o_model": h2o_info.get("algo", ""), "h2o_metric": val(h2o, metric),
       "h2o_second": val(h2o, second), "h2o_seconds": wh, "h2o_models": h2o_info.get("models", ""),
       "walls_within_10pct": equal_walls, "date": datetime.date.today().isoformat(), "commit": commit}
new = not os.path.exists(out_csv)
with open(out_csv, "a", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(row))
    if new:
        w.writeheader()
    w.writerow(row)
print(",".join(str(v) for v in row.values()))
