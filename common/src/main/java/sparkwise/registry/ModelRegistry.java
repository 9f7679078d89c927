package sparkwise.registry;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkwise.Errors;
import sparkwise.Parameter;
import sparkwise.tracking.DeltaWrites;
import sparkwise.tracking.Tables;

/**
 * The model registry: Delta tables {@code models} (one row per version) and {@code aliases} (every
 * alias move, append-only) under the warehouse. No server: every change is apply/commit — read
 * the current state, validate the change against it, then commit a row whose key (name and
 * version, or name, alias and move number) is new. The commit is a MERGE that inserts only when
 * the key is still free, so a concurrent change either makes Delta reject ours (its conflict
 * check) or leaves nothing to insert; both re-read, re-validate and retry with back-off, and a
 * race lost too often is a conflict error with nothing written.
 */
public final class ModelRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
  static final int ATTEMPTS = 8;

  private final SparkSession spark;
  private final String models;
  private final String aliases;

  public ModelRegistry(SparkSession spark, String warehouse) {
    this.spark = spark;
    this.models = new Path(warehouse, Tables.MODELS).toString();
    this.aliases = new Path(warehouse, Tables.ALIASES).toString();
  }

  /**
   * Adds {@code draft} as the next version of {@code name}; returns it with its version. A run's
   * model is registered once: the version an earlier attempt of the same run registered (same run
   * and model path) is returned as it is, so a resumed run does not register it twice.
   */
  public ModelVersion register(String name, ModelVersion draft) {
    ModelRef.requireName(Parameter.REGISTER, name);
    return commit(models, Tables.MODELS_SCHEMA, "model '" + name + "'", () -> {
      Optional<ModelVersion> same = versions(name).stream()
          .filter(v -> draft.runId() != null && draft.runId().equals(v.runId()) && draft.modelPath().equals(v.modelPath()))
          .findFirst();
      if (same.isPresent()) {
        return Change.none(same.get());
      }
      long next = versions(name).stream().mapToLong(ModelVersion::version).max().orElse(0) + 1;
      ModelVersion v = draft.withVersion(name, next, now(), user()).withTags(sparkwise.Secrets.masked(draft.tags()));
      return new Change<>(v.toRow(), "t.name = s.name AND t.version = s.version", v);
    });
  }

  /** Points {@code alias} of {@code name} at {@code version} (which must be registered). */
  public AliasMove promote(String name, long version, String alias) {
    return promote(name, version, alias, null);
  }

  /**
   * Points {@code alias} of {@code name} at {@code version} only if it still points at
   * {@code expected}, checked and written in one commit: a retrain compared its candidate with
   * {@code expected}, and must not replace a version it never measured. Otherwise a conflict.
   */
  public AliasMove promoteIfStill(String name, long version, String alias, long expected) {
    return promote(name, version, alias, expected);
  }

  private AliasMove promote(String name, long version, String alias, Long expected) {
    ModelRef.requireAlias(Parameter.ALIAS, alias);
    return commit(aliases, Tables.ALIASES_SCHEMA, "alias '" + name + "@" + alias + "'", () -> {
      require(name, version);
      List<AliasMove> moves = moves(name, alias);
      List<Long> stack = stack(moves);
      Long current = stack.isEmpty() ? null : stack.get(stack.size() - 1);
      if (expected != null && !expected.equals(current)) {
        throw Errors.conflict("alias '" + name + "@" + alias + "'", "now points at "
            + (current == null ? "nothing" : "v" + current) + ", not v" + expected + " that " + name + ":" + version
            + " was compared with; " + name + ":" + version + " stays registered, the alias was not moved");
      }
      if (current != null && current == version) {
        return Change.none(moves.get(moves.size() - 1).unchanged());
      }
      AliasMove m = new AliasMove(name, alias, moves.size() + 1L, version, current, "promote", now(), user());
      return new Change<>(m.toRow(), ALIAS_KEY, m);
    });
  }

  /** Moves {@code alias} back to the version it pointed at before its latest promotion. */
  public AliasMove rollback(String name, String alias) {
    ModelRef.requireAlias(Parameter.ALIAS, alias);
    return commit(aliases, Tables.ALIASES_SCHEMA, "alias '" + name + "@" + alias + "'", () -> {
      List<AliasMove> moves = moves(name, alias);
      List<Long> stack = stack(moves);
      if (stack.isEmpty()) {
        throw Errors.config(Parameter.ALIAS, "'" + name + "@" + alias + "' does not exist; aliases of " + name + ": "
            + currentAliases(name).keySet());
      }
      if (stack.size() < 2) {
        throw Errors.config(Parameter.ALIAS, "'" + name + "@" + alias + "' has no earlier version to roll back to (it "
            + "has only ever pointed at v" + stack.get(0) + ")");
      }
      AliasMove m = new AliasMove(name, alias, moves.size() + 1L, stack.get(stack.size() - 2),
          stack.get(stack.size() - 1), "rollback", now(), user());
      return new Change<>(m.toRow(), ALIAS_KEY, m);
    });
  }

  /** Adds or replaces tags of one version (keys not given keep their values). */
  public ModelVersion tag(String name, long version, Map<String, String> tags) {
    require(name, version);
    ModelVersion probe = require(name, version).withTags(sparkwise.Secrets.masked(tags));
    Dataset<Row> source = spark.createDataFrame(List.of(probe.toRow()), Tables.MODELS_SCHEMA);
    DeltaWrites.retrying(models, () -> DeltaTable.forPath(spark, models).as("t")
        .merge(source.as("s"), "t.name = s.name AND t.version = s.version")
        .whenMatched().updateExpr(Map.of("tags",
            "map_concat(map_filter(t.tags, (k, v) -> NOT array_contains(map_keys(s.tags), k)), s.tags)"))
        .execute());
    return require(name, version);
  }

  public Optional<ModelVersion> version(String name, long version) {
    return versions(name).stream().filter(v -> v.version() == version).findFirst();
  }

  public ModelVersion require(String name, long version) {
    return version(name, version).orElseThrow(() -> {
      List<Long> known = versions(name).stream().map(ModelVersion::version).toList();
      return known.isEmpty()
          ? Errors.config("model", "'" + name + "' is not registered" + hintNames(name))
          : Errors.config("model", "'" + name + ":" + version + "' does not exist; versions of " + name + ": " + known);
    });
  }

  /** Every version of {@code name}, oldest first. */
  public List<ModelVersion> versions(String name) {
    return read(models).map(df -> df.filter(col("name").equalTo(name)).collectAsList().stream()
        .map(ModelVersion::fromRow).sorted(Comparator.comparingLong(ModelVersion::version)).toList())
        .orElse(List.of());
  }

  /** Every alias move of {@code name}, in the order they happened. */
  public List<AliasMove> moves(String name) {
    return read(aliases).map(df -> df.filter(col("name").equalTo(name)).collectAsList().stream()
        .map(AliasMove::fromRow)
        .sorted(Comparator.comparing(AliasMove::changedAt).thenComparing(AliasMove::alias)
            .thenComparingLong(AliasMove::seq)).toList())
        .orElse(List.of());
  }

  /** Where each alias of {@code name} points now. */
  public Map<String, Long> currentAliases(String name) {
    Map<String, List<AliasMove>> byAlias = new TreeMap<>();
    for (AliasMove m : moves(name)) {
      byAlias.computeIfAbsent(m.alias(), a -> new ArrayList<>()).add(m);
    }
    Map<String, Long> out = new LinkedHashMap<>();
    byAlias.forEach((a, ms) -> {
      List<Long> s = stack(ms.stream().sorted(Comparator.comparingLong(AliasMove::seq)).toList());
      if (!s.isEmpty()) {
        out.put(a, s.get(s.size() - 1));
      }
    });
    return out;
  }

  /** Registered model names, sorted. */
  public List<String> names() {
    return read(models).map(df -> df.select("name").distinct().collectAsList().stream()
        .map(r -> r.getString(0)).sorted().toList()).orElse(List.of());
  }

  /**
   * What a model reference points at: for a path, the path itself (name and version
   * unknown); for {@code NAME:V} or {@code NAME@ALIAS}, the registered version.
   */
  public Optional<ModelVersion> resolve(ModelRef ref) {
    if (ref.isPath()) {
      return Optional.empty();
    }
    if (ref.version() != null) {
      return Optional.of(require(ref.name(), ref.version()));
    }
    Long v = currentAliases(ref.name()).get(ref.alias());
    if (v == null) {
      if (versions(ref.name()).isEmpty()) {
        throw Errors.config(Parameter.MODEL, "'" + ref.name() + "' is not registered" + hintNames(ref.name()));
      }
      throw Errors.config(Parameter.MODEL, "'" + ref.text() + "': no such alias; aliases of " + ref.name() + ": "
          + currentAliases(ref.name()));
    }
    return Optional.of(require(ref.name(), v));
  }

  private String hintNames(String name) {
    List<String> known = names();
    return known.isEmpty() ? " (the registry under this warehouse is empty)"
        : sparkwise.DidYouMean.closest(name, known).map(s -> " (did you mean '" + s + "'?)")
            .orElse("; registered: " + known);
  }

  private List<AliasMove> moves(String name, String alias) {
    return read(aliases).map(df -> df.filter(col("name").equalTo(name).and(col("alias").equalTo(alias)))
        .collectAsList().stream().map(AliasMove::fromRow).sorted(Comparator.comparingLong(AliasMove::seq)).toList())
        .orElse(List.of());
  }

  /** Replays moves: a promotion pushes its version, a rollback pops; the top is current. */
  static List<Long> stack(List<AliasMove> movesInOrder) {
    List<Long> s = new ArrayList<>();
    for (AliasMove m : movesInOrder) {
      if (m.action().equals("rollback") && !s.isEmpty()) {
        s.remove(s.size() - 1);
        if (s.isEmpty() || s.get(s.size() - 1) != m.version()) {
          s.add(m.version());
        }
      } else {
        s.add(m.version());
      }
    }
    return s;
  }

  private static final String ALIAS_KEY = "t.name = s.name AND t.alias = s.alias AND t.seq = s.seq";

  /** A validated change: one new row whose key must still be free, or nothing to do. */
  private record Change<T>(Row row, String keyCondition, T result) {
    static <T> Change<T> none(T result) {
      return new Change<>(null, null, result);
    }
  }

  private <T> T commit(String path, StructType schema, String subject, Supplier<Change<T>> plan) {
    DeltaWrites.createIfAbsent(spark, path, schema);
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Change<T> change = plan.get();
      if (change.row() == null) {
        return change.result();
      }
      sparkwise.data.PausePoints.reach(path.equals(models) ? sparkwise.data.PausePoints.REGISTRY_COMMIT
          : sparkwise.data.PausePoints.ALIAS_COMMIT);
      Dataset<Row> source = spark.createDataFrame(List.of(change.row()), schema);
      try {
        Row metrics = DeltaTable.forPath(spark, path).as("t")
            .merge(source.as("s"), change.keyCondition())
            .whenNotMatched().insertAll()
            .execute().first();
        if (metrics.<Long>getAs("num_inserted_rows") == 1L) {
          return change.result();
        }
        LOG.info("{}: changed since it was read (attempt {}), re-reading", subject, attempt);
      } catch (Exception e) { // Delta also throws checked exceptions undeclared
        if (e instanceof sparkwise.SparkwiseException s) {
          throw s;
        }
        if (!DeltaWrites.isConflict(e)) {
          throw Errors.storage(path, "cannot commit to the registry", e);
        }
        LOG.info("{}: a concurrent commit won (attempt {}), re-reading", subject, attempt);
      }
      DeltaWrites.backOff(attempt);
    }
    throw Errors.conflict(subject, "concurrent changes kept winning over " + ATTEMPTS
        + " attempts; nothing was written. Check `models history` and try again");
  }

  private Optional<Dataset<Row>> read(String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return Optional.empty();
    }
    return Optional.of(spark.read().format("delta").load(path));
  }

  private Timestamp now() {
    return new Timestamp(System.currentTimeMillis());
  }

  private String user() {
    String u = System.getenv("SPARKWISE_USER");
    return u != null && !u.isBlank() ? u : spark.sparkContext().sparkUser();
  }
}
