package sparkwise.registry;

import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One move of an alias: {@code seq} counts the moves of (name, alias) from 1, so the row with the
 * highest {@code seq} is where the alias points now. {@code action} is promote or rollback.
 */
public record AliasMove(String name, String alias, long seq, long version, Long previousVersion, String action,
    Timestamp changedAt, String changedBy) {
  /** The action of a promotion that found the alias already there (never stored). */
  public static final String UNCHANGED = "unchanged";

  AliasMove unchanged() {
    return new AliasMove(name, alias, seq, version, version, UNCHANGED, changedAt, changedBy);
  }

  public boolean changed() {
    return !action.equals(UNCHANGED);
  }

  Row toRow() {
    return RowFactory.create(name, alias, seq, version, previousVersion, action, changedAt, changedBy);
  }

  static AliasMove fromRow(Row r) {
    return new AliasMove(r.getAs("name"), r.getAs("alias"), r.<Long>getAs("seq"), r.<Long>getAs("version"),
        r.getAs("previous_version"), r.getAs("action"), r.getAs("changed_at"), r.getAs("changed_by"));
  }

  public String describe() {
    if (!changed()) {
      return name + "@" + alias + " already points at v" + version + " (since move " + seq + "); nothing changed";
    }
    String from = previousVersion == null ? "(none)" : "v" + previousVersion;
    return action + " " + name + "@" + alias + ": " + from + " -> v" + version;
  }
}
