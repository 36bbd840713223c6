package dev.opskit.testing.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The fake ECR registry of account {@link FakeEcs#ACCOUNT}. Guarded by the FakeEcs lock. */
final class EcrRegistry {
  private static final String MEDIA_TYPE = "application/vnd.docker.distribution.manifest.v2+json";

  private final FakeEcs fake;
  private final Map<String, List<Image>> repositories = new LinkedHashMap<>();
  private String proxyEndpoint =
      "https://" + FakeEcs.ACCOUNT + ".dkr.ecr." + FakeEcs.REGION + ".amazonaws.com";
  private Duration tokenValidity = Duration.ofHours(12);
  private final Deque<String> passwords = new ArrayDeque<>(List.of("fake-ecr-password"));

  EcrRegistry(FakeEcs fake) {
    this.fake = fake;
  }

  String put(String repository, String tag) {
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MEDIA_TYPE
            + "\",\"config\":{\"digest\":\"sha256:"
            + sha256(repository + ":" + tag + ":config")
            + "\"}}";
    Image image = new Image("sha256:" + sha256(manifest), manifest);
    image.tags.add(tag);
    repositories.computeIfAbsent(repository, r -> new ArrayList<>()).add(image);
    return image.digest;
  }

  void authorization(String endpoint, Duration validity, List<String> handedOut) {
    proxyEndpoint = endpoint;
    tokenValidity = validity;
    passwords.clear();
    passwords.addAll(handedOut);
  }

  private JsonNode authorizationToken() {
    String password = passwords.size() > 1 ? passwords.removeFirst() : passwords.getFirst();
    ObjectNode out = fake.json.createObjectNode();
    ObjectNode data = out.putArray("authorizationData").addObject();
    data.put(
        "authorizationToken",
        Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8)));
    data.put("expiresAt", fake.now().plus(tokenValidity).getEpochSecond());
    data.put("proxyEndpoint", proxyEndpoint);
    return out;
  }

  Set<String> tags(String repository, String digest) {
    for (Image i : repositories.getOrDefault(repository, List.of())) {
      if (i.digest.equals(digest)) {
        return Set.copyOf(i.tags);
      }
    }
    return Set.of();
  }

  JsonNode handle(String operation, JsonNode r) {
    return switch (operation) {
      case "DescribeImages" -> describeImages(r);
      case "BatchGetImage" -> batchGetImage(r);
      case "PutImage" -> putImage(r);
      case "GetAuthorizationToken" -> authorizationToken();
      default -> throw new FakeError("UnknownOperationException", operation + " is not modelled");
    };
  }

  private List<Image> repository(JsonNode r) {
    String name = r.path("repositoryName").asText();
    List<Image> images = repositories.get(name);
    if (images == null) {
      throw new FakeError(
          "RepositoryNotFoundException",
          "The repository with name '"
              + name
              + "' does not exist in the registry with id '"
              + FakeEcs.ACCOUNT
              + "'");
    }
    return images;
  }

  private @Nullable Image find(List<Image> images, JsonNode id) {
    for (Image i : images) {
      if (id.hasNonNull("imageDigest") && i.digest.equals(id.get("imageDigest").asText())) {
        return i;
      }
      if (!id.hasNonNull("imageDigest")
          && id.hasNonNull("imageTag")
          && i.tags.contains(id.get("imageTag").asText())) {
        return i;
      }
    }
    return null;
  }

  private JsonNode describeImages(JsonNode r) {
    List<Image> images = repository(r);
    ObjectNode out = fake.json.createObjectNode();
    ArrayNode details = out.putArray("imageDetails");
    for (JsonNode id : r.path("imageIds")) {
      Image i = find(images, id);
      if (i == null) {
        throw new FakeError(
            "ImageNotFoundException",
            "The image with imageId {imageDigest:'"
                + id.path("imageDigest").asText("null")
                + "', imageTag:'"
                + id.path("imageTag").asText("null")
                + "'} does not exist within the repository with name '"
                + r.path("repositoryName").asText()
                + "' in the registry with id '"
                + FakeEcs.ACCOUNT
                + "'");
      }
      ObjectNode d = details.addObject();
      d.put("registryId", FakeEcs.ACCOUNT);
      d.put("repositoryName", r.path("repositoryName").asText());
      d.put("imageDigest", i.digest);
      ArrayNode tags = d.putArray("imageTags");
      i.tags.forEach(tags::add);
      d.put("imageManifestMediaType", MEDIA_TYPE);
    }
    return out;
  }

  private JsonNode batchGetImage(JsonNode r) {
    List<Image> images = repository(r);
    ObjectNode out = fake.json.createObjectNode();
    ArrayNode found = out.putArray("images");
    ArrayNode failures = out.putArray("failures");
    for (JsonNode id : r.path("imageIds")) {
      Image i = find(images, id);
      if (i == null) {
        ObjectNode f = failures.addObject();
        f.set("imageId", id);
        f.put("failureCode", "ImageNotFound").put("failureReason", "Requested image not found");
        continue;
      }
      ObjectNode j = found.addObject();
      j.put("registryId", FakeEcs.ACCOUNT);
      j.put("repositoryName", r.path("repositoryName").asText());
      j.putObject("imageId").put("imageDigest", i.digest);
      j.put("imageManifest", i.manifest);
      j.put("imageManifestMediaType", MEDIA_TYPE);
    }
    return out;
  }

  private JsonNode putImage(JsonNode r) {
    List<Image> images = repository(r);
    String manifest = r.path("imageManifest").asText();
    String digest = "sha256:" + sha256(manifest);
    String tag = r.path("imageTag").asText();
    Image target = null;
    for (Image i : images) {
      if (i.digest.equals(digest)) {
        target = i;
      }
    }
    if (target == null) {
      target = new Image(digest, manifest);
      images.add(target);
    } else if (target.tags.contains(tag)) {
      throw new FakeError(
          "ImageAlreadyExistsException",
          "Image with digest '" + digest + "' and tag '" + tag + "' already exists");
    }
    for (Image i : images) {
      i.tags.remove(tag);
    }
    target.tags.add(tag);
    ObjectNode out = fake.json.createObjectNode();
    ObjectNode image = out.putObject("image");
    image.put("registryId", FakeEcs.ACCOUNT);
    image.put("repositoryName", r.path("repositoryName").asText());
    image.putObject("imageId").put("imageDigest", digest).put("imageTag", tag);
    image.put("imageManifest", manifest);
    return out;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Image {
    final String digest;
    final String manifest;
    final Set<String> tags = new LinkedHashSet<>();

    Image(String digest, String manifest) {
      this.digest = digest;
      this.manifest = manifest;
    }
  }
}
