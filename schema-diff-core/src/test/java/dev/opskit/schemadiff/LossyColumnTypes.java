package dev.opskit.schemadiff;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.jspecify.annotations.Nullable;

/**
 * Column types for {@link LossyChangeIT}, by family, each with the values at the bounds of its
 * range: the most characters, the most bytes (in the charset's widest character), trailing spaces
 * and zero bytes, the smallest and largest numbers, every enum member, the finest fraction of a
 * second.
 */
final class LossyColumnTypes {
  private static final List<String> CHARSETS = List.of("latin1", "utf8mb3", "utf8mb4");

  /** Lengths around the points where a character count meets a TEXT type's byte capacity. */
  private static final List<Integer> LENGTHS =
      List.of(1, 2, 3, 10, 63, 64, 84, 85, 86, 127, 128, 200, 254, 255, 256, 300);

  private static final List<String> MEMBERS = List.of("a", "b", "c", "d", "e");

  private LossyColumnTypes() {}

  /** The kinds of values a family reads back as: the comparison each needs. */
  enum Family {
    EXACT,
    APPROXIMATE,
    STRING,
    BINARY,
    ENUM,
    SET,
    TEMPORAL,
    BIT
  }

  /**
   * One column type.
   *
   * @param family how its values are inserted and read
   * @param type the type as written
   * @param charset the charset of a text type, or null
   * @param values the values to insert: strings, byte arrays or null
   */
  record ColumnType(Family family, String type, @Nullable String charset, List<Object> values) {
    String definition() {
      return type
          + (charset == null ? "" : " CHARACTER SET " + charset + " COLLATE " + charset + "_bin")
          + " NULL";
    }

    /** An expression of a value parameter that the column takes as it is. */
    String parameter() {
      return family == Family.BIT ? "CAST(? AS UNSIGNED)" : "?";
    }

    /** An expression of the column that reads its value exactly, as text. */
    String reader() {
      return switch (family) {
        case APPROXIMATE -> "c + 0e0"; // a FLOAT widened to DOUBLE exactly, printed in full
        case BINARY -> "HEX(c)";
        case ENUM, SET -> "CONCAT(c, '/', c + 0)"; // the value and its index
        case TEMPORAL -> "CAST(c AS CHAR)";
        case BIT -> "CAST(c AS UNSIGNED)";
        default -> "c";
      };
    }

    @Override
    public String toString() {
      return charset == null ? type : type + " " + charset;
    }
  }

  /** A change of one column's type. */
  record Pair(ColumnType from, ColumnType to) {
    @Override
    public String toString() {
      return from + " -> " + to;
    }
  }

  /**
   * Pairs of types of one family, each family's pairs about as likely as its rules are many (jqwik
   * draws the first choice more often than its weight says: strings, the most rules, go first).
   */
  static Arbitrary<Pair> pairs() {
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, pairs(strings(false), strings(true))),
            net.jqwik.api.Tuple.of(1, pairs(approximate(), approximate())),
            net.jqwik.api.Tuple.of(4, pairs(exact(), exact())),
            net.jqwik.api.Tuple.of(4, pairs(binaries(false), binaries(true))),
            net.jqwik.api.Tuple.of(2, members("enum")),
            net.jqwik.api.Tuple.of(1, members("set")),
            net.jqwik.api.Tuple.of(2, temporals()),
            net.jqwik.api.Tuple.of(1, pairs(bits(), bits())))
        .filter(p -> !p.from().definition().equals(p.to().definition()));
  }

  private static Arbitrary<Pair> pairs(Arbitrary<ColumnType> from, Arbitrary<ColumnType> to) {
    return Combinators.combine(from, to).as(Pair::new);
  }

  private static Arbitrary<ColumnType> exact() {
    Arbitrary<ColumnType> integers =
        Combinators.combine(
                Arbitraries.of("tinyint", "smallint", "mediumint", "int", "bigint"),
                Arbitraries.of(false, true))
            .as(LossyColumnTypes::integer);
    Arbitrary<ColumnType> decimals =
        Arbitraries.integers()
            .between(1, 25)
            .flatMap(
                p ->
                    Combinators.combine(
                            Arbitraries.integers().between(0, Math.min(p, 6)),
                            Arbitraries.of(false, true))
                        .as((s, unsigned) -> decimal(p, s, unsigned)));
    return Arbitraries.oneOf(integers, decimals);
  }

  private static ColumnType integer(String base, boolean unsigned) {
    int bits =
        switch (base) {
          case "tinyint" -> 8;
          case "smallint" -> 16;
          case "mediumint" -> 24;
          case "int" -> 32;
          default -> 64;
        };
    BigInteger max = BigInteger.TWO.pow(unsigned ? bits : bits - 1).subtract(BigInteger.ONE);
    List<Object> values = new ArrayList<>(List.of(max.toString(), "0", "1"));
    if (!unsigned) {
      values.add(BigInteger.TWO.pow(bits - 1).negate().toString());
      values.add("-1");
    }
    values.add(null);
    return new ColumnType(Family.EXACT, base + (unsigned ? " unsigned" : ""), null, values);
  }

  private static ColumnType decimal(int precision, int scale, boolean unsigned) {
    String whole = precision == scale ? "0" : "9".repeat(precision - scale);
    String max = whole + (scale == 0 ? "" : "." + "9".repeat(scale));
    String finest = scale == 0 ? "1" : "0." + "0".repeat(scale - 1) + "1";
    List<Object> values = new ArrayList<>(List.of(max, finest, "0"));
    if (!unsigned) {
      values.add("-" + max);
      values.add("-" + finest);
    }
    values.add(null);
    String type = "decimal(" + precision + "," + scale + ")" + (unsigned ? " unsigned" : "");
    return new ColumnType(Family.EXACT, type, null, values);
  }

  private static Arbitrary<ColumnType> approximate() {
    Arbitrary<ColumnType> floats =
        Arbitraries.just(
            new ColumnType(
                Family.APPROXIMATE,
                "float",
                null,
                Arrays.asList("0.1", "3.40282e38", "-1.17549e-38", "16777216", "1.5", null)));
    Arbitrary<ColumnType> doubles =
        Arbitraries.just(
            new ColumnType(
                Family.APPROXIMATE,
                "double",
                null,
                Arrays.asList(
                    "0.1",
                    "1.7976931348623157e308",
                    "2.2250738585072014e-308",
                    "16777217",
                    "1.5",
                    null)));
    return Arbitraries.oneOf(floats, doubles);
  }

  /** CHAR, VARCHAR and TEXT types; MEDIUMTEXT and LONGTEXT only as targets, too big to fill. */
  private static Arbitrary<ColumnType> strings(boolean target) {
    Arbitrary<Integer> length =
        Arbitraries.oneOf(Arbitraries.of(LENGTHS), Arbitraries.integers().between(1, 300));
    List<String> texts =
        target
            ? List.of("tinytext", "text", "mediumtext", "longtext")
            : List.of("tinytext", "text");
    Arbitrary<String> type =
        Arbitraries.oneOf(
            length.map(n -> "char(" + Math.min(n, 255) + ")"),
            length.map(n -> "varchar(" + n + ")"),
            Arbitraries.of(texts));
    return Combinators.combine(type, Arbitraries.of(CHARSETS)).as(LossyColumnTypes::string);
  }

  private static ColumnType string(String type, String charset) {
    // The widest character of each charset, not in any narrower one.
    String widest =
        switch (charset) {
          case "latin1" -> "€"; // 1 byte in latin1, 3 in UTF-8
          case "utf8mb3" -> "中";
          default -> "😀";
        };
    int widestBytes =
        switch (charset) {
          case "latin1" -> 1;
          case "utf8mb3" -> 3;
          default -> 4;
        };
    int chars;
    int widestChars;
    if (type.startsWith("char(") || type.startsWith("varchar(")) {
      chars = Integer.parseInt(type.substring(type.indexOf('(') + 1, type.indexOf(')')));
      widestChars = chars;
    } else {
      chars = type.equals("tinytext") ? 255 : 65_535;
      widestChars = chars / widestBytes;
    }
    List<Object> values =
        new ArrayList<>(
            List.of("a".repeat(chars - 1) + "b", widest.repeat(widestChars), " ", "", "a"));
    if (chars >= 3) {
      values.add("a  ");
    }
    values.add(null);
    return new ColumnType(Family.STRING, type, charset, values);
  }

  /** BINARY, VARBINARY and BLOB types; MEDIUMBLOB and LONGBLOB only as targets. */
  private static Arbitrary<ColumnType> binaries(boolean target) {
    Arbitrary<Integer> length =
        Arbitraries.oneOf(
            Arbitraries.of(1, 2, 10, 254, 255, 256, 1000), Arbitraries.integers().between(1, 1000));
    List<String> blobs =
        target
            ? List.of("tinyblob", "blob", "mediumblob", "longblob")
            : List.of("tinyblob", "blob");
    return Arbitraries.oneOf(
            length.map(n -> "binary(" + Math.min(n, 255) + ")"),
            length.map(n -> "varbinary(" + n + ")"),
            Arbitraries.of(blobs))
        .map(LossyColumnTypes::binary);
  }

  private static ColumnType binary(String type) {
    int bytes =
        type.contains("(")
            ? Integer.parseInt(type.substring(type.indexOf('(') + 1, type.indexOf(')')))
            : type.equals("tinyblob") ? 255 : 65_535;
    byte[] full = new byte[bytes];
    Arrays.fill(full, (byte) 'a');
    full[bytes - 1] = 0; // a trailing zero byte, which BINARY pads with
    byte[] high = new byte[bytes];
    Arrays.fill(high, (byte) 0xff);
    List<Object> values = Arrays.asList(full, high, new byte[] {'a'}, new byte[0], null);
    return new ColumnType(Family.BINARY, type, null, values);
  }

  /** An ENUM or SET and the same with members appended, removed, moved or inserted. */
  private static Arbitrary<Pair> members(String kind) {
    Arbitrary<List<String>> lists =
        Arbitraries.of(MEMBERS).list().uniqueElements().ofMinSize(1).ofMaxSize(4);
    return Combinators.combine(lists, lists, Arbitraries.integers().between(0, 3))
        .as(
            (from, other, edit) -> {
              List<String> to = new ArrayList<>(from);
              switch (edit) {
                case 0 -> other.stream().filter(m -> !to.contains(m)).forEach(to::add);
                case 1 -> to.remove(to.size() - 1);
                case 2 -> to.add(0, to.remove(to.size() - 1));
                default -> {
                  to.clear();
                  to.addAll(other);
                }
              }
              return new Pair(members(kind, from), members(kind, to.isEmpty() ? other : to));
            });
  }

  private static ColumnType members(String kind, List<String> members) {
    String type = kind + "('" + String.join("','", members) + "')";
    List<Object> values = new ArrayList<>(members);
    if (kind.equals("set")) {
      values.add(String.join(",", members));
      values.add("");
    }
    values.add(null);
    return new ColumnType(kind.equals("set") ? Family.SET : Family.ENUM, type, "utf8mb4", values);
  }

  /** TIME, DATETIME and TIMESTAMP with two fractional-second precisions. */
  private static Arbitrary<Pair> temporals() {
    Arbitrary<Integer> fsp = Arbitraries.integers().between(0, 6);
    return Combinators.combine(Arbitraries.of("time", "datetime", "timestamp"), fsp, fsp)
        .as((base, a, b) -> new Pair(temporal(base, a), temporal(base, b)));
  }

  private static ColumnType temporal(String base, int fsp) {
    // Fractions whose last digit is never 0, so one digit fewer always changes them.
    String fraction = fsp == 0 ? "" : "." + "987654".substring(0, fsp);
    String nines = fsp == 0 ? "" : "." + "9".repeat(fsp);
    List<Object> values =
        switch (base) {
          case "time" ->
              Arrays.asList(
                  "838:59:59", "-838:59:59", "12:34:56" + fraction, "-01:02:03" + fraction, null);
          case "datetime" ->
              Arrays.asList(
                  "1000-01-01 00:00:00",
                  "9999-12-31 23:59:59" + nines,
                  "2020-06-15 12:34:56" + fraction,
                  null);
          default ->
              Arrays.asList(
                  "1970-01-01 00:00:01",
                  "2038-01-19 03:14:07" + nines,
                  "2020-06-15 12:34:56" + fraction,
                  null);
        };
    return new ColumnType(Family.TEMPORAL, fsp == 0 ? base : base + "(" + fsp + ")", null, values);
  }

  private static Arbitrary<ColumnType> bits() {
    return Arbitraries.oneOf(
            Arbitraries.of(1, 7, 8, 9, 63, 64), Arbitraries.integers().between(1, 64))
        .map(
            n -> {
              BigInteger top = BigInteger.TWO.pow(n - 1);
              List<Object> values =
                  Arrays.asList(
                      "0",
                      "1",
                      top.toString(),
                      BigInteger.TWO.pow(n).subtract(BigInteger.ONE).toString(),
                      null);
              return new ColumnType(Family.BIT, "bit(" + n + ")", null, values);
            });
  }
}
