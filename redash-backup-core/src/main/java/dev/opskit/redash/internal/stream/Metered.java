package dev.opskit.redash.internal.stream;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** Counts the bytes that pass a point of the pipeline and, optionally, hashes them with SHA-256. */
public final class Metered {
  private final AtomicLong bytes = new AtomicLong();
  private final @Nullable MessageDigest digest;

  private Metered(@Nullable MessageDigest digest) {
    this.digest = digest;
  }

  /**
   * A meter that counts bytes only.
   *
   * @return the meter
   */
  public static Metered counting() {
    return new Metered(null);
  }

  /**
   * A meter that counts bytes and hashes them with SHA-256.
   *
   * @return the meter
   */
  public static Metered hashing() {
    try {
      return new Metered(MessageDigest.getInstance("SHA-256"));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM lacks SHA-256", e);
    }
  }

  /**
   * Bytes seen so far; safe to read from any thread.
   *
   * @return the count
   */
  public long bytes() {
    return bytes.get();
  }

  /**
   * The hex SHA-256 of everything seen; call once, after the stream ended.
   *
   * @return 64 hex digits
   */
  public String sha256() {
    if (digest == null) {
      throw new IllegalStateException("this meter only counts");
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private void update(byte b) {
    if (digest != null) {
      digest.update(b);
    }
  }

  private void update(byte[] b, int off, int len) {
    if (digest != null) {
      digest.update(b, off, len);
    }
  }

  /**
   * Meters what is written through the returned stream.
   *
   * @param out the downstream
   * @return the metering stream
   */
  public OutputStream wrap(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        update((byte) b);
        bytes.incrementAndGet();
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        update(b, off, len);
        bytes.addAndGet(len);
      }
    };
  }

  /**
   * Meters what is read through the returned stream.
   *
   * @param in the upstream
   * @return the metering stream
   */
  public InputStream wrap(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
          update((byte) b);
          bytes.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
          update(b, off, n);
          bytes.addAndGet(n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        // Skipped bytes would escape the digest; read them instead.
        byte[] sink = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
          int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
          if (r < 0) {
            break;
          }
          skipped += r;
        }
        return skipped;
      }
    };
  }
}
