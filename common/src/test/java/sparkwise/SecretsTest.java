package sparkwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void secretLookingKeysAreMasked() {
    for (String k : new String[] {"password", "db_password", "API_TOKEN", "secret", "aws.secret.key", "key",
        "api_key", "apikey", "credentials", "private_key"}) {
      assertTrue(Secrets.isSecretKey(k), k);
    }
    for (String k : new String[] {"team", "owner", "monkey", "keyboard_layout", "purpose"}) {
      assertFalse(Secrets.isSecretKey(k), k);
    }
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("team", "risk");
    tags.put("db_password", "hunter2");
    assertEquals(Map.of("team", "risk", "db_password", Secrets.MASK), Secrets.masked(tags));
  }

  @Test
  void passwordsInUrisAreMasked() {
    assertEquals("s3a://AKIA:****@bucket/data.csv", Secrets.maskUri("s3a://AKIA:wJalrXUtn@bucket/data.csv"));
    assertEquals("file:/tmp/a.csv", Secrets.maskUri("file:/tmp/a.csv"));
    assertEquals("hdfs://nn:8020/x", Secrets.maskUri("hdfs://nn:8020/x"));
  }
}
