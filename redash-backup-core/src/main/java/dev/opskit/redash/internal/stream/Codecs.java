package dev.opskit.redash.internal.stream;

import dev.opskit.redash.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Opens compressing and decompressing streams for a {@link Compression}.
 *
 * <p>zstd-jni is an optional dependency: only {@link ZstdCodec} mentions its classes, so GZIP and
 * NONE work without it, and {@link Compression#ZSTD} fails with {@link #requireAvailable}'s message
 * naming the artifact to add.
 */
public final class Codecs {
  /** The zstd-jni version opskit is built and tested with: the one its parent POM manages. */
  static final String ZSTD_JNI_VERSION = "1.5.7-28";

  private static final int BUFFER = 64 * 1024;

  private Codecs() {}

  /**
   * Checks that a compression can be used here: {@link Compression#ZSTD} needs zstd-jni on the
   * class path, an optional dependency of opskit's redash-backup-core.
   *
   * @param compression the compression
   * @throws IllegalStateException when it is {@link Compression#ZSTD} and zstd-jni is missing; the
   *     message names the artifact to add
   */
  public static void requireAvailable(Compression compression) {
    if (compression == Compression.ZSTD && !present(ZstdCodec.PROBE_CLASS)) {
      throw new IllegalStateException(
          "Compression.ZSTD needs zstd-jni on the class path: add the dependency"
              + " com.github.luben:zstd-jni (version "
              + ZSTD_JNI_VERSION
              + ", the one opskit is built and tested with) to your build, or use Compression.GZIP");
    }
  }

  /**
   * Wraps a stream so that what is written to the result reaches {@code out} compressed.
   *
   * @param compression the compression
   * @param out where compressed bytes go
   * @return the compressing stream; closing it finishes the compressed format and closes {@code
   *     out}
   * @throws IOException when the stream cannot be started
   * @throws IllegalStateException when the compression's library is missing, see {@link
   *     #requireAvailable}
   */
  public static OutputStream compress(Compression compression, OutputStream out)
      throws IOException {
    return switch (compression) {
      case GZIP -> new GZIPOutputStream(out, BUFFER);
      case ZSTD -> {
        requireAvailable(compression);
        yield ZstdCodec.compress(out);
      }
      case NONE -> out;
    };
  }

  /**
   * Wraps a stream of compressed bytes so that reading the result gives the original bytes.
   *
   * @param compression the compression
   * @param in compressed bytes
   * @return the decompressing stream
   * @throws IOException when the header is not in the expected format
   * @throws IllegalStateException when the compression's library is missing, see {@link
   *     #requireAvailable}
   */
  public static InputStream decompress(Compression compression, InputStream in) throws IOException {
    return switch (compression) {
      case GZIP -> new GZIPInputStream(in, BUFFER);
      case ZSTD -> {
        requireAvailable(compression);
        yield ZstdCodec.decompress(in, BUFFER);
      }
      case NONE -> in;
    };
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, Codecs.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
