#!/usr/bin/env bash
# Runs train once per search strategy from a YAML config (search.strategy), on one table, and
# prints each run's trials and holdout metric. Usage:
#   scripts/examples/each-strategy.sh [DATA] [LABEL] [BUDGET] [WORKDIR]
#   (default ../shared/datasets/diabetes.csv, class, 90s, a temporary directory)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
data="${1:-$here/../shared/datasets/diabetes.csv}"
label="${2:-class}"
budget="${3:-90s}"
work="${4:-$(mktemp -d)}"
mkdir -p "$work"
for strategy in grid random bayesian genetic auto; do
  cat > "$work/$strategy.yaml" <<YAML
label: $label
budget: $budget
seed: 11
search:
  strategy: $strategy
YAML
  start=$(date +%s)
  "$here/scripts/sparkwise" train --config "$work/$strategy.yaml" --data "$data" --warehouse "$work/warehouse" \
    --summary-json "$work/$strategy.json" -q > /dev/null
  python3 - "$work/$strategy.json" "$strategy" "$(( $(date +%s) - start ))" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); m = s["metric"]
print(f"{sys.argv[2]:9} run {s['run_id']}: {s['trials']} trials, best {s['best_model']}, "
      f"holdout {m}={s['holdout'][m]:.4f}, wall {sys.argv[3]}s")
PY
done
echo "trials table: $work/warehouse/trials"
