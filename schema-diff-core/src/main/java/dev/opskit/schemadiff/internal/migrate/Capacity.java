package dev.opskit.schemadiff.internal.migrate;

import dev.opskit.schemadiff.internal.model.Charsets;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What text and binary types hold, as the server counts it: CHAR and VARCHAR a number of
 * characters; TEXT, BLOB, BINARY and VARBINARY a number of bytes. A character count meets a byte
 * count through the widest (or narrowest) character of the charset.
 */
final class Capacity {
  /** What a TEXT or BLOB type holds, in bytes. */
  private static final Map<String, Long> LOB_BYTES =
      Map.of(
          "tinytext", 255L,
          "text", 65_535L,
          "mediumtext", 16_777_215L,
          "longtext", 4_294_967_295L,
          "tinyblob", 255L,
          "blob", 65_535L,
          "mediumblob", 16_777_215L,
          "longblob", 4_294_967_295L);

  private Capacity() {}

  static boolean isLob(String base) {
    return LOB_BYTES.containsKey(base);
  }

  static boolean isString(String base) {
    return base.equals("char") || base.equals("varchar") || base.endsWith("text");
  }

  static boolean isBinary(String base) {
    return base.equals("binary") || base.equals("varbinary") || base.endsWith("blob");
  }

  /**
   * Whether every string of one CHAR, VARCHAR or TEXT type fits another: characters against
   * characters, bytes against bytes, one against the other through the charsets' widest and
   * narrowest characters.
   *
   * @param fromLength the declared length of a CHAR or VARCHAR; ignored for TEXT types
   */
  static boolean stringFits(
      String from,
      int fromLength,
      @Nullable String fromCharset,
      String to,
      int toLength,
      @Nullable String toCharset) {
    if (to.equals("char") && !from.equals("char")) {
      return false; // CHAR drops the trailing spaces of what it stores
    }
    boolean fromChars = !isLob(from);
    boolean toChars = !isLob(to);
    if (fromChars && toChars) {
      return fromLength <= toLength;
    }
    if (fromChars) {
      return (long) fromLength * widestIn(fromCharset, toCharset) <= LOB_BYTES.get(to);
    }
    long fromBytes = LOB_BYTES.get(from);
    if (toChars) {
      return fromBytes / Charsets.minBytesPerChar(fromCharset) <= toLength;
    }
    return convertedBytes(fromBytes, fromCharset, toCharset) <= LOB_BYTES.get(to);
  }

  /**
   * Whether every value of one BINARY, VARBINARY or BLOB type fits another, byte for byte.
   * BINARY(n) pads every shorter value with zero bytes, so it fits nothing but itself (equal types
   * never reach here).
   */
  static boolean binaryFits(String from, int fromLength, String to, int toLength) {
    long fromBytes = isLob(from) ? LOB_BYTES.get(from) : fromLength;
    long toBytes = isLob(to) ? LOB_BYTES.get(to) : toLength;
    return !to.equals("binary") && fromBytes <= toBytes;
  }

  /** The most bytes a character of {@code from} takes once converted to {@code to}. */
  private static int widestIn(@Nullable String from, @Nullable String to) {
    int widest = Charsets.maxBytesPerChar(to);
    if (Objects.equals(from, to) || !Charsets.isBmpOnly(from) || to == null) {
      return widest;
    }
    // A character of the Basic Multilingual Plane takes at most 3 bytes in UTF-8, 2 in UTF-16.
    return switch (to) {
      case "utf8mb3", "utf8mb4" -> 3;
      case "ucs2", "utf16", "utf16le" -> 2;
      default -> widest;
    };
  }

  /** The most bytes in {@code to} of a value taking {@code bytes} bytes in {@code from}. */
  private static long convertedBytes(long bytes, @Nullable String from, @Nullable String to) {
    if (Objects.equals(from, to) || (isUtf8(from) && isUtf8(to))) {
      return bytes; // UTF-8 encodes a character alike in both; utf8mb3 makes a 4-byte one '?'
    }
    int narrowest = Charsets.minBytesPerChar(from);
    return (bytes * widestIn(from, to) + narrowest - 1) / narrowest;
  }

  private static boolean isUtf8(@Nullable String charset) {
    return "utf8mb3".equals(charset) || "utf8mb4".equals(charset);
  }
}
