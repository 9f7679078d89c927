package sparkwise.jobs;

/** Where the full log goes (set by conf/log4j2.properties via the launcher). */
final class Logs {
  private Logs() {}

  static String location() {
    String dir = System.getProperty("sparkwise.log.dir");
    return dir == null ? "the Spark driver log" : dir + "/sparkwise.log";
  }
}
