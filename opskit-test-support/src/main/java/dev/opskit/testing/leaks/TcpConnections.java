package dev.opskit.testing.leaks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This JVM's own TCP connections, read on Linux from {@code /proc/self/fd} (socket inodes) and
 * {@code /proc/self/net/tcp} and {@code tcp6} (addresses and state). Counting on the client side
 * keeps other builds that share the servers out of the picture.
 */
final class TcpConnections {
  private static final Path FDS = Path.of("/proc/self/fd");
  private static final List<Path> TABLES =
      List.of(Path.of("/proc/self/net/tcp"), Path.of("/proc/self/net/tcp6"));
  private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");
  private static final String[] STATES = {
    "?",
    "ESTABLISHED",
    "SYN_SENT",
    "SYN_RECV",
    "FIN_WAIT1",
    "FIN_WAIT2",
    "TIME_WAIT",
    "CLOSE",
    "CLOSE_WAIT",
    "LAST_ACK",
    "LISTEN",
    "CLOSING"
  };

  private TcpConnections() {}

  /** Returns whether this platform offers the files this class reads. */
  static boolean supported() {
    return Files.isDirectory(FDS) && Files.isReadable(TABLES.get(0));
  }

  /**
   * Returns this JVM's open connections whose remote port is one of {@code ports}, by socket inode.
   *
   * @param ports the remote ports of interest
   * @return socket inode to a description such as {@code 127.0.0.1:41234 -> 127.0.0.1:5432
   *     (ESTABLISHED)}
   */
  static Map<Long, String> to(Set<Integer> ports) throws IOException {
    Set<Long> own = ownSocketInodes();
    Map<Long, String> connections = new HashMap<>();
    for (Path table : TABLES) {
      if (!Files.isReadable(table)) {
        continue;
      }
      List<String> lines = Files.readAllLines(table);
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10) {
          continue;
        }
        long inode = Long.parseLong(f[9]);
        int state = Integer.parseInt(f[3], 16);
        String remote = f[2];
        int remotePort = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
        if (inode == 0 || !own.contains(inode) || !ports.contains(remotePort) || state == 10) {
          continue;
        }
        connections.put(
            inode,
            address(f[1])
                + " -> "
                + address(remote)
                + " ("
                + (state < STATES.length ? STATES[state] : Integer.toString(state))
                + ")");
      }
    }
    return connections;
  }

  private static Set<Long> ownSocketInodes() throws IOException {
    Set<Long> inodes = new java.util.HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
      for (Path fd : fds) {
        try {
          Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
          if (m.matches()) {
            inodes.add(Long.parseLong(m.group(1)));
          }
        } catch (IOException closedMeanwhile) {
          // The descriptor was closed while we listed the folder: not open, so not a leak.
        }
      }
    }
    return inodes;
  }

  /** Formats {@code 0100007F:1538} (or the 32-digit IPv6 form) as {@code 127.0.0.1:5432}. */
  static String address(String hex) {
    int colon = hex.indexOf(':');
    String host = hex.substring(0, colon);
    int port = Integer.parseInt(hex.substring(colon + 1), 16);
    if (host.length() == 8) {
      return ipv4(host, 0) + ":" + port;
    }
    // IPv6: four little-endian 32-bit words; show IPv4-mapped addresses as IPv4.
    if (host.startsWith("0000000000000000FFFF0000")) {
      return ipv4(host, 24) + ":" + port;
    }
    StringBuilder out = new StringBuilder("[");
    for (int word = 0; word < 4; word++) {
      for (int b = 3; b >= 0; b -= 2) {
        int i = word * 8 + b * 2;
        out.append(host, i, i + 2).append(host, i - 2, i);
        out.append(word == 3 && b == 1 ? "" : ":");
      }
    }
    return out.append("]:").append(port).toString().toLowerCase(java.util.Locale.ROOT);
  }

  private static String ipv4(String hex, int from) {
    StringBuilder out = new StringBuilder();
    for (int i = from + 6; i >= from; i -= 2) {
      out.append(Integer.parseInt(hex.substring(i, i + 2), 16));
      if (i > from) {
        out.append('.');
      }
    }
    return out.toString();
  }
}
