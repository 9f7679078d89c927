package sparkwise;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Values under secret-looking keys (password, token, secret, key, credential) never reach logs,
 * tables or reports: they are stored and shown as {@link #MASK}.
 */
public final class Secrets {
  public static final String MASK = "****";
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(pass(word|wd)?|tokens?|secrets?|credentials?|(^|[_.-])keys?|apikey|private)([_.-].*)?$");

  private Secrets() {}

  public static boolean isSecretKey(String key) {
    return key != null && SECRET_KEY.matcher(key).matches();
  }

  /** A path or URI with the password of its user info masked ({@code s3a://id:****@bucket/x}). */
  public static String maskUri(String uri) {
    return uri == null ? null : uri.replaceAll("^([A-Za-z][A-Za-z0-9+.-]*://[^/:@]*):[^/@]*@", "$1:" + MASK + "@");
  }

  /** A copy of {@code values} with the values of secret-looking keys masked. */
  public static Map<String, String> masked(Map<String, String> values) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, isSecretKey(k) ? MASK : v));
    return out;
  }
}
