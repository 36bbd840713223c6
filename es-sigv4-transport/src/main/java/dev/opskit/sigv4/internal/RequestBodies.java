package dev.opskit.sigv4.internal;

import dev.opskit.sigv4.RequestBodyTooLargeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.jspecify.annotations.Nullable;

/**
 * Reads a request body once, up to a cap, into the bytes that are both hashed and sent.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class RequestBodies {
  /** Calls to an async producer in a row that may produce nothing before giving up (~2 s). */
  private static final int MAX_IDLE_CALLS = 20_000;

  private RequestBodies() {}

  /**
   * Reads a classic entity, compressed or not, exactly as its {@code writeTo} would send it.
   *
   * @param entity the entity
   * @param request the request, for the error message
   * @param maxBytes the cap
   * @return the bytes
   * @throws IOException if reading fails
   */
  public static byte[] read(HttpEntity entity, HttpRequest request, long maxBytes)
      throws IOException {
    long declared = entity.getContentLength();
    if (declared > maxBytes) {
      throw tooLarge(request, maxBytes);
    }
    CappedOutput out = new CappedOutput(maxBytes, request, declared);
    entity.writeTo(out);
    return out.bytes();
  }

  /**
   * Drains an async producer into bytes by calling it with a capturing channel until it ends the
   * stream; then releases it.
   *
   * @param producer the producer
   * @param request the request, for the error message
   * @param maxBytes the cap
   * @return the bytes
   * @throws IOException if the producer fails or never finishes
   */
  public static byte[] drain(AsyncEntityProducer producer, HttpRequest request, long maxBytes)
      throws IOException {
    long declared = producer.getContentLength();
    if (declared > maxBytes) {
      throw tooLarge(request, maxBytes);
    }
    CappedOutput out = new CappedOutput(maxBytes, request, declared);
    Capture channel = new Capture(out);
    int idle = 0;
    while (!channel.ended) {
      int before = out.size();
      producer.produce(channel);
      if (out.size() == before && !channel.ended) {
        if (++idle > MAX_IDLE_CALLS) {
          throw new IOException(
              "the request body producer for "
                  + request.getMethod()
                  + " did not finish; it must produce its content without waiting for the"
                  + " connection to be signed");
        }
        LockSupport.parkNanos(100_000L);
      } else {
        idle = 0;
      }
    }
    return out.bytes();
  }

  /**
   * Makes the request's headers describe the buffered body. Content type and encoding are set here
   * so they are signed. Framing is left to HttpClient, which derives {@code Content-Length} from
   * the fixed-length replacement entity: {@code Transfer-Encoding} and a stale {@code
   * Content-Length} are removed, and a {@code Content-Length} is only written here when an earlier
   * element had already framed the request (HttpClient versions that frame before the last exec
   * handler).
   *
   * @param request the request
   * @param length the body length
   * @param contentType the body's content type, or {@code null}
   * @param contentEncoding the body's content encoding, or {@code null}
   * @return whether this call wrote {@code Content-Length}
   */
  public static boolean describe(
      HttpRequest request,
      int length,
      @Nullable String contentType,
      @Nullable String contentEncoding) {
    boolean framed =
        request.containsHeader(HttpHeaders.TRANSFER_ENCODING)
            || request.containsHeader(HttpHeaders.CONTENT_LENGTH);
    request.removeHeaders(HttpHeaders.TRANSFER_ENCODING);
    request.removeHeaders(HttpHeaders.CONTENT_LENGTH);
    if (framed) {
      request.setHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(length));
    }
    if (contentType != null && !request.containsHeader(HttpHeaders.CONTENT_TYPE)) {
      request.setHeader(HttpHeaders.CONTENT_TYPE, contentType);
    }
    if (contentEncoding != null && !request.containsHeader(HttpHeaders.CONTENT_ENCODING)) {
      request.setHeader(HttpHeaders.CONTENT_ENCODING, contentEncoding);
    }
    return framed;
  }

  /**
   * Removes framing headers HttpClient added after the handler, before the request is sent again.
   *
   * @param request the request
   * @param framedByHandler what {@link #describe} returned for it
   */
  public static void unframe(HttpRequest request, boolean framedByHandler) {
    if (!framedByHandler) {
      request.removeHeaders(HttpHeaders.TRANSFER_ENCODING);
      request.removeHeaders(HttpHeaders.CONTENT_LENGTH);
    }
  }

  static RequestBodyTooLargeException tooLarge(HttpRequest request, long maxBytes) {
    String path = request.getPath() == null ? "/" : request.getPath();
    int q = path.indexOf('?');
    return new RequestBodyTooLargeException(
        request.getMethod(), q < 0 ? path : path.substring(0, q), maxBytes);
  }

  private static final class CappedOutput extends ByteArrayOutputStream {
    private final long max;
    private final HttpRequest request;

    CappedOutput(long max, HttpRequest request, long declared) {
      super(declared > 0 ? (int) declared : 8192);
      this.max = max;
      this.request = request;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      if ((long) count + len > max) {
        throw tooLarge(request, max);
      }
      super.write(b, off, len);
    }

    @Override
    public synchronized void write(int b) {
      if ((long) count + 1 > max) {
        throw tooLarge(request, max);
      }
      super.write(b);
    }

    @Override
    public void writeBytes(byte[] b) {
      write(b, 0, b.length);
    }

    /** The bytes written, without a second copy when the declared length was exact. */
    synchronized byte[] bytes() {
      return count == buf.length ? buf : java.util.Arrays.copyOf(buf, count);
    }

    void take(ByteBuffer src) {
      int n = src.remaining();
      if ((long) count + n > max) {
        throw tooLarge(request, max);
      }
      if (src.hasArray()) {
        write(src.array(), src.arrayOffset() + src.position(), n);
        src.position(src.limit());
      } else {
        byte[] tmp = new byte[n];
        src.get(tmp);
        write(tmp, 0, n);
      }
    }
  }

  private static final class Capture implements DataStreamChannel {
    private final CappedOutput out;
    private boolean ended;

    Capture(CappedOutput out) {
      this.out = out;
    }

    @Override
    public void requestOutput() {}

    @Override
    public int write(ByteBuffer src) {
      int n = src.remaining();
      out.take(src);
      return n;
    }

    @Override
    public void endStream() {
      ended = true;
    }

    @Override
    public void endStream(List<? extends Header> trailers) {
      ended = true;
    }
  }
}
