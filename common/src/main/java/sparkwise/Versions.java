package sparkwise;

/** Versions recorded with every run and model (provenance). */
public final class Versions {
  private Versions() {}

  public static String sparkwise() {
    String v = Versions.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  public static String spark() {
    return org.apache.spark.package$.MODULE$.SPARK_VERSION();
  }

  public static String java() {
    return System.getProperty("java.version");
  }
}
