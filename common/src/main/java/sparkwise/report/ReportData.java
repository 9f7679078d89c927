package sparkwise.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import sparkwise.TrialResult;

/**
 * Everything one run's report shows: the summary, profile and holdout diagnostics saved beside the
 * model, the run's trials from the {@code trials} table and its row of the {@code runs} table.
 *
 * @param evaluation holdout diagnostics ({@code sparkwise-evaluation.json}); null for runs made
 *     before they were kept
 * @param run the {@code runs} row's fields as text (absent fields omitted)
 */
public record ReportData(JsonNode summary, JsonNode profile, JsonNode evaluation, List<TrialResult> trials,
    Map<String, String> run) {}
