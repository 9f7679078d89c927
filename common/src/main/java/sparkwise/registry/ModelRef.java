package sparkwise.registry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sparkwise.Errors;
import sparkwise.Parameter;

/**
 * What a model reference names: a registered version ({@code NAME:VERSION}), an alias
 * ({@code NAME@ALIAS}) or a model folder path. Anything that is not a registry reference is a path.
 */
public record ModelRef(String text, String name, Long version, String alias) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,99}");
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,49}");
  private static final String NAME_RULE = "a model name is a letter then letters, digits, '_', '.' or '-' (at most 100), got '";
  private static final String ALIAS_RULE = "an alias is a letter then letters, digits, '_' or '-' (at most 50), got '";
  private static final Pattern REF = Pattern.compile("(" + NAME + ")(?::([0-9]{1,9})|@(" + ALIAS + "))");

  public static ModelRef parse(String text) {
    Matcher m = REF.matcher(text);
    if (!m.matches()) {
      return new ModelRef(text, null, null, null);
    }
    return new ModelRef(text, m.group(1), m.group(2) == null ? null : Long.parseLong(m.group(2)), m.group(3));
  }

  /** {@code NAME:VERSION} only (for commands that change or compare versions). */
  public static ModelRef parseVersion(String option, String text) {
    ModelRef r = parse(text);
    if (r.version == null) {
      throw Errors.config(option, "must be NAME:VERSION (e.g. churn:3), got '" + text + "'");
    }
    return r;
  }

  public static String requireName(String option, String name) {
    if (!NAME.matcher(name).matches()) {
      throw Errors.config(option, NAME_RULE + name + "'");
    }
    return name;
  }

  /** {@code name} when it is a valid model name, else an error about {@code parameter}. */
  public static String requireName(Parameter parameter, String name) {
    if (!NAME.matcher(name).matches()) {
      throw Errors.config(parameter, NAME_RULE + name + "'");
    }
    return name;
  }

  /** {@code alias} when it is a valid alias, else an error about {@code parameter}. */
  public static String requireAlias(Parameter parameter, String alias) {
    if (!ALIAS.matcher(alias).matches()) {
      throw Errors.config(parameter, ALIAS_RULE + alias + "'");
    }
    return alias;
  }

  public static String requireAlias(String option, String alias) {
    if (!ALIAS.matcher(alias).matches()) {
      throw Errors.config(option, ALIAS_RULE + alias + "'");
    }
    return alias;
  }

  public boolean isPath() {
    return name == null;
  }
}
