package sparkwise.models;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * XGBoost's UBJSON model read straight into Java values: objects as maps, strings, numbers
 * ({@code Long}, {@code Double}), booleans, nulls, lists, and typed arrays (XGBoost writes every
 * tree's node arrays as one) as primitive arrays read in bulk. Reading a booster through XGBoost
 * (load, write as JSON text, parse the text) took ~5 s for a wine_quality ensemble's 86 MB of
 * boosters (141 MB as JSON), the largest part of its holdout evaluation; UBJSON needs no text.
 * Covers the UBJSON that XGBoost writes (big-endian, optimized containers with a type and a count).
 */
final class UbjReader {
  private final ByteBuffer in;

  private UbjReader(byte[] bytes) {
    this.in = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
  }

  /** The value the bytes hold; IOException when they are not UBJSON this reader covers. */
  static Object read(byte[] bytes) throws IOException {
    try {
      UbjReader r = new UbjReader(bytes);
      return r.value(r.in.get());
    } catch (RuntimeException e) { // a truncated or foreign buffer
      throw new IOException("not a UBJSON model: " + e, e);
    }
  }

  private Object value(byte marker) throws IOException {
    return switch (marker) {
      case 'Z' -> null;
      case 'T' -> Boolean.TRUE;
      case 'F' -> Boolean.FALSE;
      case 'i', 'U', 'I', 'l', 'L' -> integer(marker);
      case 'd' -> (double) in.getFloat();
      case 'D' -> in.getDouble();
      case 'C' -> String.valueOf((char) in.get());
      case 'S', 'H' -> string();
      case '[' -> array();
      case '{' -> object();
      default -> throw new IOException("UBJSON marker '" + (char) marker + "' at byte " + (in.position() - 1));
    };
  }

  private long integer(byte marker) throws IOException {
    return switch (marker) {
      case 'i' -> in.get();
      case 'U' -> in.get() & 0xff;
      case 'I' -> in.getShort();
      case 'l' -> in.getInt();
      case 'L' -> in.getLong();
      default -> throw new IOException("UBJSON length marker '" + (char) marker + "' at byte " + (in.position() - 1));
    };
  }

  private String string() throws IOException {
    int n = Math.toIntExact(integer(in.get()));
    String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
    in.position(in.position() + n);
    return s;
  }

  private Object array() throws IOException {
    byte type = 0;
    long count = -1;
    if (peek() == '$') {
      in.get();
      type = in.get();
      count = countMarker();
    } else if (peek() == '#') {
      count = countMarker();
    }
    if (type != 0) {
      return typed(type, Math.toIntExact(count));
    }
    List<Object> out = new ArrayList<>();
    if (count >= 0) {
      for (long i = 0; i < count; i++) {
        out.add(value(in.get()));
      }
      return out;
    }
    for (byte m = in.get(); m != ']'; m = in.get()) {
      out.add(value(m));
    }
    return out;
  }

  private long countMarker() throws IOException {
    byte hash = in.get();
    if (hash != '#') {
      throw new IOException("UBJSON count expected at byte " + (in.position() - 1));
    }
    return integer(in.get());
  }

  /** An optimized array of one type, read in bulk: int[] for integer types up to 32 bits, float[], long[], double[]. */
  private Object typed(byte type, int n) throws IOException {
    switch (type) {
      case 'l' -> {
        int[] out = new int[n];
        in.asIntBuffer().get(out);
        in.position(in.position() + 4 * n);
        return out;
      }
      case 'd' -> {
        float[] out = new float[n];
        in.asFloatBuffer().get(out);
        in.position(in.position() + 4 * n);
        return out;
      }
      case 'L' -> {
        long[] out = new long[n];
        in.asLongBuffer().get(out);
        in.position(in.position() + 8 * n);
        return out;
      }
      case 'D' -> {
        double[] out = new double[n];
        in.asDoubleBuffer().get(out);
        in.position(in.position() + 8 * n);
        return out;
      }
      case 'i', 'U', 'I' -> {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
          out[i] = (int) integer(type);
        }
        return out;
      }
      default -> {
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          out.add(value(type));
        }
        return out;
      }
    }
  }

  private Map<String, Object> object() throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    long count = -1;
    if (peek() == '#') {
      count = countMarker();
    } else if (peek() == '$') {
      throw new IOException("typed UBJSON object at byte " + in.position());
    }
    for (long i = 0; count < 0 ? peek() != '}' : i < count; i++) {
      String key = string();
      out.put(key, value(in.get()));
    }
    if (count < 0) {
      in.get(); // '}'
    }
    return out;
  }

  private byte peek() {
    return in.get(in.position());
  }
}
