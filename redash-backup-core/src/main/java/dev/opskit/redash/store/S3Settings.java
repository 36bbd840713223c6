package dev.opskit.redash.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.DelegatingS3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.internal.crt.S3CrtAsyncClient;
import software.amazon.awssdk.services.s3.internal.multipart.MultipartS3AsyncClient;

/**
 * The checks {@link S3BackupStore.Builder#build()} makes, so that a wrong setting fails when the
 * store is built rather than at the first backup with a misleading error.
 */
final class S3Settings {
  private static final int MAX_WRAPPERS = 32;
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

  private S3Settings() {}

  /**
   * Requires a client that uploads a stream of unknown length: the SDK's multipart client ({@code
   * S3AsyncClient.builder().multipartEnabled(true)}, which builds a {@link MultipartS3AsyncClient})
   * or the CRT client ({@code S3AsyncClient.crtBuilder()}), possibly wrapped in {@link
   * DelegatingS3AsyncClient}s (as tracing libraries do). A plain client fails a dump's upload with
   * an error that never says multipart is missing.
   */
  static void requireStreamingClient(S3AsyncClient client) {
    List<String> chain = new ArrayList<>();
    SdkClient current = client;
    for (int depth = 0; depth < MAX_WRAPPERS && current != null; depth++) {
      chain.add(current.getClass().getName());
      if (current instanceof MultipartS3AsyncClient || current instanceof S3CrtAsyncClient) {
        return;
      }
      if (!(current instanceof DelegatingS3AsyncClient wrapper) || wrapper.delegate() == current) {
        break;
      }
      current = wrapper.delegate();
    }
    throw new IllegalArgumentException(
        "the S3AsyncClient has multipart disabled; build it with"
            + " S3AsyncClient.builder().multipartEnabled(true) (or use the CRT client,"
            + " S3AsyncClient.crtBuilder()): a backup streams pg_dump's output, whose length is"
            + " unknown until it ends, which only a multipart client can upload (the client given: "
            + String.join(" wrapping ", chain)
            + ")");
  }

  /**
   * Checks a bucket name against S3's rules: 3 to 63 characters among lowercase letters, digits,
   * {@code .} and {@code -}, starting and ending with a letter or a digit, no two dots in a row,
   * not an IP address. When the client's region is {@code us-east-1}, the legacy names that region
   * still holds are accepted too: uppercase letters and {@code _}, up to 255 characters. Access
   * point and other ARNs ({@code arn:...}) are passed to the SDK as they are.
   */
  static void checkBucket(String bucket, S3AsyncClient client) {
    if (bucket.startsWith("s3://") || (bucket.contains("/") && !bucket.startsWith("arn:"))) {
      throw new IllegalArgumentException(
          "the bucket \""
              + bucket
              + "\" is a location, not a bucket name; give the bucket alone and the rest as"
              + " prefix: "
              + split(bucket));
    }
    if (bucket.chars().anyMatch(Character::isWhitespace)) {
      throw invalid(bucket, "contains whitespace");
    }
    if (bucket.startsWith("arn:")) {
      return;
    }
    boolean legacy = isUsEast1(client);
    int max = legacy ? 255 : 63;
    if (bucket.length() < 3 || bucket.length() > max) {
      throw invalid(
          bucket,
          "has "
              + bucket.length()
              + " characters; bucket names have 3 to 63"
              + (legacy ? " (up to 255 for legacy buckets in us-east-1)" : ""));
    }
    Set<Character> never = new LinkedHashSet<>();
    Set<Character> legacyOnly = new LinkedHashSet<>();
    for (char c : bucket.toCharArray()) {
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
        continue;
      }
      (c >= 'A' && c <= 'Z' || c == '_' ? legacyOnly : never).add(c);
    }
    if (!never.isEmpty()) {
      throw invalid(
          bucket,
          "has "
              + quote(never)
              + ", which bucket names cannot contain: they are lowercase letters, digits, '.' and"
              + " '-'");
    }
    if (!legacyOnly.isEmpty() && !legacy) {
      throw invalid(
          bucket,
          "has "
              + quote(legacyOnly)
              + ": bucket names are lowercase letters, digits, '.' and '-'; uppercase letters and"
              + " '_' exist only in legacy buckets of us-east-1, accepted when the client's region"
              + " is us-east-1");
    }
    if (!Character.isLetterOrDigit(bucket.charAt(0))
        || !Character.isLetterOrDigit(bucket.charAt(bucket.length() - 1))) {
      throw invalid(bucket, "must start and end with a letter or a digit");
    }
    if (bucket.contains("..")) {
      throw invalid(bucket, "has two dots in a row");
    }
    if (IP_ADDRESS.matcher(bucket).matches()) {
      throw invalid(bucket, "is formatted as an IP address, which bucket names cannot be");
    }
  }

  /**
   * The key prefix as a folder: refused when it starts with {@code /}; a non-empty prefix without a
   * trailing {@code /} gets one ({@code redash} and {@code redash/} are the same folder).
   */
  static String prefix(String prefix) {
    if (prefix.startsWith("/")) {
      throw new IllegalArgumentException(
          "the prefix \""
              + prefix
              + "\" must not start with '/': keys are relative to the bucket; use prefix(\""
              + asFolder(prefix.replaceFirst("^/+", ""))
              + "\")");
    }
    return asFolder(prefix);
  }

  private static String asFolder(String prefix) {
    return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
  }

  /** {@code bucket("b").prefix("p/")} for {@code s3://b/p}. */
  private static String split(String location) {
    String rest = location.startsWith("s3://") ? location.substring("s3://".length()) : location;
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : asFolder(rest.substring(slash + 1));
    return "bucket(\""
        + bucket
        + "\")"
        + (prefix.isEmpty() ? "" : ".prefix(\"" + prefix + "\")")
        + ", or BackupStore.s3(client, \""
        + bucket
        + "\", \""
        + prefix
        + "\")";
  }

  private static IllegalArgumentException invalid(String bucket, String why) {
    return new IllegalArgumentException(
        "the bucket \"" + bucket + "\" is not a valid S3 bucket name: it " + why);
  }

  private static String quote(Set<Character> chars) {
    return chars.stream()
        .map(c -> c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'")
        .collect(Collectors.joining(", "));
  }

  private static boolean isUsEast1(S3AsyncClient client) {
    Region region;
    try {
      region = client.serviceClientConfiguration().region();
    } catch (RuntimeException e) {
      return false; // a client that does not say: the strict rules
    }
    return Region.US_EAST_1.equals(region) || Region.AWS_GLOBAL.equals(region);
  }
}
