package sparkwise.jobs;

import picocli.CommandLine.IVersionProvider;
import sparkwise.Versions;

final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"sparkwise " + Versions.sparkwise() + " (Spark " + Versions.spark() + ", Java " + Versions.java() + ")"};
  }
}
