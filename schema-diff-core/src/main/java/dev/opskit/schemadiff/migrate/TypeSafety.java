package dev.opskit.schemadiff.migrate;

import dev.opskit.schemadiff.model.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether changing a column's definition can lose or change data: a narrower type, a
 * changed enum list, a different character set, NULL becoming NOT NULL, a value becoming generated.
 */
final class TypeSafety {
  private static final List<String> INTEGERS =
      List.of("tinyint", "smallint", "mediumint", "int", "bigint");
  private static final List<String> TEXTS = List.of("tinytext", "text", "mediumtext", "longtext");
  private static final List<String> BLOBS = List.of("tinyblob", "blob", "mediumblob", "longblob");
  private static final Map<String, Integer> TEXT_BYTES =
      Map.of(
          "tinytext", 255, "text", 65_535, "mediumtext", 16_777_215, "longtext", Integer.MAX_VALUE);

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
    if (!from.type().equals(to.type()) && !widens(from.type(), to.type())) {
      return "changes column "
          + from.name()
          + " from "
          + from.type()
          + " to "
          + to.type()
          + ", which can truncate or change values";
    }
    if (from.isText() && to.isText() && !Objects.equals(from.charset(), to.charset())) {
      if (uniqueColumn) {
        return "changes the charset of column "
            + from.name()
            + ", which is part of a unique index: converted values can collide";
      }
      if (!"utf8mb4".equals(to.charset())
          && !("utf8mb3".equals(to.charset()) && !"utf8mb4".equals(from.charset()))) {
        return "converts column "
            + from.name()
            + " from "
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

  /** Returns whether every value of type {@code from} fits type {@code to} unchanged. */
  static boolean widens(String from, String to) {
    Type a = Type.parse(from);
    Type b = Type.parse(to);
    if (!a.rest.equals(b.rest) && !(a.rest.isEmpty() && b.rest.equals("zerofill"))) {
      return false;
    }
    int ia = INTEGERS.indexOf(a.base);
    int ib = INTEGERS.indexOf(b.base);
    if (ia >= 0 && ib >= 0) {
      if (a.unsigned == b.unsigned) {
        return ib >= ia;
      }
      return !a.unsigned ? false : ib > ia; // unsigned fits a signed type one size up
    }
    if (a.unsigned != b.unsigned) {
      return false;
    }
    if (a.base.equals("decimal") && b.base.equals("decimal")) {
      int integerDigitsA = a.arg(0) - a.arg(1);
      int integerDigitsB = b.arg(0) - b.arg(1);
      return integerDigitsB >= integerDigitsA && b.arg(1) >= a.arg(1);
    }
    if (a.base.equals("float") && b.base.equals("double")) {
      return true;
    }
    if (isString(a.base) && isString(b.base)) {
      return length(a) <= length(b) && (a.base.equals("char") || !b.base.equals("char"));
    }
    if (isBinary(a.base) && isBinary(b.base)) {
      return a.base.equals(b.base)
          ? a.arg(0) <= b.arg(0)
          : BLOBS.indexOf(b.base) > BLOBS.indexOf(a.base);
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

  private static boolean isString(String base) {
    return base.equals("char") || base.equals("varchar") || TEXTS.contains(base);
  }

  private static boolean isBinary(String base) {
    return base.equals("varbinary") || BLOBS.contains(base);
  }

  private static long length(Type t) {
    if (TEXTS.contains(t.base)) {
      return TEXT_BYTES.get(t.base);
    }
    return t.args.isEmpty() ? 1 : t.arg(0);
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
