package dev.opskit.testing.leaks;

import java.util.List;

/**
 * Finds leftovers the extension cannot see by itself, such as the unfinished multipart uploads of
 * an in-process S3 server. A fixture registers one with {@link LeakCheckExtension#register} while
 * it runs.
 */
@FunctionalInterface
public interface LeakProbe {
  /**
   * Lists what is left over now.
   *
   * @return one short description per leftover (such as {@code bucket/key (upload id)}); empty when
   *     everything was cleaned up
   * @throws Exception if the probe cannot look; the extension reports that as a failure too
   */
  List<String> leftovers() throws Exception;
}
