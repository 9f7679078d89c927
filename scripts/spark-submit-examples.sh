#!/usr/bin/env bash
# How Sparkwise runs under spark-submit. The jobs jar is shaded without Spark, Delta or Hadoop:
# the cluster provides them (Delta via --packages or the platform's runtime).
set -euo pipefail
JAR=spark-jobs/target/sparkwise-jobs-0.1.0-SNAPSHOT.jar
DELTA=io.delta:delta-spark_4.1_2.13:4.4.0
CONF=(--conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension
      --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog)

case "${1:-local}" in
  local)
    spark-submit --master 'local[*]' --packages "$DELTA" "${CONF[@]}" \
      --class sparkwise.jobs.Main "$JAR" \
      train --data data/churn.csv --label churned --budget 10m --warehouse /tmp/sparkwise-warehouse ;;
  standalone)
    spark-submit --master spark://127.0.0.1:7077 --packages "$DELTA" "${CONF[@]}" \
      --executor-memory 4g --total-executor-cores 8 \
      --class sparkwise.jobs.Main "$JAR" \
      train --data hdfs:///data/churn --label churned --budget 30m --warehouse hdfs:///sparkwise ;;
  yarn)
    spark-submit --master yarn --deploy-mode cluster --packages "$DELTA" "${CONF[@]}" \
      --driver-memory 8g --num-executors 10 --executor-memory 8g \
      --class sparkwise.jobs.Main "$JAR" \
      train --data s3://bucket/churn/ --label churned --budget 1h --warehouse s3://bucket/sparkwise \
        --summary-json summary.json ;;
  *) echo "usage: $0 local|standalone|yarn" >&2; exit 2 ;;
esac
