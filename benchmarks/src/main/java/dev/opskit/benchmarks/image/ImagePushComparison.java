package dev.opskit.benchmarks.image;

import dev.opskit.testing.registry.LocalRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Pushes one OCI archive (three gzip layers of random, incompressible bytes, stored uncompressed
 * inside gzip; 300 MB by default) to a local CNCF registry (htpasswd auth, plain HTTP on loopback)
 * with {@link PublishOnce} in a JVM limited to {@code -Xmx128m} and with {@code skopeo copy},
 * alternately, each push into a fresh repository; prints the medians of the runs and the ratio.
 *
 * <p>See docs/benchmarks/ecs-deploy.md for the commands; {@code -Dpublisher.classpath=...} gives
 * the publishing JVM ecs-deploy-core's runtime class path instead of this harness's.
 */
public final class ImagePushComparison {
  private ImagePushComparison() {}

  /**
   * Runs the comparison.
   *
   * @param args layer size in MB (default 100) and number of runs (default 3)
   * @throws Exception when a push fails
   */
  public static void main(String[] args) throws Exception {
    int layerMb = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    // the publishing JVM gets ecs-deploy-core's own class path when given (as a CI job would have),
    // not this harness's, whose 160 jars (OpenSearch, JMH...) slow its start-up by about 0.4 s
    String publisherClasspath =
        System.getProperty("publisher.classpath", System.getProperty("java.class.path"));
    Path work = Files.createTempDirectory("opskit-image-bench-");
    Path archive = work.resolve("image.tar");
    String digest = writeArchive(archive, layerMb, new SplittableRandom(300));
    System.out.printf("archive %s: %d bytes, manifest %s%n", archive, Files.size(archive), digest);
    List<Long> publisherWall = new ArrayList<>();
    List<Long> publisherInner = new ArrayList<>();
    List<Long> publisherHeap = new ArrayList<>();
    List<Long> skopeoWall = new ArrayList<>();
    try {
      for (int run = 1; run <= runs; run++) {
        boolean publisherFirst = run % 2 == 1;
        for (int i = 0; i < 2; i++) {
          // a fresh registry (new storage, new port) per push: nothing to find or mount, for
          // either tool (skopeo's blob-info cache would otherwise mount from earlier runs)
          try (LocalRegistry registry = LocalRegistry.start()) {
            if ((i == 0) == publisherFirst) {
              String target = registry.host() + "/bench/publisher-" + run + ":v1";
              long start = System.nanoTime();
              String out =
                  run(
                      List.of(
                          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                          "-Xmx128m",
                          "-cp",
                          publisherClasspath,
                          PublishOnce.class.getName(),
                          archive.toString(),
                          target,
                          LocalRegistry.USER,
                          registry.password()));
              long wall = (System.nanoTime() - start) / 1_000_000;
              String[] lines = out.strip().split("\n");
              String[] parts = lines[lines.length - 1].split(" ");
              check(parts[2], digest, "ImagePublisher");
              publisherWall.add(wall);
              publisherInner.add(Long.parseLong(parts[0]));
              publisherHeap.add(Long.parseLong(parts[1]));
              System.out.printf(
                  "run %d ImagePublisher: %d ms (publish %s ms, peak heap %.1f MB)%n",
                  run, wall, parts[0], Long.parseLong(parts[1]) / 1e6);
            } else {
              String repository = "bench/skopeo-" + run;
              long start = System.nanoTime();
              run(
                  List.of(
                      "skopeo",
                      "copy",
                      "--quiet",
                      "--dest-tls-verify=false",
                      "--dest-creds",
                      LocalRegistry.USER + ":" + registry.password(),
                      "oci-archive:" + archive,
                      "docker://" + registry.host() + "/" + repository + ":v1"));
              long wall = (System.nanoTime() - start) / 1_000_000;
              check(registry.manifest(repository, "v1").orElseThrow().digest(), digest, "skopeo");
              skopeoWall.add(wall);
              System.out.printf("run %d skopeo copy: %d ms%n", run, wall);
            }
          }
        }
      }
    } finally {
      Files.deleteIfExists(archive);
      Files.deleteIfExists(work);
    }
    long p = median(publisherWall);
    long s = median(skopeoWall);
    System.out.printf(
        "median of %d: ImagePublisher %d ms (publish call %d ms, peak heap %.1f MB, -Xmx128m),"
            + " skopeo %d ms, ratio %.2f%n",
        runs, p, median(publisherInner), median(publisherHeap) / 1e6, s, (double) p / s);
  }

  private static void check(String actual, String expected, String who) {
    if (!actual.equals(expected)) {
      throw new IllegalStateException(who + " stored " + actual + ", not " + expected);
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(
          command.get(0) + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Writes the OCI archive, streaming each layer from the generator into the tar. */
  static String writeArchive(Path archive, int layerMb, SplittableRandom random)
      throws IOException {
    Path blobs = archive.resolveSibling("blobs");
    Files.createDirectories(blobs);
    List<String> layerDigests = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    List<Path> layerFiles = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path f = blobs.resolve("layer" + i);
      long content = (long) layerMb * 1_000_000 + i;
      ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      // a real gzip stream (stored blocks) of random bytes: skopeo keeps gzip layers as they are
      try (OutputStream out =
          new GZIPOutputStream(Files.newOutputStream(f), 1 << 16) {
            {
              def.setLevel(Deflater.NO_COMPRESSION);
            }
          }) {
        long left = content;
        while (left > 0) {
          chunk.clear();
          while (chunk.remaining() >= 8) {
            chunk.putLong(random.nextLong());
          }
          int n = (int) Math.min(left, chunk.position());
          out.write(chunk.array(), 0, n);
          left -= n;
        }
      }
      long size = Files.size(f);
      MessageDigest sha = sha256();
      try (InputStream in = Files.newInputStream(f)) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha.update(buffer, 0, n);
        }
      }
      layerDigests.add(hex(sha));
      sizes.add(size);
      layerFiles.add(f);
    }
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8);
    String configDigest = hex(sha256().digest(config));
    StringBuilder m =
        new StringBuilder(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\"sha256:"
                + configDigest
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[");
    for (int i = 0; i < 3; i++) {
      m.append(i == 0 ? "" : ",")
          .append(
              "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:")
          .append(layerDigests.get(i))
          .append("\",\"size\":")
          .append(sizes.get(i))
          .append('}');
    }
    byte[] manifest = m.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    String manifestDigest = hex(sha256().digest(manifest));
    byte[] index =
        ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:"
                + manifestDigest
                + "\",\"size\":"
                + manifest.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(archive)) {
      entry(
          out, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
      entry(out, "index.json", index);
      entry(out, "blobs/sha256/" + configDigest, config);
      entry(out, "blobs/sha256/" + manifestDigest, manifest);
      for (int i = 0; i < 3; i++) {
        out.write(header("blobs/sha256/" + layerDigests.get(i), sizes.get(i)));
        Files.copy(layerFiles.get(i), out);
        out.write(new byte[(int) ((512 - sizes.get(i) % 512) % 512)]);
        Files.delete(layerFiles.get(i));
      }
      out.write(new byte[1024]);
    }
    Files.delete(blobs);
    return "sha256:" + manifestDigest;
  }

  private static void entry(OutputStream out, String name, byte[] content) throws IOException {
    out.write(header(name, content.length));
    out.write(content);
    out.write(new byte[(512 - content.length % 512) % 512]);
  }

  private static byte[] header(String name, long size) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000644");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", size));
    put(h, 136, String.format("%011o", 0));
    h[156] = '0';
    put(h, 257, "ustar");
    put(h, 263, "00");
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    return h;
  }

  private static void put(byte[] h, int offset, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, offset, b.length);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(MessageDigest sha) {
    return HexFormat.of().formatHex(sha.digest());
  }

  private static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
