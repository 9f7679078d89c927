package sparkwise;

import java.util.List;

/** What reading does with CSV rows whose field count is wrong or whose quote is never closed. */
public enum MalformedRows {
  /** Refuse the file (exit 3 naming it, the count and the first bad row): the default. */
  FAIL,
  /** Leave such rows out and say how many. */
  DROP;

  public static final List<String> IDS = List.of("fail", "drop");

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static MalformedRows fromId(String id) {
    return valueOf(id.toUpperCase(java.util.Locale.ROOT));
  }
}
