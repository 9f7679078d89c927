"""Sparkwise on Airflow: train -> gated promote -> score -> monitor, one spark-submit per step.

The steps talk through Sparkwise's exit codes (CONTRACT.md): 0 success, 2 bad usage/config,
3 bad input data, 4 registry conflict, 5 monitoring alert, 6 storage failure. A monitoring alert
(exit 5) fails only the monitor task, so the scores already written stay and the alert is visible.

Set the Airflow Variables `sparkwise_jar` (the cluster jar on a path every worker can read),
`sparkwise_warehouse` (e.g. s3://bucket/sparkwise) and `sparkwise_master` (yarn, spark://..., k8s://...).
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowSkipException
from airflow.models import Variable
from airflow.operators.bash import BashOperator
from airflow.operators.python import ShortCircuitOperator

MODEL = "churn"
DELTA = "io.delta:delta-spark_4.1_2.13:4.4.0"

SUBMIT = (
    "spark-submit --master {{ var.value.sparkwise_master }} --deploy-mode client "
    f"--packages {DELTA} "
    "--conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension "
    "--conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog "
    "--class sparkwise.jobs.Main {{ var.value.sparkwise_jar }} "
)
WAREHOUSE = "--warehouse {{ var.value.sparkwise_warehouse }} --log-format json"
SUMMARY = "/tmp/sparkwise-{{ ds_nodash }}-summary.json"

default_args = {"retries": 1, "retry_delay": timedelta(minutes=5)}


def _better_than_champion(**context) -> bool:
    """Promote only when the new version's holdout metric beats the champion's (the gate)."""
    summary = json.load(open(SUMMARY.replace("{{ ds_nodash }}", context["ds_nodash"])))
    metric = summary["metric"]
    new = summary["holdout"][metric]
    champion = Variable.get("sparkwise_churn_champion_metric", default_var=None)
    larger_is_better = metric not in ("logloss", "rmse", "mae")
    if champion is None:
        return True
    old = float(champion)
    return new > old if larger_is_better else new < old


with DAG(
    dag_id="sparkwise_churn",
    start_date=datetime(2026, 1, 1),
    schedule="@weekly",
    catchup=False,
    default_args=default_args,
    tags=["sparkwise", "ml"],
) as dag:
    train = BashOperator(
        task_id="train",
        # First attempt starts run churn-<date>; a retry (ti.try_number > 1) resumes it, keeping the
        # trials already finished.
        bash_command=SUBMIT + "train --data s3://bucket/churn/training/ --label churned --budget 30m "
        f"--register {MODEL} "
        "{{ '--resume' if ti.try_number > 1 else '--run-id' }} churn-{{ ds_nodash }} "
        f"--summary-json {SUMMARY} " + WAREHOUSE,
        execution_timeout=timedelta(hours=1),
    )

    gate = ShortCircuitOperator(task_id="better_than_champion", python_callable=_better_than_champion)

    promote = BashOperator(
        task_id="promote",
        bash_command=SUBMIT + "models promote "
        + MODEL + ":$(python3 -c \"import json;print(json.load(open('" + SUMMARY + "'))['registered']['version'])\")"
        " --alias champion " + WAREHOUSE,
    )

    score = BashOperator(
        task_id="score",
        bash_command=SUBMIT + f"score --model {MODEL}@champion --data s3://bucket/churn/daily/{{{{ ds }}}}/ "
        "--output s3://bucket/churn/scores/{{ ds }}/ " + WAREHOUSE,
        trigger_rule="none_failed",  # also when the gate kept the old champion
    )

    monitor = BashOperator(
        task_id="monitor",
        bash_command=SUBMIT + f"monitor --model {MODEL}@champion --data s3://bucket/churn/daily/{{{{ ds }}}}/ "
        + WAREHOUSE,
        # exit 5 = drift alert: the task fails (and alerts), nothing upstream is undone.
    )

    train >> gate >> promote >> score >> monitor
