package dev.opskit.redash.internal.stream;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.opskit.redash.Compression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Opens compressing and decompressing streams for a {@link Compression}. */
public final class Codecs {
  private static final int BUFFER = 64 * 1024;
  private static final int ZSTD_LEVEL = 3;

  private Codecs() {}

  /**
   * Wraps a stream so that what is written to the result reaches {@code out} compressed.
   *
   * @param compression the compression
   * @param out where compressed bytes go
   * @return the compressing stream; closing it finishes the compressed format and closes {@code
   *     out}
   * @throws IOException when the stream cannot be started
   */
  public static OutputStream compress(Compression compression, OutputStream out)
      throws IOException {
    return switch (compression) {
      case GZIP -> new GZIPOutputStream(out, BUFFER);
      case ZSTD -> {
        ZstdOutputStream zstd = new ZstdOutputStream(out, ZSTD_LEVEL);
        // zstd's own worker threads compress while this thread keeps reading pg_dump's output.
        zstd.setWorkers(Math.min(4, Runtime.getRuntime().availableProcessors()));
        yield zstd;
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
   */
  public static InputStream decompress(Compression compression, InputStream in) throws IOException {
    return switch (compression) {
      case GZIP -> new GZIPInputStream(in, BUFFER);
      case ZSTD -> new BufferedInputStream(new ZstdInputStream(in), BUFFER);
      case NONE -> in;
    };
  }
}
