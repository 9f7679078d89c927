package sparkwise.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/** The report's HTML without Spark: escaping, regression plots, and values that break naive pages. */
class HtmlReportTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final String EVIL = "<script>alert('x')</script>&\"";

  private static JsonNode json(String text) throws Exception {
    return M.readTree(text.replace('\'', '"'));
  }

  @Test
  void everyDataValueIsEscaped() throws Exception {
    JsonNode summary = M.createObjectNode()
        .put("run_id", "r1").put("task", "regression").put("label", EVIL).put("metric", "rmse")
        .put("best_model", "gbt").put("rows", 100).put("trials", 2).put("wall_seconds", 12.5)
        .put("seed", 1).put("config_hash", "abc").put("model_path", "/m")
        .<com.fasterxml.jackson.databind.node.ObjectNode>set("holdout", json("{'rmse': 1.5, 'r2': 0.9, 'mae': 1.0}"))
        .<com.fasterxml.jackson.databind.node.ObjectNode>set("cv", json("{'mean': 1.6, 'std': 0.1}"))
        .<com.fasterxml.jackson.databind.node.ObjectNode>set("input", json("{'path': '/d.csv', 'format': 'csv'}"))
        .<com.fasterxml.jackson.databind.node.ObjectNode>set("leaderboard", M.createArrayNode().add(
            M.createObjectNode().put("rank", 1).put("model", "t0000").put("family", "gbt")
                .put("cv_metric", 1.6).put("cv_std", 0.1).put("fit_seconds", 2.0)
                .set("params", M.createObjectNode().put("note", EVIL))))
        .set("dropped_columns", M.createArrayNode().add(M.createObjectNode().put("column", EVIL)
            .put("reason", "an ID")));
    JsonNode profile = M.createObjectNode().put("rows", 100).set("columns", M.createArrayNode().add(
        M.createObjectNode().put("name", EVIL).put("spark_type", "string").put("kind", "categorical")
            .put("null_fraction", 0.0).put("distinct", 3)
            .set("top_categories", M.createArrayNode().add(M.createObjectNode().put("value", EVIL).put("count", 5)))));
    JsonNode evaluation = json("{'task': 'regression', 'rows': 3, 'actual_predicted': [[1, 1.1], [2, 1.8], [3, 3.3]],"
        + " 'feature_importance': {'source': 'tree split importance', 'features': [{'name': 'x<y', 'importance': 1}]}}");
    TrialResult t1 = new TrialResult(new Candidate(0, "gbt", Map.of()), "trees", TrialResult.Status.OK,
        List.of(1.6), 1.6, 0.1, 2.0, 1_000, 3_000, null);
    TrialResult t2 = new TrialResult(new Candidate(1, "linear_regression", Map.of()), "linear",
        TrialResult.Status.FAILED, List.of(), Double.NaN, Double.NaN, 0, 3_000, 4_000, EVIL);
    String html = new HtmlReport(new ReportData(summary, profile, evaluation, List.of(t1, t2),
        Map.of("status", "completed", "started_at_millis", "0", "config_json", EVIL))).render();

    assertFalse(html.contains("<script"), "no raw script tag anywhere");
    assertFalse(html.contains(EVIL), "no unescaped value");
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"), "escaped values remain");
    assertTrue(html.contains("Predicted versus actual") && html.contains("Residuals"), "regression plots");
    assertTrue(html.contains("x&lt;y"), "feature names escaped");
    assertEquals(1, count(html, "<!DOCTYPE html>"));
    assertTrue(count(html, "<svg") >= 5, "trace (2), predicted/actual, residuals, importance");
  }

  @Test
  void ticksAreRoundAndCoverTheRange() {
    double[] t = Svg.ticks(0.61, 0.97);
    assertTrue(t.length >= 3 && t.length <= 8, java.util.Arrays.toString(t));
    assertTrue(t[0] >= 0.61 && t[t.length - 1] <= 0.97);
    assertEquals("0.7", Html.tick(0.7000000001));
    assertEquals("40", Html.tick(40.0));
  }

  private static int count(String s, String part) {
    return s.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }
}
