package dev.opskit.schemadiff.internal.migrate;

import dev.opskit.schemadiff.internal.model.Charsets;
import dev.opskit.schemadiff.model.Column;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether changing a column's definition can lose or change data: a narrower type, a
 * changed enum list, a different character set, NULL becoming NOT NULL, a value becoming generated.
 *
 * <p>Capacities are compared as the server enforces them: CHAR and VARCHAR hold a number of
 * characters, TEXT and BLOB types and VARBINARY a number of bytes, so a character count meets a
 * byte count through the widest character of the charset (4 bytes in utf8mb4, 3 in utf8mb3, and 3
 * for a latin1 character such as the euro sign once converted to UTF-8). A charset this class does
 * not know counts as 4 bytes a character and 1 byte for the narrowest, so it never makes a change
 * look safe. {@code LossyChangeIT} proves the rules on MariaDB and MySQL: a change is safe exactly
 * when no boundary value of the source type changes in a non-strict session.
 *
 * <p>FLOAT to DOUBLE keeps every value exactly; a client then reads FLOAT's 0.1 as
 * 0.10000000149011612, the digits it always held. DOUBLE(M,D) and FLOAT(M,D) are compared only with
 * themselves (UNSAFE otherwise, lossless or not).
 *
 * <p>Where the servers differ, the rule is the conservative one: MySQL 8.0 and 9.7 keep the
 * over-long values when a charset change shortens a VARCHAR (utf8mb3 {@code VARCHAR(23)} to utf8mb4
 * {@code VARCHAR(22)}), MariaDB cuts them; the change is UNSAFE on both, since MySQL's next copy of
 * the table (any rebuilding ALTER, OPTIMIZE TABLE) cuts them too.
 */
final class TypeSafety {
  private static final Map<String, Integer> INTEGER_BITS =
      Map.of("tinyint", 8, "smallint", 16, "mediumint", 24, "int", 32, "bigint", 64);

  /** Character sets that hold every Unicode character. */
  private static final Set<String> FULL_UNICODE = Set.of("utf8mb4", "utf16", "utf16le", "utf32");

  private TypeSafety() {}

  /**
   * Returns why changing {@code from} into {@code to} is unsafe, or null when it keeps every value.
   *
   * @param uniqueColumn whether the column is part of a unique index in either schema
   */
  static @Nullable String unsafeReason(Column from, Column to, boolean uniqueColumn) {
    if (from.generated() == null && to.generated() != null) {
      return "replaces the stored values of column " + from.name() + " by generated ones";
    }
    boolean charsetChanged =
        from.isText() && to.isText() && !Objects.equals(from.charset(), to.charset());
    if ((charsetChanged || !from.type().equals(to.type()))
        && !widens(from.type(), from.charset(), to.type(), to.charset())) {
      // Name the charsets where they decide: converted, or characters measured against bytes.
      boolean charsets =
          charsetChanged
              || (from.isText()
                  && to.isText()
                  && Capacity.isLob(Type.parse(from.type()).base)
                      != Capacity.isLob(Type.parse(to.type()).base));
      return "changes column "
          + from.name()
          + " from "
          + describe(from, charsets)
          + " to "
          + describe(to, charsets)
          + ", which can truncate or change values";
    }
    if (charsetChanged) {
      if (uniqueColumn) {
        return "changes the charset of column "
            + from.name()
            + ", which is part of a unique index: converted values can collide";
      }
      if (!holdsEveryCharacter(from.charset(), to.charset())) {
        return "converts column "
            + from.name()
            + " ("
            + to.type()
            + ") from "
            + from.charset()
            + " to "
            + to.charset()
            + ", which can lose characters";
      }
    }
    if (from.isText()
        && to.isText()
        && uniqueColumn
        && !Objects.equals(from.collation(), to.collation())) {
      return "changes the collation of column "
          + from.name()
          + ", which is part of a unique index: values can collide";
    }
    if (from.nullable() && !to.nullable() && to.generated() == null) {
      return "makes column " + from.name() + " NOT NULL: existing NULLs become default values";
    }
    return null;
  }

  /**
   * Returns whether every value of type {@code from} fits type {@code to} unchanged, for text types
   * of a charset not known (as wide as any).
   */
  static boolean widens(String from, String to) {
    return widens(from, null, to, null);
  }

  /**
   * Returns whether every value of type {@code from} in charset {@code fromCharset} fits type
   * {@code to} in charset {@code toCharset} unchanged, leaving aside whether the target charset has
   * every character of the source one.
   */
  static boolean widens(
      String from, @Nullable String fromCharset, String to, @Nullable String toCharset) {
    if (from.equals(to) && Objects.equals(fromCharset, toCharset)) {
      return true;
    }
    Type a = Type.parse(from);
    Type b = Type.parse(to);
    if (!a.rest.equals(b.rest) && !(a.rest.isEmpty() && b.rest.equals("zerofill"))) {
      return false;
    }
    if (isExactNumber(a.base) && isExactNumber(b.base)) {
      return scale(b) >= scale(a) && max(b).compareTo(max(a)) >= 0 && min(b).compareTo(min(a)) <= 0;
    }
    if (a.unsigned != b.unsigned) {
      return false;
    }
    if (a.base.equals("float") && b.base.equals("double")) {
      // Every float is a double; DOUBLE(M,D) would round it.
      return b.args.isEmpty();
    }
    if (Capacity.isString(a.base) && Capacity.isString(b.base)) {
      return Capacity.stringFits(a.base, a.arg(0), fromCharset, b.base, b.arg(0), toCharset);
    }
    if (Capacity.isBinary(a.base) && Capacity.isBinary(b.base)) {
      return Capacity.binaryFits(a.base, a.arg(0), b.base, b.arg(0));
    }
    if ((a.base.equals("enum") || a.base.equals("set")) && a.base.equals(b.base)) {
      // Appending values keeps every stored value and its index; anything else can change them.
      return b.args.size() >= a.args.size() && b.args.subList(0, a.args.size()).equals(a.args);
    }
    if (List.of("datetime", "timestamp", "time").contains(a.base) && a.base.equals(b.base)) {
      return b.arg(0) >= a.arg(0);
    }
    if (a.base.equals("bit") && b.base.equals("bit")) {
      return b.arg(0) >= a.arg(0);
    }
    return false;
  }

  /** Whether {@code to} has every character of {@code from}. */
  private static boolean holdsEveryCharacter(@Nullable String from, @Nullable String to) {
    if (to != null && FULL_UNICODE.contains(to)) {
      return true;
    }
    return ("utf8mb3".equals(to) || "ucs2".equals(to)) && Charsets.isBmpOnly(from);
  }

  private static String describe(Column column, boolean withCharset) {
    return withCharset && column.charset() != null
        ? column.type() + " in " + column.charset()
        : column.type();
  }

  private static boolean isExactNumber(String base) {
    return INTEGER_BITS.containsKey(base) || base.equals("decimal");
  }

  private static int scale(Type t) {
    return t.base.equals("decimal") ? t.arg(1) : 0;
  }

  private static BigDecimal max(Type t) {
    if (t.base.equals("decimal")) {
      // DECIMAL(p,s) holds p-s digits before the point and s after it.
      return BigDecimal.TEN
          .pow(t.arg(0) - t.arg(1))
          .subtract(BigDecimal.ONE.movePointLeft(t.arg(1)));
    }
    int bits = INTEGER_BITS.get(t.base);
    return new BigDecimal(
        BigInteger.TWO.pow(t.unsigned ? bits : bits - 1).subtract(BigInteger.ONE));
  }

  private static BigDecimal min(Type t) {
    if (t.unsigned) {
      return BigDecimal.ZERO;
    }
    if (t.base.equals("decimal")) {
      return max(t).negate();
    }
    return new BigDecimal(BigInteger.TWO.pow(INTEGER_BITS.get(t.base) - 1).negate());
  }

  /** A canonical type split into base name, arguments and trailing words. */
  private record Type(String base, List<String> args, boolean unsigned, String rest) {
    static Type parse(String type) {
      int open = type.indexOf('(');
      int close = type.lastIndexOf(')');
      String head = open < 0 ? type : type.substring(0, open);
      String tail = open < 0 ? "" : type.substring(close + 1);
      String[] words = head.trim().split(" ");
      String base = words[0];
      List<String> args = new ArrayList<>();
      if (open >= 0) {
        args = splitArgs(type.substring(open + 1, close));
      } else {
        tail = head.substring(base.length());
      }
      String rest = tail.trim();
      boolean unsigned = rest.startsWith("unsigned");
      if (unsigned) {
        rest = rest.substring("unsigned".length()).trim();
      }
      return new Type(base, args, unsigned, rest);
    }

    int arg(int i) {
      if (i >= args.size()) {
        return 0;
      }
      try {
        return Integer.parseInt(args.get(i).trim());
      } catch (NumberFormatException e) {
        return 0;
      }
    }

    private static List<String> splitArgs(String inner) {
      List<String> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < inner.length(); i++) {
        char c = inner.charAt(i);
        if (c == '\'') {
          quoted = !quoted;
        }
        if (c == ',' && !quoted) {
          out.add(current.toString());
          current.setLength(0);
        } else {
          current.append(c);
        }
      }
      out.add(current.toString());
      return out;
    }
  }
}
