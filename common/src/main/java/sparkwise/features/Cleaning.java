package sparkwise.features;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.try_to_date;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

/** Column expressions shared by profiling, training and scoring, so all three see the same values. */
public final class Cleaning {
  /** Strings that mean "missing" in the tables users hand over. */
  public static final List<String> MISSING_TOKENS =
      List.of("", "?", "NA", "N/A", "n/a", "null", "NULL", "None", "NaN", "nan", "-");

  private Cleaning() {}

  /** A column reference that survives dots, spaces and backticks in the name. */
  public static Column ref(String name) {
    return col(quoted(name));
  }

  /**
   * The exact name of {@code name} among {@code available}: an exact match first, then a
   * case-insensitive one (as Spark resolves names); otherwise a data error naming the column,
   * {@code where} it was looked for, and the nearest name.
   */
  public static String resolve(String[] available, String name, String where) {
    for (String f : available) {
      if (f.equals(name)) {
        return f;
      }
    }
    for (String f : available) {
      if (f.equalsIgnoreCase(name)) {
        return f;
      }
    }
    throw sparkwise.Errors.missingColumn(name, where, java.util.Arrays.asList(available));
  }

  /** The name quoted for Spark SQL: never concatenate a user's column name into SQL unquoted. */
  public static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** Trimmed text with missing tokens turned into null. */
  public static Column text(Column c) {
    Column t = trim(c.cast("string"));
    return when(t.isin(MISSING_TOKENS.toArray()), lit(null).cast("string")).otherwise(t);
  }

  /** Date formats recognised in text columns, tried in order (US month-first before day-first). */
  public static final List<String> DATE_FORMATS = List.of("yyyy-MM-dd", "yyyy/MM/dd", "M/d/yyyy", "M/d/yy", "d.M.yyyy");
  public static final List<String> TIMESTAMP_FORMATS =
      List.of("yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss");

  /**
   * What every date and timestamp format above starts with. A failed parse costs Spark an exception
   * per format tried (ten per value): on house_prices' 43 text columns that was 2.8 s of CPU in a
   * 1,460-row profile. Text that cannot match any format is ruled out with this one cheap test first.
   */
  static final String DATE_PREFIX = "^[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{2,4}";
  /** What a number's text starts with (Spark's cast also throws for each text that is not one). */
  static final String NUMBER_PREFIX = "^[+-]?[.]?[0-9]";

  /** Text parsed as a date with the first format that fits, else null. */
  public static Column date(Column text) {
    return when(text.rlike(DATE_PREFIX),
        coalesce(DATE_FORMATS.stream().map(f -> try_to_date(text, f)).toArray(Column[]::new)));
  }

  /** Text parsed as a timestamp with the first format that fits, else null. */
  public static Column timestamp(Column text) {
    return when(text.rlike(DATE_PREFIX),
        coalesce(TIMESTAMP_FORMATS.stream().map(f -> try_to_timestamp(text, lit(f))).toArray(Column[]::new)));
  }

  /**
   * Cleaned text as a double, else null; text that does not start like a number is null without a
   * parse (so "Infinity" is not a number here, as {@link #number} turns it into null anyway).
   */
  public static Column parsedNumber(Column text) {
    return when(text.rlike(NUMBER_PREFIX), text.try_cast("double"));
  }

  /** A double with NaN, +-Infinity and unparsable text turned into null. */
  public static Column number(Column c, DataType from) {
    Column d = from instanceof NumericType || from.equals(DataTypes.BooleanType)
        ? c.cast("double")
        : parsedNumber(text(c));
    return when(d.isNaN().or(abs(d).equalTo(Double.POSITIVE_INFINITY)), lit(null).cast("double")).otherwise(d);
  }

  /** The value of a column for its kind, as the feature pipeline reads it. */
  public static Column forKind(Column c, DataType from, ColumnKind kind) {
    return switch (kind) {
      case NUMERIC, NUMERIC_STRING -> number(c, from);
      case BOOLEAN -> from.equals(DataTypes.BooleanType) ? c.cast("double") : text(c).try_cast("boolean").cast("double");
      case DATE -> from.equals(DataTypes.DateType) ? c
          : from.equals(DataTypes.StringType) ? date(text(c)) : c.try_cast("date");
      case TIMESTAMP -> from.equals(DataTypes.TimestampType) ? c
          : from.equals(DataTypes.StringType) ? timestamp(text(c)) : c.try_cast("timestamp");
      case CATEGORICAL, TEXT -> text(c);
      case UNSUPPORTED -> lit(null).cast("string");
    };
  }

  /**
   * Whether a column of type {@code from} can stand in for a training column of {@code kind}:
   * numbers, booleans and text cast to numbers; any atomic type to text; text, dates and
   * timestamps to dates and timestamps. Arrays, maps, structs and binary never do.
   */
  public static boolean castable(DataType from, ColumnKind kind) {
    boolean atomic = from instanceof NumericType || from.equals(DataTypes.BooleanType)
        || from.equals(DataTypes.StringType) || from instanceof org.apache.spark.sql.types.DateType
        || from instanceof org.apache.spark.sql.types.TimestampType
        || from instanceof org.apache.spark.sql.types.TimestampNTZType
        || from instanceof org.apache.spark.sql.types.NullType;
    return switch (kind) {
      case NUMERIC, NUMERIC_STRING, BOOLEAN -> from instanceof NumericType || from.equals(DataTypes.BooleanType)
          || from.equals(DataTypes.StringType) || from instanceof org.apache.spark.sql.types.NullType;
      case DATE, TIMESTAMP -> atomic && !(from instanceof NumericType) && !from.equals(DataTypes.BooleanType);
      case CATEGORICAL, TEXT -> atomic;
      case UNSUPPORTED -> true;
    };
  }
}
