package dev.opskit.sigv4.internal;

import java.nio.ByteBuffer;
import java.util.Set;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.jspecify.annotations.Nullable;

/**
 * A repeatable async entity of fixed bytes, keeping the original content type and encoding: the
 * exact bytes that were signed, sent with a {@code Content-Length}.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class BytesEntityProducer implements AsyncEntityProducer {
  private final byte[] bytes;
  private final @Nullable String contentType;
  private final @Nullable String contentEncoding;
  private ByteBuffer remaining;

  /**
   * Creates a producer.
   *
   * @param bytes the body
   * @param contentType the content type, or {@code null}
   * @param contentEncoding the content encoding, or {@code null}
   */
  public BytesEntityProducer(
      byte[] bytes, @Nullable String contentType, @Nullable String contentEncoding) {
    this.bytes = bytes;
    this.contentType = contentType;
    this.contentEncoding = contentEncoding;
    this.remaining = ByteBuffer.wrap(bytes);
  }

  @Override
  public boolean isRepeatable() {
    return true;
  }

  @Override
  public void failed(Exception cause) {}

  @Override
  public long getContentLength() {
    return bytes.length;
  }

  @Override
  public @Nullable String getContentType() {
    return contentType;
  }

  @Override
  public @Nullable String getContentEncoding() {
    return contentEncoding;
  }

  @Override
  public boolean isChunked() {
    return false;
  }

  @Override
  public @Nullable Set<String> getTrailerNames() {
    return null;
  }

  @Override
  public int available() {
    return remaining.remaining();
  }

  @Override
  public synchronized void produce(DataStreamChannel channel) throws java.io.IOException {
    if (remaining.hasRemaining()) {
      channel.write(remaining);
    }
    if (!remaining.hasRemaining()) {
      channel.endStream();
    }
  }

  @Override
  public synchronized void releaseResources() {
    remaining = ByteBuffer.wrap(bytes);
  }
}
