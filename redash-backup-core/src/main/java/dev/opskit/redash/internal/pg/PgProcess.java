package dev.opskit.redash.internal.pg;

import dev.opskit.redash.PgToolException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running client program. Its stderr is drained on its own thread (a full pipe would block it)
 * and the last lines are kept for error messages.
 */
public final class PgProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgProcess.class);
  private static final int KEPT_LINES = 20;

  private final String tool;
  private final Process process;
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private long stderrLines;
  private final Thread stderrDrain;

  private PgProcess(String tool, Process process) {
    this.tool = tool;
    this.process = process;
    this.stderrDrain = new Thread(this::drainStderr, "opskit-" + tool + "-stderr");
    stderrDrain.setDaemon(true);
    stderrDrain.start();
  }

  /**
   * Starts a program.
   *
   * @param tool the program's name, for messages
   * @param command its command line
   * @param environment variables for the program (the password travels here, never in argv)
   * @return the running program
   */
  public static PgProcess start(
      String tool, List<String> command, java.util.Map<String, String> environment) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    try {
      LOG.debug("starting {}", String.join(" ", command));
      return new PgProcess(tool, builder.start());
    } catch (IOException e) {
      throw new PgToolException(
          tool
              + " could not be started ("
              + command.get(0)
              + "): "
              + e.getMessage()
              + "; install the PostgreSQL client programs (Debian: apt-get install postgresql-client)"
              + " or point RedashDatabase.withToolsDirectory(...) at them",
          e);
    }
  }

  private void drainStderr() {
    try (InputStream err = process.getErrorStream()) {
      StringBuilder line = new StringBuilder();
      byte[] buffer = new byte[4096];
      int n;
      while ((n = err.read(buffer)) >= 0) {
        String text = new String(buffer, 0, n, StandardCharsets.UTF_8);
        for (char c : text.toCharArray()) {
          if (c == '\n') {
            keep(line.toString());
            line.setLength(0);
          } else if (line.length() < 2000) {
            line.append(c);
          }
        }
      }
      if (line.length() > 0) {
        keep(line.toString());
      }
    } catch (IOException e) {
      keep("(stderr unreadable: " + e.getMessage() + ")");
    }
  }

  private void keep(String line) {
    LOG.debug("{}: {}", tool, line);
    synchronized (stderrTail) {
      stderrLines++;
      stderrTail.addLast(line);
      if (stderrTail.size() > KEPT_LINES) {
        stderrTail.removeFirst();
      }
    }
  }

  /**
   * The last lines the program wrote to stderr.
   *
   * @return the lines joined with newlines
   */
  public String stderrTail() {
    try {
      stderrDrain.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (stderrTail) {
      return String.join("\n", stderrTail);
    }
  }

  /**
   * How many lines the program has written to stderr so far.
   *
   * @return the count
   */
  public long stderrLines() {
    synchronized (stderrTail) {
      return stderrLines;
    }
  }

  /**
   * The stderr lines written after a count taken with {@link #stderrLines()}, as far as they are
   * still kept.
   *
   * @param mark the earlier count
   * @return the lines joined with newlines
   */
  public String stderrSince(long mark) {
    synchronized (stderrTail) {
      long fresh = Math.min(stderrLines - mark, stderrTail.size());
      return String.join("\n", stderrTail.stream().skip(stderrTail.size() - fresh).toList());
    }
  }

  /**
   * The program's stdin.
   *
   * @return the stream
   */
  public java.io.OutputStream stdin() {
    return process.getOutputStream();
  }

  /**
   * The program's stdout, which at its end checks the exit status: a program that failed makes the
   * last read throw instead of ending the stream normally, so a truncated dump is never taken for a
   * whole one.
   *
   * @return the stream
   */
  public InputStream checkedStdout() {
    return new FilterInputStream(process.getInputStream()) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
          checkExit();
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
          checkExit();
        }
        return n;
      }
    };
  }

  private void checkExit() throws IOException {
    int exit = waitFor();
    if (exit != 0) {
      throw new IOException(failureMessage(exit));
    }
  }

  /**
   * Waits for the program to exit.
   *
   * @return its exit status
   */
  public int waitFor() {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new PgToolException(tool + " was interrupted", e);
    }
  }

  /**
   * Describes a failed run.
   *
   * @param exit the exit status
   * @return the program, its status and its last stderr lines
   */
  public String failureMessage(int exit) {
    String tail = stderrTail();
    return tool
        + " exited with status "
        + exit
        + (exit > 128 ? " (killed by signal " + (exit - 128) + ")" : "")
        + (tail.isEmpty() ? "" : ": " + tail);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
