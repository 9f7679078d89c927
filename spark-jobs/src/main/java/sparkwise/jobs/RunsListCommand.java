package sparkwise.jobs;

import static org.apache.spark.sql.functions.col;

import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.tracking.Tables;

@Command(name = "list", mixinStandardHelpOptions = true, description = "Every run: status, task, best model, error.")
final class RunsListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    var runs = RunsShowCommand.table(common.warehouse, Tables.RUNS);
    TextTable t = new TextTable("run", "status", "started", "task", "label", "best", "cv", "error");
    if (runs != null) {
      for (Row r : runs.orderBy(col("started_at")).collectAsList()) {
        Double cv = r.getAs("cv_mean");
        t.row(r.getAs("run_id"), r.getAs("status"), r.getAs("started_at"), r.getAs("task"), r.getAs("label"),
            r.getAs("best_model"), cv == null ? null : String.format("%.4f", cv), r.getAs("error"));
      }
    }
    if (t.size() == 0) {
      spec.commandLine().getOut().println("no runs under " + common.warehouse);
      spec.commandLine().getOut().flush();
    } else {
      t.print(spec.commandLine().getOut());
    }
    return 0;
  }
}
