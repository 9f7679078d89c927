package sparkwise.jobs;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sparkwise.Errors;
import sparkwise.registry.AliasMove;
import sparkwise.registry.ModelRegistry;
import sparkwise.registry.ModelVersion;

@Command(name = "history", mixinStandardHelpOptions = true,
    description = "Every version of a model and every alias move: when, who, from, to.")
final class ModelsHistoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "NAME", description = "The model name.")
  String name;

  private record Event(Timestamp at, String who, String what, String from, String to, String detail) {}

  @Override
  public Integer call() {
    ModelRegistry registry = new ModelRegistry(SparkSessions.get(), common.warehouse);
    List<ModelVersion> versions = registry.versions(name);
    if (versions.isEmpty()) {
      throw Errors.config("NAME", "'" + name + "' is not registered; registered: " + registry.names());
    }
    List<Event> events = new ArrayList<>();
    for (ModelVersion v : versions) {
      events.add(new Event(v.registeredAt(), v.registeredBy(), "register", null, "v" + v.version(),
          "run " + v.runId() + ", " + v.bestModel() + ", cv " + v.metric() + " "
              + (v.cvMean() == null ? "-" : String.format("%.4f", v.cvMean()))));
    }
    for (AliasMove m : registry.moves(name)) {
      events.add(new Event(m.changedAt(), m.changedBy(), m.action() + " @" + m.alias(),
          m.previousVersion() == null ? null : "v" + m.previousVersion(), "v" + m.version(), "move " + m.seq()));
    }
    events.sort(Comparator.comparing(Event::at));
    TextTable t = new TextTable("when", "who", "what", "from", "to", "detail");
    events.forEach(e -> t.row(e.at(), e.who(), e.what(), e.from(), e.to(), e.detail()));
    t.print(spec.commandLine().getOut());
    return 0;
  }
}
