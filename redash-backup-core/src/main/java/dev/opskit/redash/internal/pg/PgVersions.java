package dev.opskit.redash.internal.pg;

import dev.opskit.redash.PgToolException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads client-program versions and compares them with the server's. */
public final class PgVersions {
  private static final Pattern VERSION =
      Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?");

  private PgVersions() {}

  /**
   * Runs {@code tool --version}.
   *
   * @param endpoint where and how the tool runs
   * @param tool pg_dump, pg_restore or psql
   * @return the version, such as {@code 15.20}
   */
  public static String toolVersion(PgEndpoint endpoint, String tool) {
    try (PgProcess process =
        PgProcess.start(tool, endpoint.versionCommand(tool), java.util.Map.of())) {
      String out;
      try (InputStream in = process.checkedStdout()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new PgToolException(tool + " --version failed: " + e.getMessage(), e);
      }
      Matcher m = VERSION.matcher(out);
      if (!m.find()) {
        throw new PgToolException(tool + " --version printed no PostgreSQL version: " + out);
      }
      return m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2);
    }
  }

  /**
   * The major version of a version string ({@code 15.20} → 15, {@code 9.6.24} → 9).
   *
   * @param version the version
   * @return the major version
   */
  public static int major(String version) {
    String digits = version.replaceAll("^(\\d+).*$", "$1");
    return Integer.parseInt(digits);
  }

  /**
   * Fails when pg_dump is older than the server: pg_dump refuses newer servers, and a silently
   * wrong tool is the most common failure of scripted backups.
   *
   * @param pgDumpVersion the pg_dump version
   * @param serverVersion the server version
   */
  public static void requireDumpCanRead(String pgDumpVersion, String serverVersion) {
    int tool = major(pgDumpVersion);
    int server = major(serverVersion);
    boolean older =
        server >= 10 ? tool < server : tool < 10 && compareOld(pgDumpVersion, serverVersion) < 0;
    if (older) {
      throw new PgToolException(
          "pg_dump "
              + pgDumpVersion
              + " is older than the PostgreSQL "
              + serverVersion
              + " server and cannot dump it; install pg_dump "
              + server
              + " (Debian: postgresql-client-"
              + server
              + ") and pass RedashDatabase.withToolsDirectory(...), or use RedashDatabase.docker(...)"
              + " to run the server's own pg_dump inside its container");
    }
  }

  private static int compareOld(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < 2; i++) {
      int c =
          Integer.compare(
              Integer.parseInt(x[Math.min(i, x.length - 1)]),
              Integer.parseInt(y[Math.min(i, y.length - 1)]));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
