package sparkwise.data;

import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The lines of one large compressed CSV file, decompressed once and spread over every core. A gzip
 * file is one split, so each pass over it (Spark's schema inference, the shape check, the parse)
 * ran on one core: 12 s of kddcup99's 60 s budget went to inferring its 494k rows alone. Spread,
 * the inference and the parse run on all cores, and the file is decompressed once. The header stays
 * the first line (Spark's CSV reader takes the first line of a line dataset as the header). The
 * cached block is an RDD's, so Spark's cleaner drops it once the table that reads it is gone.
 */
final class SpreadLines {
  /** Compressed files below this are read as they are: spreading them costs more than it saves. */
  static final long MIN_BYTES = 1L << 20;

  private SpreadLines() {}

  /** Whether {@code status} is a file worth spreading on {@code spark}'s cores. */
  static boolean worthIt(SparkSession spark, FileStatus status) {
    return status.isFile() && status.getLen() >= MIN_BYTES && unsplittable(status.getPath().getName())
        && spark.sparkContext().defaultParallelism() > 1;
  }

  /** The file's lines: the header alone in the first partition, the rest spread round-robin and kept. */
  static Dataset<String> of(SparkSession spark, String location) {
    JavaRDD<String> raw = spark.read().textFile(location).javaRDD();
    String header = raw.first();
    int cores = spark.sparkContext().defaultParallelism();
    JavaRDD<String> body = raw.mapPartitionsWithIndex((i, it) -> {
      if (i == 0 && it.hasNext()) {
        it.next(); // the header: only partition 0 of a single file starts with it
      }
      return it;
    }, true).repartition(cores).persist(StorageLevel.MEMORY_AND_DISK_SER());
    JavaRDD<String> first = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(header), 1);
    return spark.createDataset(first.union(body).rdd(), Encoders.STRING());
  }

  /** Compressed by a codec Hadoop cannot split (bzip2 can): one core reads the whole file. */
  private static boolean unsplittable(String name) {
    return Interpreted.compressed(name) && !name.toLowerCase(Locale.ROOT).endsWith(".bz2");
  }
}
