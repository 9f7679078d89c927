package sparkwise;

/** What a scoring run wrote: {@code rows} predictions of {@code model} (as messages name it) into {@code output}. */
public record ScoreResult(long rows, String model, String output) {}
