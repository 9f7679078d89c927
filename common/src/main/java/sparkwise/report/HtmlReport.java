package sparkwise.report;

import static sparkwise.report.Html.esc;
import static sparkwise.report.Html.num;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sparkwise.TrialResult;

/**
 * Renders a run's report as one self-contained HTML page: inline CSS and SVG, no scripts, nothing
 * loaded from the network. Every value from the data is escaped.
 */
final class HtmlReport {
  private static final String CSS = """
      body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
      main{max-width:1180px;margin:0 auto;padding:24px}
      h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #ddd}
      .sub{color:#666}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
      .card{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:10px 14px;min-width:120px}
      .card b{display:block;font-size:18px}.card span{color:#666;font-size:12px}
      table{border-collapse:collapse;background:#fff;margin:8px 0;font-size:13px}
      th,td{border:1px solid #e3e3e3;padding:4px 8px;text-align:left;vertical-align:top}
      th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums}
      tr.best td{background:#eef6ee}.params{max-width:420px;word-break:break-word;color:#444;font-size:12px}
      .charts{display:flex;flex-wrap:wrap;gap:16px}.chart{background:#fff;border:1px solid #e3e3e3}
      .chart .title{font-size:13px;font-weight:600}.chart .tick{font-size:10px;fill:#555}
      .chart .axis{font-size:11px;fill:#333}.chart .legend{font-size:11px;fill:#333}
      .chart .cell{font-size:11px;fill:#222}.chart .cell.light{fill:#fff}
      .warn{color:#8a4b00}code{font-size:12px}
      """;

  private final ReportData d;
  private final JsonNode s;

  HtmlReport(ReportData data) {
    this.d = data;
    this.s = data.summary();
  }

  String render() {
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("style-src 'unsafe-inline'; img-src data:\">")
        .append("<title>Sparkwise run ").append(esc(text("run_id"))).append("</title><style>").append(CSS)
        .append("</style></head><body><main>");
    header(b);
    leaderboard(b);
    ensemble(b);
    searchTrace(b);
    holdout(b);
    importance(b);
    profile(b);
    lineage(b);
    b.append("<p class=\"sub\">Written by Sparkwise ").append(esc(d.run().getOrDefault("sparkwise_version", "")))
        .append(" for run <code>").append(esc(text("run_id"))).append("</code>, which can write it again.</p>")
        .append("</main></body></html>\n");
    return b.toString();
  }

  private void header(StringBuilder b) {
    b.append("<h1 id=\"summary\">Sparkwise run ").append(esc(text("run_id"))).append("</h1>")
        .append("<div class=\"sub\">").append(esc(text("task"))).append(" on <code>")
        .append(esc(s.path("input").path("path").asText())).append("</code>, label <code>")
        .append(esc(text("label"))).append("</code></div><div class=\"cards\">");
    card(b, "best model", text("best_model"));
    card(b, "CV " + text("metric"), num(s.path("cv").path("mean").asDouble(Double.NaN)) + " ± "
        + num(s.path("cv").path("std").asDouble(Double.NaN)));
    JsonNode h = s.path("holdout");
    card(b, "holdout " + text("metric"), num(h.path(text("metric")).asDouble(Double.NaN)));
    card(b, "rows", num(s.path("rows").asDouble()));
    card(b, "trials", text("trials"));
    card(b, "wall time", Html.seconds(s.path("wall_seconds").asDouble()));
    b.append("</div><table><tr><th>holdout metric</th><th>chosen model</th>");
    JsonNode single = s.path("best_single");
    boolean showSingle = single.isObject() && !single.path("family").asText().equals(text("best_model"));
    if (showSingle) {
      b.append("<th>best single model (").append(esc(single.path("family").asText())).append(")</th>");
    }
    b.append("</tr>");
    for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      b.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\">").append(num(e.getValue().asDouble()))
          .append("</td>");
      if (showSingle) {
        b.append("<td class=\"n\">").append(num(single.path("holdout").path(e.getKey()).asDouble(Double.NaN)))
            .append("</td>");
      }
      b.append("</tr>");
    }
    b.append("</table>");
  }

  private static void card(StringBuilder b, String label, String value) {
    b.append("<div class=\"card\"><b>").append(esc(value)).append("</b><span>").append(esc(label))
        .append("</span></div>");
  }

  private void leaderboard(StringBuilder b) {
    b.append("<h2 id=\"leaderboard\">Leaderboard</h2><table><tr><th>rank</th><th>model</th><th>family</th>")
        .append("<th>CV ").append(esc(text("metric"))).append("</th><th>± std</th><th>fit s</th><th>params</th></tr>");
    for (JsonNode e : s.path("leaderboard")) {
      b.append(e.path("rank").asInt() == 1 ? "<tr class=\"best\">" : "<tr>")
          .append("<td class=\"n\">").append(e.path("rank").asInt()).append("</td><td>")
          .append(esc(e.path("model").asText())).append("</td><td>").append(esc(e.path("family").asText()))
          .append("</td><td class=\"n\">").append(num(e.path("cv_metric").asDouble(Double.NaN)))
          .append("</td><td class=\"n\">").append(num(e.path("cv_std").asDouble(Double.NaN)))
          .append("</td><td class=\"n\">").append(num(e.path("fit_seconds").asDouble(Double.NaN)))
          .append("</td><td class=\"params\">").append(esc(e.path("params").toString())).append("</td></tr>");
    }
    b.append("</table>");
  }

  private void ensemble(StringBuilder b) {
    for (JsonNode e : s.path("leaderboard")) {
      if (!e.path("family").asText().startsWith("ensemble_")) {
        continue;
      }
      b.append("<h2 id=\"ensemble\">Ensemble ").append(esc(e.path("model").asText())).append(" (")
          .append(esc(e.path("family").asText())).append(")</h2>");
      String[] members = e.path("params").path("members").asText().split(", ");
      String weights = e.path("params").path("weights").asText();
      b.append("<table><tr><th>member</th><th>weight</th></tr>");
      String[] w = weights.split(", ");
      boolean numeric = w.length == members.length;
      double[] values = new double[members.length];
      for (int i = 0; i < members.length; i++) {
        values[i] = numeric ? parse(w[i]) : 0;
        b.append("<tr><td>").append(esc(members[i])).append("</td><td class=\"n\">")
            .append(esc(numeric ? w[i] : weights)).append("</td></tr>");
      }
      b.append("</table>");
      if (numeric) {
        b.append("<div class=\"charts\">").append(Svg.bars("Ensemble member weights", List.of(members), values))
            .append("</div>");
      }
      return; // the best-ranked ensemble
    }
  }

  private void searchTrace(StringBuilder b) {
    List<TrialResult> ok = d.trials().stream().filter(TrialResult::eligible).toList();
    b.append("<h2 id=\"search\">Search trace</h2><p class=\"sub\">").append(d.trials().size())
        .append(" trials, ").append(ok.size()).append(" finished; each dot is one trial's mean CV ")
        .append(esc(text("metric"))).append(", the line the best so far.</p>");
    if (ok.isEmpty()) {
      return;
    }
    boolean larger = !List.of("logloss", "rmse", "mae").contains(text("metric"));
    long t0 = Math.min(d.trials().stream().mapToLong(TrialResult::startedAtMillis).min().orElse(0),
        startedMillis());
    Map<String, List<double[]>> byFamily = new LinkedHashMap<>();
    Map<String, List<double[]>> byFamilyTime = new LinkedHashMap<>();
    List<double[]> best = new ArrayList<>();
    List<double[]> bestTime = new ArrayList<>();
    double bestSoFar = Double.NaN;
    List<TrialResult> inOrder = new ArrayList<>(ok);
    inOrder.sort(java.util.Comparator.comparingLong(TrialResult::endedAtMillis));
    for (int i = 0; i < inOrder.size(); i++) {
      TrialResult t = inOrder.get(i);
      double elapsed = (t.endedAtMillis() - t0) / 1000.0;
      byFamily.computeIfAbsent(t.candidate().family(), f -> new ArrayList<>()).add(new double[] {i + 1, t.mean()});
      byFamilyTime.computeIfAbsent(t.candidate().family(), f -> new ArrayList<>()).add(new double[] {elapsed, t.mean()});
      if (Double.isNaN(bestSoFar) || (larger ? t.mean() > bestSoFar : t.mean() < bestSoFar)) {
        bestSoFar = t.mean();
      }
      best.add(new double[] {i + 1, bestSoFar});
      bestTime.add(new double[] {elapsed, bestSoFar});
    }
    b.append("<div class=\"charts\">")
        .append(Svg.xy("CV " + text("metric") + " by trial", "trial (in order of finishing)", text("metric"),
            series(byFamily, best), null, null, false))
        .append(Svg.xy("CV " + text("metric") + " over time", "seconds since the run started", text("metric"),
            series(byFamilyTime, bestTime), null, null, false))
        .append("</div>");
  }

  private static List<Svg.Series> series(Map<String, List<double[]>> byFamily, List<double[]> best) {
    List<Svg.Series> out = new ArrayList<>();
    out.add(new Svg.Series("best so far", best.toArray(double[][]::new), "step"));
    byFamily.forEach((f, pts) -> out.add(new Svg.Series(f, pts.toArray(double[][]::new), "dots")));
    return out;
  }

  private void holdout(StringBuilder b) {
    JsonNode ev = d.evaluation();
    b.append("<h2 id=\"holdout\">Holdout</h2>");
    if (ev == null) {
      b.append("<p class=\"warn\">No holdout diagnostics were kept for this run.</p>");
      return;
    }
    b.append("<p class=\"sub\">").append(num(ev.path("rows").asDouble())).append(" rows never used in the search.</p>")
        .append("<div class=\"charts\">");
    if (ev.has("roc")) {
      b.append(Svg.xy("ROC curve", "false positive rate", "true positive rate",
          List.of(new Svg.Series("ROC-AUC " + num(s.path("holdout").path("roc_auc").asDouble(Double.NaN)),
              points(ev.get("roc")), "line")), new double[] {0, 1}, new double[] {0, 1}, true));
      b.append(Svg.xy("Precision–recall curve", "recall", "precision",
          List.of(new Svg.Series("PR-AUC " + num(s.path("holdout").path("pr_auc").asDouble(Double.NaN)),
              points(ev.get("pr")), "line")), new double[] {0, 1}, new double[] {0, 1}, false));
    }
    if (ev.has("confusion")) {
      JsonNode c = ev.get("confusion");
      List<String> labels = new ArrayList<>();
      c.path("labels").forEach(l -> labels.add(l.asText()));
      long[][] counts = new long[labels.size()][labels.size()];
      for (int i = 0; i < labels.size(); i++) {
        for (int j = 0; j < labels.size(); j++) {
          counts[i][j] = c.path("counts").path(i).path(j).asLong();
        }
      }
      b.append(Svg.heatmap("Confusion matrix", labels, counts));
    }
    if (ev.has("actual_predicted")) {
      double[][] ap = points(ev.get("actual_predicted"));
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      double[][] residuals = new double[ap.length][];
      for (int i = 0; i < ap.length; i++) {
        lo = Math.min(lo, Math.min(ap[i][0], ap[i][1]));
        hi = Math.max(hi, Math.max(ap[i][0], ap[i][1]));
        residuals[i] = new double[] {ap[i][1], ap[i][0] - ap[i][1]};
      }
      double[] r = ap.length == 0 ? null : new double[] {lo, hi};
      b.append(Svg.xy("Predicted versus actual", "actual", "predicted",
          List.of(new Svg.Series(ap.length + " holdout rows", ap, "dots")), r, r, true));
      b.append(Svg.xy("Residuals", "predicted", "actual − predicted",
          List.of(new Svg.Series(ap.length + " holdout rows", residuals, "dots")), null, null, false));
    }
    b.append("</div>");
  }

  private void importance(StringBuilder b) {
    JsonNode fi = d.evaluation() == null ? null : d.evaluation().get("feature_importance");
    if (fi == null || fi.path("features").isEmpty()) {
      return;
    }
    List<String> names = new ArrayList<>();
    double[] values = new double[fi.path("features").size()];
    int i = 0;
    for (JsonNode f : fi.path("features")) {
      names.add(f.path("name").asText());
      values[i++] = f.path("importance").asDouble();
    }
    b.append("<h2 id=\"importance\">Feature importance</h2><p class=\"sub\">")
        .append(esc(fi.path("source").asText())).append(", normalised to sum 1; top ").append(names.size())
        .append(".</p><div class=\"charts\">").append(Svg.bars("Feature importance", names, values)).append("</div>");
  }

  private void profile(StringBuilder b) {
    b.append("<h2 id=\"profile\">Data profile</h2>");
    JsonNode dropped = s.path("dropped_columns");
    if (!dropped.isEmpty()) {
      b.append("<table><tr><th>dropped column</th><th>reason</th></tr>");
      for (JsonNode c : dropped) {
        b.append("<tr><td>").append(esc(c.path("column").asText())).append("</td><td>")
            .append(esc(c.path("reason").asText())).append("</td></tr>");
      }
      b.append("</table>");
    }
    if (d.profile() == null) {
      return;
    }
    b.append("<p class=\"sub\">").append(num(d.profile().path("rows").asDouble())).append(" rows profiled.</p>")
        .append("<table><tr><th>column</th><th>type</th><th>kind</th><th>nulls</th><th>distinct</th><th>min</th>")
        .append("<th>mean</th><th>max</th><th>top values</th></tr>");
    for (JsonNode c : d.profile().path("columns")) {
      StringBuilder top = new StringBuilder();
      for (JsonNode t : c.path("top_categories")) {
        if (top.length() > 80) {
          top.append(" …");
          break;
        }
        top.append(top.length() == 0 ? "" : ", ").append(t.path("value").asText()).append(" (")
            .append(t.path("count").asLong()).append(')');
      }
      b.append("<tr><td>").append(esc(c.path("name").asText())).append("</td><td>")
          .append(esc(c.path("spark_type").asText())).append("</td><td>").append(esc(c.path("kind").asText()))
          .append("</td><td class=\"n\">").append(num(100 * c.path("null_fraction").asDouble())).append(" %</td>")
          .append("<td class=\"n\">").append(num(c.path("distinct").asDouble())).append("</td>")
          .append("<td class=\"n\">").append(c.has("min") ? num(c.get("min").asDouble()) : "").append("</td>")
          .append("<td class=\"n\">").append(c.has("mean") ? num(c.get("mean").asDouble()) : "").append("</td>")
          .append("<td class=\"n\">").append(c.has("max") ? num(c.get("max").asDouble()) : "").append("</td>")
          .append("<td class=\"params\">").append(esc(top)).append("</td></tr>");
    }
    b.append("</table>");
  }

  private void lineage(StringBuilder b) {
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("run id", text("run_id"));
    rows.put("status", d.run().get("status"));
    rows.put("started", d.run().get("started_at"));
    rows.put("ended", d.run().get("ended_at"));
    JsonNode in = s.path("input");
    rows.put("input", in.path("path").asText());
    rows.put("input format", in.path("format").asText());
    rows.put("input Delta version", in.path("delta_version").isNull() ? null : in.path("delta_version").asText());
    rows.put("input fingerprint", d.run().get("input_fingerprint"));
    rows.put("seed", text("seed"));
    rows.put("config hash", text("config_hash"));
    rows.put("model path", text("model_path"));
    JsonNode reg = s.path("registered");
    if (reg.isObject()) {
      rows.put("registered as", reg.path("name").asText() + ":" + reg.path("version").asText());
    }
    rows.put("Sparkwise", d.run().get("sparkwise_version"));
    rows.put("Spark", d.run().get("spark_version"));
    rows.put("Java", d.run().get("java_version"));
    b.append("<h2 id=\"lineage\">Lineage</h2><table>");
    rows.forEach((k, v) -> {
      if (v != null && !v.isEmpty()) {
        b.append("<tr><th>").append(esc(k)).append("</th><td><code>").append(esc(v)).append("</code></td></tr>");
      }
    });
    b.append("</table>");
    String config = d.run().get("config_json");
    if (config != null) {
      b.append("<details><summary>configuration</summary><pre>").append(esc(config)).append("</pre></details>");
    }
  }

  private long startedMillis() {
    String started = d.run().get("started_at_millis");
    return started == null ? Long.MAX_VALUE : Long.parseLong(started);
  }

  private String text(String field) {
    JsonNode n = s.path(field);
    return n.isMissingNode() || n.isNull() ? "" : n.asText();
  }

  private static double[][] points(JsonNode arr) {
    double[][] out = new double[arr.size()][];
    for (int i = 0; i < arr.size(); i++) {
      out[i] = new double[] {arr.get(i).get(0).asDouble(), arr.get(i).get(1).asDouble()};
    }
    return out;
  }

  private static double parse(String v) {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
