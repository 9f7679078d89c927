package sparkwise.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The scheduler and notebook examples we ship: they parse, compile and call real commands. */
class ShippedExamplesTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final ObjectMapper M = new ObjectMapper();

  @Test
  void databricksAndEmrSpecsParseAndRunTheMainClass() throws Exception {
    JsonNode job = M.readTree(ROOT.resolve("scripts/databricks/sparkwise-train-job.json").toFile());
    assertTrue(job.path("tasks").size() >= 1);
    for (JsonNode t : job.path("tasks")) {
      assertEquals("sparkwise.jobs.Main", t.path("spark_jar_task").path("main_class_name").asText());
      assertParses(t.path("spark_jar_task").path("parameters"));
    }
    JsonNode steps = M.readTree(ROOT.resolve("scripts/emr/sparkwise-steps.json").toFile());
    assertTrue(steps.isArray() && steps.size() >= 1);
    for (JsonNode s : steps) {
      List<String> args = M.convertValue(s.path("HadoopJarStep").path("Args"), List.class);
      assertTrue(args.contains("sparkwise.jobs.Main"), args.toString());
      int jar = args.indexOf("sparkwise.jobs.Main") + 1;
      assertParses(M.valueToTree(args.subList(jar + 1, args.size())));
    }
  }

  /** The command line in a spec is one the CLI accepts (parsed, not run). */
  private static void assertParses(JsonNode params) {
    String[] args = M.convertValue(params, String[].class);
    Main.commandLine().parseArgs(args);
  }

  @Test
  void theNotebookIsValidWithCodeOverTheDeltaTables() throws Exception {
    JsonNode nb = M.readTree(ROOT.resolve("notebooks/sparkwise-runs.ipynb").toFile());
    assertEquals(4, nb.path("nbformat").asInt());
    String code = "";
    for (JsonNode c : nb.path("cells")) {
      assertTrue(List.of("code", "markdown").contains(c.path("cell_type").asText()));
      if (c.path("cell_type").asText().equals("code")) {
        for (JsonNode line : c.path("source")) {
          code += line.asText();
        }
      }
    }
    for (String table : List.of("runs", "trials", "leaderboard", "models", "aliases", "monitoring")) {
      assertTrue(code.contains("/" + table + "')"), "the notebook reads " + table);
    }
  }

  @Test
  void theAirflowDagCompiles() throws Exception {
    Path dag = ROOT.resolve("scripts/airflow/sparkwise_dag.py");
    String text = Files.readString(dag);
    assertTrue(text.contains("retrain --model") && text.contains("--promote-if-better") && text.contains("monitor --model"));
    Path python = Path.of("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python), "python3 is not installed");
    Path out = Files.createTempFile("dag", ".pyc");
    Process p = new ProcessBuilder(python.toString(), "-c",
        "import py_compile,sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
        dag.toString(), out.toString()).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
  }
}
