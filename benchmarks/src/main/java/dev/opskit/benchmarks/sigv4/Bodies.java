package dev.opskit.benchmarks.sigv4;

import java.nio.charset.StandardCharsets;

/** Request bodies shared by the benchmarks. */
final class Bodies {
  /** The size of the bulk body: the "5 MB bulk". */
  static final int BULK_BYTES = 5 * 1024 * 1024;

  /** A small search request, the common case. */
  static final byte[] SMALL_SEARCH =
      "{\"query\":{\"match\":{\"title\":\"opskit\"}},\"size\":10}".getBytes(StandardCharsets.UTF_8);

  private Bodies() {}

  /**
   * Returns an NDJSON bulk body of index actions without ids, just under {@code bytes} long.
   *
   * @param bytes the size limit
   * @return the body
   */
  static byte[] bulk(int bytes) {
    StringBuilder text = new StringBuilder(bytes);
    String filler = "lorem ipsum dolor sit amet consectetur adipiscing elit ".repeat(6);
    for (int i = 0; ; i++) {
      String doc =
          "{\"index\":{}}\n{\"title\":\"document "
              + i
              + "\",\"n\":"
              + i
              + ",\"tags\":[\"a\",\"b\"],\"body\":\""
              + filler
              + "\"}\n";
      if (text.length() + doc.length() > bytes) {
        break;
      }
      text.append(doc);
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Returns how many documents a bulk body holds.
   *
   * @param body the body
   * @return its number of documents
   */
  static int documents(byte[] body) {
    int lines = 0;
    for (byte b : body) {
      if (b == '\n') {
        lines++;
      }
    }
    return lines / 2;
  }
}
