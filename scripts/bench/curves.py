"""Anytime curves of one bench-quality table: who is ahead at 30, 60, 120 and 300 s (scripts/bench-quality).

Usage: curves.py OUT.svg TABLE METRIC [sparkwise.err WALL TEST] [h2o.curve.csv WALL TEST] [TRAIN.csv LABEL]
(an empty file name leaves a system out). Sparkwise: the best cross-validated metric of the trials
finished by each moment, as its progress lines on stderr report it ("[sparkwise 24.2s] trial t0000
xgboost roc_auc=0.9230 (...) 0.2s | 3 done, best xgboost 0.9230 | ...": seconds since its JVM
started, best trial on all rows so far; older builds wrote "3/1000 done"), then its ensembles'
("[sparkwise 51.1s] ensemble_stacking of [...]: rmse=46439.6374 (...)"), written beside the picture
as its .sparkwise.csv, and its test metric at its wall time. A regressor searches by RMSE and the
page compares R²: with the training CSV and label given, RMSE becomes 1 - RMSE^2 / Var(label) (the
pooled R² over the training rows' variance; a fold's own R² differs slightly). H2O AutoML: the best
cross-validated metric of its leaderboard models finished by each moment, and the test metric of the
model it would have returned then (its best by cross-validation so far; H2O's own scoring). Seconds
count from each JVM's start.
"""
import csv, os, re, sys

PROGRESS = re.compile(r"^\[sparkwise\s+([\d.]+)s\] trial (\S+)\s+(\S+)\s+(\w+)=\S+.*\| \d+(?:/\d+)? done, best (\S+) (\S+) \|")
ENSEMBLE = re.compile(r"^\[sparkwise\s+([\d.]+)s\] (ensemble_\w+) of \[.*\]: (\w+)=(\S+)")

W, H, L, R, T, B = 680, 300, 60, 230, 30, 40
COLORS = {"Sparkwise": "#1f77b4", "H2O AutoML": "#d62728"}


def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def steps(points):
    """(seconds, value) of the best value so far, at each improvement."""
    out, best = [], None
    for s, v in sorted(points):
        if best is None or v > best:
            best = v
            out.append((s, v))
    return out


def label_variance(train, label):
    """Population variance of a numeric label column of a CSV (None when absent or not numeric)."""
    n, total, squares = 0, 0.0, 0.0
    with open(train, newline="") as f:
        for r in csv.DictReader(f):
            v = num(r.get(label))
            if v is not None:
                n, total, squares = n + 1, total + v, squares + v * v
    return (squares / n - (total / n) ** 2) if n > 1 else None


def on_page_scale(metric, line_metric, value, var):
    """A progress line's value in the page's metric (larger is better), or None when it has no such form."""
    v = num(value)
    if v is None or value == "NaN":
        return None
    if line_metric == metric:
        return v
    if line_metric == "rmse" and metric == "r2" and var:
        return 1 - v * v / var
    return None


def sparkwise_points(err, metric, var):
    """(rows for the .sparkwise.csv, (seconds, best value so far on the page's scale) points)."""
    rows, pts = [], []
    for line in open(err, errors="replace"):
        m = PROGRESS.match(line)
        if m:
            s, trial, family, line_metric, best_family, best = m.groups()
        elif m := ENSEMBLE.match(line):
            s, family, line_metric, best = m.groups()
            trial, best_family = "", family
        else:
            continue
        v = on_page_scale(metric, line_metric, best, var)
        rows.append([s, trial, family, line_metric, best_family, best, "" if v is None else f"{v:.6f}"])
        if v is not None:
            pts.append((num(s), v))
    return rows, pts


def leader_test(rows):
    """(seconds, test metric of the best model by CV so far), at each change of leader."""
    out, best = [], None
    for s, cv, test in sorted(rows):
        if cv is not None and test is not None and (best is None or cv > best):
            best = cv
            out.append((s, test))
    return out


def main():
    out, table, metric = sys.argv[1], sys.argv[2], sys.argv[3]
    rest = sys.argv[4:]
    series, finals = [], []
    var = label_variance(rest[6], rest[7]) if len(rest) >= 8 and rest[6] and metric == "r2" else None
    if len(rest) >= 3 and rest[0]:
        rows, pts = sparkwise_points(rest[0], metric, var)
        with open(os.path.splitext(out)[0] + ".sparkwise.csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["seconds", "trial", "family", "search_metric", "best_family", "best_cv_metric", f"best_cv_{metric}"])
            w.writerows(rows)
        kind = "cross-validated" + (" (R² from RMSE)" if var else "")
        series.append(("Sparkwise", kind, steps(pts), False))
        if num(rest[1]) is not None and num(rest[2]) is not None:
            finals.append(("Sparkwise", num(rest[1]), num(rest[2])))
    if len(rest) >= 6 and rest[3]:
        rows = [(num(r["seconds"]), num(r["cv_metric"]), num(r["test_metric"])) for r in csv.DictReader(open(rest[3]))]
        series.append(("H2O AutoML", "cross-validated", steps([(s, c) for s, c, _ in rows if c is not None]), False))
        series.append(("H2O AutoML", "test, leader so far", leader_test(rows), True))
        if num(rest[4]) is not None and num(rest[5]) is not None:
            finals.append(("H2O AutoML", num(rest[4]), num(rest[5])))
    values = [v for _, _, pts, _ in series for _, v in pts] + [v for _, _, v in finals]
    xs = [s for _, _, pts, _ in series for s, _ in pts] + [s for _, s, _ in finals]
    if not values:
        return
    xmax = max(60.0, max(xs) * 1.05)
    lo, hi = min(values), max(values)
    pad = max(1e-3, (hi - lo) * 0.1)
    lo, hi = lo - pad, hi + pad
    X = lambda s: L + (W - L - R) * s / xmax
    Y = lambda v: T + (H - T - B) * (hi - v) / (hi - lo)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="11">',
           f'<text x="{L}" y="16" font-size="13">{table}: {metric} over wall time (JVM start = 0)</text>',
           f'<rect x="{L}" y="{T}" width="{W - L - R}" height="{H - T - B}" fill="none" stroke="#999"/>']
    for mark in (30, 60, 120, 300, 600):
        if mark <= xmax:
            svg.append(f'<line x1="{X(mark):.1f}" y1="{T}" x2="{X(mark):.1f}" y2="{H - B}" stroke="#ddd"/>')
            svg.append(f'<text x="{X(mark):.1f}" y="{H - B + 14}" text-anchor="middle">{mark}s</text>')
    for v in (lo + pad, (lo + hi) / 2, hi - pad):
        svg.append(f'<text x="{L - 4}" y="{Y(v) + 4:.1f}" text-anchor="end">{v:.4f}</text>')
    legend_y = T + 10
    for name, kind, pts, dashed in series:
        if not pts:
            continue
        end = max([s for n, s, _v in finals if n == name] + [pts[-1][0]])
        path, last = [], None
        for s, v in pts:
            path.append(f"{X(s):.1f},{Y(last if last is not None else v):.1f} {X(s):.1f},{Y(v):.1f}")
            last = v
        path.append(f"{X(end):.1f},{Y(last):.1f}")
        dash = ' stroke-dasharray="5,3"' if dashed else ""
        svg.append(f'<polyline fill="none" stroke="{COLORS[name]}" stroke-width="1.5"{dash} points="{" ".join(path)}"/>')
        svg.append(f'<line x1="{W - R + 8}" y1="{legend_y}" x2="{W - R + 28}" y2="{legend_y}" stroke="{COLORS[name]}"{dash}/>')
        svg.append(f'<text x="{W - R + 32}" y="{legend_y + 4}">{name}, {kind}</text>')
        legend_y += 16
    for name, s, v in finals:
        svg.append(f'<circle cx="{X(s):.1f}" cy="{Y(v):.1f}" r="4" fill="{COLORS[name]}"/>')
        svg.append(f'<circle cx="{W - R + 18}" cy="{legend_y}" r="4" fill="{COLORS[name]}"/>')
        svg.append(f'<text x="{W - R + 32}" y="{legend_y + 4}">{name}, test {v:.4f}</text>')
        legend_y += 16
    svg.append("</svg>")
    open(out, "w").write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main()
