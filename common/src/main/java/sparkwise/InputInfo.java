package sparkwise;

/**
 * What was read: recorded with every run for lineage. {@code deltaVersion} is null unless Delta;
 * {@code fingerprint} (may be null) changes when the files change (sizes and modification times),
 * so a resumed run can tell that its input is no longer the same.
 */
public record InputInfo(String path, String format, Long deltaVersion, String fingerprint) {
  public InputInfo(String path, String format, Long deltaVersion) {
    this(path, format, deltaVersion, null);
  }
}
