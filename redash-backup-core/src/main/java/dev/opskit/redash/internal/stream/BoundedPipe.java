package dev.opskit.redash.internal.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A pipe between a producing thread (pg_dump's output, compressed) and a consuming one (the store's
 * upload), holding at most {@code capacity} chunks. Unlike {@link java.io.PipedInputStream}, a
 * failure on the writing side reaches the reader as an {@link IOException} instead of a clean end
 * of stream: that is what makes the S3 client abort a multipart upload rather than complete a
 * truncated object.
 */
public final class BoundedPipe {
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> chunks;
  private final int chunkSize;
  private volatile @Nullable Throwable writerFailure;
  private volatile boolean readerClosed;

  /**
   * Creates a pipe.
   *
   * @param chunkSize bytes per chunk
   * @param capacity chunks buffered at most; memory is bounded by {@code chunkSize * (capacity +
   *     2)}
   */
  public BoundedPipe(int chunkSize, int capacity) {
    this.chunkSize = chunkSize;
    this.chunks = new ArrayBlockingQueue<>(capacity);
  }

  /**
   * Marks the stream as failed: the reader's next read throws an exception caused by this one.
   *
   * @param failure what went wrong while producing
   */
  public void fail(Throwable failure) {
    writerFailure = failure;
    chunks.clear();
    chunks.offer(END);
  }

  /**
   * The writing end; closing it ends the stream normally.
   *
   * @return the sink
   */
  public OutputStream sink() {
    return new Sink();
  }

  /**
   * The reading end.
   *
   * @return the source
   */
  public InputStream source() {
    return new Source();
  }

  /**
   * Thrown to the writer when the reading side went away: a consequence of the reader's own
   * failure, never a root cause.
   */
  public static final class ReaderClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ReaderClosedException() {
      super("the reading side of the pipe was closed");
    }
  }

  private final class Sink extends OutputStream {
    private byte[] buffer = new byte[chunkSize];
    private int used;
    private boolean closed;

    @Override
    public void write(int b) throws IOException {
      if (used == buffer.length) {
        flushChunk();
      }
      buffer[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (used == buffer.length) {
          flushChunk();
        }
        int n = Math.min(len, buffer.length - used);
        System.arraycopy(b, off, buffer, used, n);
        used += n;
        off += n;
        len -= n;
      }
    }

    private void flushChunk() throws IOException {
      if (used == 0) {
        return;
      }
      put(used == buffer.length ? buffer : Arrays.copyOf(buffer, used));
      buffer = new byte[chunkSize];
      used = 0;
    }

    private void put(byte[] chunk) throws IOException {
      if (readerClosed) {
        throw new ReaderClosedException();
      }
      try {
        // Bounded waits so a reader that died without closing cannot park this thread forever.
        while (!chunks.offer(chunk, 200, TimeUnit.MILLISECONDS)) {
          if (readerClosed) {
            throw new ReaderClosedException();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing to the pipe");
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      flushChunk();
      put(END);
    }
  }

  private final class Source extends InputStream {
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (position == current.length) {
        if (ended) {
          return -1;
        }
        byte[] next;
        try {
          next = chunks.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while reading from the pipe");
        }
        Throwable failure = writerFailure;
        if (failure != null) {
          ended = true;
          throw new IOException("the backup stream failed: " + failure.getMessage(), failure);
        }
        if (next == END) {
          ended = true;
          return -1;
        }
        current = next;
        position = 0;
      }
      int n = Math.min(len, current.length - position);
      System.arraycopy(current, position, b, off, n);
      position += n;
      return n;
    }

    @Override
    public int available() {
      return current.length - position;
    }

    @Override
    public void close() {
      readerClosed = true;
      chunks.clear();
    }
  }
}
