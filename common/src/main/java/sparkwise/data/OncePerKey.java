package sparkwise.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Values computed once per key, whichever thread asks first; the others wait for it and get its
 * value or its failure. A failed computation (most often a cancelled Spark job) is forgotten, so
 * the next caller tries again. Used for what a search prepares once and many trials read.
 */
public final class OncePerKey<K, V> {
  private final Map<K, CompletableFuture<V>> values = new HashMap<>();

  /** The value for {@code key}, computed by {@code compute} in this thread if no one has yet. */
  public V get(K key, Supplier<V> compute) {
    CompletableFuture<V> f;
    boolean mine = false;
    synchronized (this) {
      f = values.get(key);
      if (f == null) {
        f = new CompletableFuture<>();
        values.put(key, f);
        mine = true;
      }
    }
    if (mine) {
      try {
        f.complete(compute.get());
      } catch (Throwable e) { // Spark's SparkException is checked, yet thrown undeclared from Scala
        synchronized (this) {
          values.remove(key);
        }
        f.completeExceptionally(e);
        throw e;
      }
    }
    return SideBySide.join(f);
  }

  /** The values computed successfully so far, and forgets them all (for releasing them). */
  public synchronized List<V> drain() {
    List<V> out = new ArrayList<>();
    values.values().stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).forEach(f -> out.add(f.join()));
    values.clear();
    return out;
  }
}
