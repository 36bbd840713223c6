package dev.opskit.redash.internal.pg;

import dev.opskit.redash.PgToolException;
import dev.opskit.redash.internal.concurrent.NamedThreads;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running client program. Its stderr is drained by a single-thread executor of its own (a full
 * pipe would block the program), whose named daemon thread ends with the stream; the last lines are
 * kept for error messages.
 */
public final class PgProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgProcess.class);
  private static final int KEPT_LINES = 20;
  private static final AtomicLong DRAINS = new AtomicLong();

  private final String tool;
  private final Process process;
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private long stderrLines;
  private final ExecutorService drainer;
  private final Future<?> stderrDrain;
  private volatile boolean quiet;

  private PgProcess(String tool, Process process) {
    this.tool = tool;
    this.process = process;
    this.drainer =
        Executors.newSingleThreadExecutor(
            NamedThreads.daemon("opskit-" + tool + "-stderr-" + DRAINS.incrementAndGet()));
    this.stderrDrain = drainer.submit(this::drainStderr);
    // Runs the drain to the end of the stream, then lets its thread go.
    drainer.shutdown();
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
      if (LOG.isDebugEnabled()) {
        // Redacted like PgEndpoint.toString; the environment (the password) is never logged.
        LOG.debug(
            "starting {}",
            command.stream().map(PgEndpoint::redactArgument).collect(Collectors.joining(" ")));
      }
      return new PgProcess(tool, builder.start());
    } catch (IOException e) {
      throw new PgToolException(
          tool
              + " could not be started ("
              + PgEndpoint.redactArgument(command.get(0))
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
    if (!quiet) {
      LOG.debug("{}: {}", tool, line);
    }
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
    awaitStderr();
    synchronized (stderrTail) {
      return String.join("\n", stderrTail);
    }
  }

  /**
   * Waits up to two seconds for the program's stderr to end (it ends when the program exits), so
   * that its last lines have been kept.
   */
  public void awaitStderr() {
    try {
      stderrDrain.get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the lines kept so far are what there is
    }
  }

  /**
   * Stops or resumes logging the program's stderr lines (they are still kept for messages): set
   * while a statement that carries a secret runs, whose error output might quote it.
   *
   * @param quiet true to stop logging
   */
  public void quiet(boolean quiet) {
    this.quiet = quiet;
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
    try {
      closeProcess();
    } finally {
      drainer.shutdownNow();
    }
  }

  private void closeProcess() {
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
