package dev.opskit.ecs.internal.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The regular files of a tar archive and where their bytes are, read from the headers only, so an
 * entry can be streamed in place without unpacking the archive. Understands ustar, GNU long names
 * and pax {@code path}/{@code size} records.
 */
final class TarIndex {
  private static final int BLOCK = 512;

  private final Path file;
  private final Map<String, Entry> entries;

  record Entry(String name, long offset, long size) {}

  private TarIndex(Path file, Map<String, Entry> entries) {
    this.file = file;
    this.entries = entries;
  }

  static TarIndex read(Path file) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long length = channel.size();
      long position = 0;
      String longName = null;
      Map<String, String> pax = Map.of();
      ByteBuffer header = ByteBuffer.allocate(BLOCK);
      boolean first = true;
      while (position + BLOCK <= length) {
        header.clear();
        readFully(channel, header, position);
        byte[] h = header.array();
        if (isZero(h)) {
          break;
        }
        if (!checksumMatches(h)) {
          throw new InvalidImageException(
              file,
              first
                  ? "not a tar archive (the first 512-byte header has no valid checksum)"
                  : "damaged tar archive: bad header checksum at byte " + position);
        }
        first = false;
        long size = pax.containsKey("size") ? Long.parseLong(pax.get("size")) : number(h, 124, 12);
        char type = (char) h[156];
        String name = longName != null ? longName : pax.getOrDefault("path", name(h));
        long data = position + BLOCK;
        if (data + size > length) {
          throw new InvalidImageException(
              file, "truncated tar archive: entry " + name + " needs " + size + " bytes");
        }
        longName = null;
        if (type == 'L') {
          longName = trimNul(text(channel, data, size));
          pax = Map.of();
        } else if (type == 'x') {
          pax = pax(text(channel, data, size));
        } else {
          pax = Map.of();
          if (type == '0' || type == '\0' || type == '7') {
            String normalized = normalize(name);
            entries.put(normalized, new Entry(normalized, data, size));
          }
        }
        position = data + (size + BLOCK - 1) / BLOCK * BLOCK;
      }
      if (first) {
        throw new InvalidImageException(file, "not a tar archive (empty or no header)");
      }
    } catch (IOException e) {
      throw new InvalidImageException(file, "cannot read: " + e.getMessage(), e);
    } catch (NumberFormatException e) {
      throw new InvalidImageException(file, "damaged tar header: " + e.getMessage(), e);
    }
    return new TarIndex(file, entries);
  }

  Path file() {
    return file;
  }

  @Nullable Entry entry(String name) {
    return entries.get(name);
  }

  InputStream open(Entry entry) throws IOException {
    return new FileRangeInputStream(file, entry.offset(), entry.size());
  }

  private static String normalize(String name) {
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    while (n.startsWith("/")) {
      n = n.substring(1);
    }
    return n;
  }

  private static String name(byte[] h) {
    String name = field(h, 0, 100);
    boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    String prefix = ustar ? field(h, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String field(byte[] h, int offset, int length) {
    int end = offset;
    while (end < offset + length && h[end] != 0) {
      end++;
    }
    return new String(h, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long number(byte[] h, int offset, int length) {
    if ((h[offset] & 0x80) != 0) { // GNU base-256
      long value = h[offset] & 0x7f;
      for (int i = offset + 1; i < offset + length; i++) {
        value = (value << 8) | (h[i] & 0xff);
      }
      return value;
    }
    String text = field(h, offset, length).trim();
    return text.isEmpty() ? 0 : Long.parseLong(text, 8);
  }

  private static boolean checksumMatches(byte[] h) {
    long stored;
    try {
      stored = number(h, 148, 8);
    } catch (NumberFormatException e) {
      return false;
    }
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
    }
    return sum == stored;
  }

  private static boolean isZero(byte[] h) {
    for (byte b : h) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String text(FileChannel channel, long offset, long size) throws IOException {
    if (size > 1 << 20) {
      throw new IOException("tar metadata entry of " + size + " bytes");
    }
    ByteBuffer b = ByteBuffer.allocate((int) size);
    readFully(channel, b, offset);
    return new String(b.array(), StandardCharsets.UTF_8);
  }

  private static String trimNul(String s) {
    int nul = s.indexOf('\0');
    return nul >= 0 ? s.substring(0, nul) : s;
  }

  private static Map<String, String> pax(String records) {
    Map<String, String> out = new LinkedHashMap<>();
    byte[] bytes = records.getBytes(StandardCharsets.UTF_8);
    int i = 0;
    while (i < bytes.length) {
      int space = i;
      while (space < bytes.length && bytes[space] != ' ') {
        space++;
      }
      if (space >= bytes.length) {
        break;
      }
      int length = Integer.parseInt(new String(bytes, i, space - i, StandardCharsets.US_ASCII));
      String record =
          new String(bytes, space + 1, length - (space - i) - 2, StandardCharsets.UTF_8);
      int eq = record.indexOf('=');
      if (eq > 0) {
        out.put(record.substring(0, eq), record.substring(eq + 1));
      }
      i += length;
    }
    return out;
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long p = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, p);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + p);
      }
      p += n;
    }
  }
}
