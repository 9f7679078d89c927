package sparkwise.features;

/** A column left out of the features, and why (shown in the summary, `profile` and the report). */
public record DroppedColumn(String column, String reason) {}
