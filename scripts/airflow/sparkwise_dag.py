"""Sparkwise on Airflow: monitor -> retrain on drift (gated promotion) -> score, one spark-submit per step.

The steps talk through Sparkwise's exit codes (CONTRACT.md): 0 success, 2 bad usage/config,
3 bad input data, 4 registry conflict, 5 monitoring alert, 6 storage failure. A monitoring alert
(exit 5) does not fail the monitor task here: it is what starts the retrain (set the Variable
`sparkwise_retrain_always` to "true" to retrain on every run instead).

Set the Airflow Variables `sparkwise_jar` (the cluster jar on a path every worker can read),
`sparkwise_warehouse` (e.g. s3://bucket/sparkwise) and `sparkwise_master` (yarn, spark://..., k8s://...).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from airflow import DAG
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


def _retrain_wanted(**context) -> bool:
    """Retrain when monitor raised a drift alert (its exit 5), or always when the Variable says so."""
    if Variable.get("sparkwise_retrain_always", default_var="false") == "true":
        return True
    return context["ti"].xcom_pull(task_ids="monitor") == "drift"


with DAG(
    dag_id="sparkwise_churn",
    start_date=datetime(2026, 1, 1),
    schedule="@daily",
    catchup=False,
    default_args=default_args,
    tags=["sparkwise", "ml"],
) as dag:
    # The first version is trained once by hand and promoted:
    #   sparkwise train --data ... --label churned --register churn && sparkwise models promote churn:1 --alias champion
    monitor = BashOperator(
        task_id="monitor",
        # exit 5 = drift alert: recorded in the monitoring table, and the last line ("drift") tells the gate.
        bash_command=SUBMIT + f"monitor --model {MODEL}@champion --data s3://bucket/churn/daily/{{{{ ds }}}}/ "
        + WAREHOUSE + "; code=$?; if [ $code -eq 5 ]; then echo drift; elif [ $code -eq 0 ]; then echo stable; "
        "else exit $code; fi",
    )

    gate = ShortCircuitOperator(task_id="retrain_on_drift", python_callable=_retrain_wanted)

    retrain = BashOperator(
        task_id="retrain",
        # Warm-started from the champion's run; the candidate is registered as the next version and
        # compared with the champion on the same fresh holdout rows; the alias moves only when the
        # candidate wins by 0.002 (exit 0 "promoted" or "kept"; 4 when another job moved it meanwhile).
        bash_command=SUBMIT + f"retrain --model {MODEL}@champion --data s3://bucket/churn/training/ --budget 30m "
        "--promote-if-better 0.002 --run-id churn-{{ ds_nodash }}-{{ ti.try_number }} "
        f"--summary-json {SUMMARY} " + WAREHOUSE,
        execution_timeout=timedelta(hours=1),
    )

    score = BashOperator(
        task_id="score",
        bash_command=SUBMIT + f"score --model {MODEL}@champion --data s3://bucket/churn/daily/{{{{ ds }}}}/ "
        "--output s3://bucket/churn/scores/{{ ds }}/ " + WAREHOUSE,
        trigger_rule="none_failed",  # also when the gate skipped the retrain: the champion scores
    )

    monitor >> gate >> retrain >> score
