package sparkwise.data;

import static org.apache.spark.sql.functions.expr;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A deterministic, churn-like example table generated with Spark (no row ever sits on the
 * driver): numerics, low- and high-cardinality categoricals, missing values, a date, a row ID,
 * a constant column and one column that leaks the label. The label is {@code churned}.
 */
public final class DemoData {
  public static final String LABEL = "churned";

  private DemoData() {}

  public static Dataset<Row> generate(SparkSession spark, long rows, long seed) {
    int partitions = (int) Math.max(2, Math.min(400, rows / 250_000));
    Dataset<Row> base = spark.range(0, rows, 1, partitions).toDF("id");
    Dataset<Row> df = base.select(
        expr("id"),
        u(seed, 1).as("u1"), u(seed, 2).as("u2"), u(seed, 3).as("u3"), u(seed, 4).as("u4"),
        u(seed, 5).as("u5"), u(seed, 6).as("u6"), u(seed, 7).as("u7"), u(seed, 8).as("u8"),
        u(seed, 9).as("u9"), u(seed, 10).as("u10"), u(seed, 11).as("u11"), u(seed, 12).as("u12"),
        u(seed, 13).as("u13"), u(seed, 14).as("u14"));
    df = df.selectExpr(
        "*",
        "CASE WHEN u3 < 0.55 THEN 'month-to-month' WHEN u3 < 0.80 THEN 'one_year' ELSE 'two_year' END AS contract",
        "CAST(floor(u2 * 73) AS INT) AS tenure_months",
        "round(20 + u4 * 100, 2) AS monthly_charges",
        "CAST(floor(-ln(1 - u5) * 1.6) AS INT) AS support_calls",
        // A Zipf-like draw over 400 cities: a few big ones, a long tail.
        "concat('city_', lpad(CAST(floor(pow(u6, 2.2) * 400) AS STRING), 3, '0')) AS city");
    Column noise = expr("(u7 + u8 + u9 - 1.5) * 2.0");
    df = df.withColumn("logit", expr(
        "-1.6 + CASE contract WHEN 'month-to-month' THEN 1.3 WHEN 'two_year' THEN -0.9 ELSE 0.0 END"
            + " - 0.035 * tenure_months + 0.018 * (monthly_charges - 70) + 0.45 * support_calls"
            + " + CASE WHEN pmod(xxhash64(city), 5) = 0 THEN 0.9 ELSE 0.0 END").plus(noise));
    df = df.withColumn(LABEL, expr("CASE WHEN logit > 0 THEN 'yes' ELSE 'no' END"));
    return df.selectExpr(
        "concat('C', lpad(CAST(id AS STRING), 9, '0')) AS customer_id",
        "date_add(DATE'2019-01-01', CAST(floor(u1 * 1800) AS INT)) AS signup_date",
        "CASE WHEN u10 < 0.03 THEN NULL ELSE CAST(18 + floor(u11 * 62) AS INT) END AS age",
        "tenure_months",
        "monthly_charges",
        "CASE WHEN u12 < 0.05 THEN NULL ELSE round(tenure_months * monthly_charges * (0.9 + 0.2 * u13), 2) END AS total_charges",
        "contract",
        "CASE WHEN u13 < 0.4 THEN 'card' WHEN u13 < 0.7 THEN 'bank_transfer' WHEN u13 < 0.9 THEN 'check'"
            + " WHEN u13 < 0.98 THEN 'voucher' ELSE NULL END AS payment_method",
        "city",
        "support_calls",
        "u5 > 0.5 AS paperless_billing",
        "'US' AS country",
        // Leaks the label: the offer is sent after the customer announced leaving.
        "CASE WHEN churned = 'yes' THEN u14 < 0.985 ELSE u14 < 0.004 END AS retention_offer_sent",
        LABEL);
  }

  /** A uniform [0, 1) draw that depends only on (seed, row id, stream), not on partitioning. */
  private static Column u(long seed, int stream) {
    return expr("pmod(xxhash64(id, CAST(" + seed + " AS BIGINT), " + stream + "), 1000000007) / 1000000007.0");
  }
}
