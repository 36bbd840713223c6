package dev.opskit.ecs.internal.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A range of a file as a stream, read with positional reads (no shared position). */
final class FileRangeInputStream extends InputStream {
  private final FileChannel channel;
  private long position;
  private final long end;

  FileRangeInputStream(Path file, long offset, long size) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    this.position = offset;
    this.end = offset + size;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (position >= end) {
      return -1;
    }
    int want = (int) Math.min(len, end - position);
    int n = channel.read(ByteBuffer.wrap(b, off, want), position);
    if (n < 0) {
      throw new IOException("file ended " + (end - position) + " bytes early");
    }
    position += n;
    return n;
  }

  @Override
  public long skip(long n) {
    long skipped = Math.max(0, Math.min(n, end - position));
    position += skipped;
    return skipped;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, end - position);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
