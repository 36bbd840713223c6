package dev.opskit.redash.internal.stream;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The only class that mentions zstd-jni, an optional dependency. {@link Codecs} calls it for {@code
 * Compression.ZSTD} alone, after {@link Codecs#requireAvailable}: verifying {@link Codecs} (its
 * GZIP and NONE arms included) then never needs a zstd-jni class, whose absence would otherwise
 * fail them too with a {@link NoClassDefFoundError}.
 */
final class ZstdCodec {
  /** The class whose presence means zstd-jni is on the class path. */
  static final String PROBE_CLASS = "com.github.luben.zstd.ZstdOutputStream";

  private static final int LEVEL = 3;

  private ZstdCodec() {}

  static OutputStream compress(OutputStream out) throws IOException {
    ZstdOutputStream zstd = new ZstdOutputStream(out, LEVEL);
    // zstd's own worker threads compress while this thread keeps reading pg_dump's output.
    zstd.setWorkers(Math.min(4, Runtime.getRuntime().availableProcessors()));
    return zstd;
  }

  static InputStream decompress(InputStream in, int buffer) throws IOException {
    return new BufferedInputStream(new ZstdInputStream(in), buffer);
  }
}
