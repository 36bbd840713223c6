package dev.opskit.benchmarks.image;

import dev.opskit.ecs.image.ImagePublisher;
import dev.opskit.ecs.image.ImageReference;
import dev.opskit.ecs.image.ImageSource;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * One publish in its own JVM, as {@link ImagePushComparison} starts it: {@code archive target user
 * password [uploadThreads]}. Prints {@code <publish millis> <peak heap bytes> <digest>} on one
 * line.
 */
public final class PublishOnce {
  private PublishOnce() {}

  /**
   * Publishes once.
   *
   * @param args archive, target, user, password
   */
  public static void main(String[] args) {
    Path archive = Path.of(args[0]);
    String target = args[1];
    String host = target.substring(0, target.indexOf('/'));
    ImagePublisher publisher =
        ImagePublisher.builder()
            .registryCredentials(host, args[2], args[3])
            .allowInsecureRegistries(true)
            .uploadThreads(args.length > 4 ? Integer.parseInt(args[4]) : 3)
            .build();
    long start = System.nanoTime();
    ImageReference pushed = publisher.publish(ImageSource.ociArchive(archive), target);
    long millis = (System.nanoTime() - start) / 1_000_000;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println(millis + " " + peak + " " + pushed.digest());
  }
}
