package sparkwise.data;

/** What was read: recorded with every run for lineage. {@code deltaVersion} is null unless Delta. */
public record InputInfo(String path, String format, Long deltaVersion) {}
