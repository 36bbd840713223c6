package dev.opskit.ecs.taskdef;

import dev.opskit.ecs.EcsDeployException;
import dev.opskit.ecs.image.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;

/**
 * The changes a deploy makes to a task definition: images per container or per repository, a
 * tag-only change, environment variables, secrets, task cpu and memory. Everything else in the
 * definition is left exactly as it was.
 *
 * <pre>{@code
 * TaskDefinitionEdit edit = TaskDefinitionEdit.builder()
 *     .image("app", "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:" + sha)
 *     .environment("app", Map.of("FEATURE_X", "on"))
 *     .build();
 * RegisterTaskDefinitionRequest next = edit.applyTo(current);
 * }</pre>
 */
public final class TaskDefinitionEdit {
  private final Map<String, ImageReference> containerImages;
  private final Map<String, ImageReference> repositoryImages;
  private final Map<String, String> repositoryTags;
  private final Map<String, Map<String, String>> environment;
  private final Map<String, Map<String, String>> secrets;
  private final @Nullable String cpu;
  private final @Nullable String memory;

  private TaskDefinitionEdit(Builder b) {
    this.containerImages = Map.copyOf(b.containerImages);
    this.repositoryImages = Map.copyOf(b.repositoryImages);
    this.repositoryTags = Map.copyOf(b.repositoryTags);
    this.environment = copy(b.environment);
    this.secrets = copy(b.secrets);
    this.cpu = b.cpu;
    this.memory = b.memory;
  }

  private static Map<String, Map<String, String>> copy(Map<String, Map<String, String>> m) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, Map.copyOf(v)));
    return Map.copyOf(out);
  }

  /**
   * Returns a new builder with no edits.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this edit's changes, to add more.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.containerImages.putAll(containerImages);
    b.repositoryImages.putAll(repositoryImages);
    b.repositoryTags.putAll(repositoryTags);
    environment.forEach((k, v) -> b.environment(k, v));
    secrets.forEach((k, v) -> b.secrets(k, v));
    b.cpu = cpu;
    b.memory = memory;
    return b;
  }

  /**
   * Tells whether this edit changes nothing.
   *
   * @return true without any edit
   */
  public boolean isEmpty() {
    return containerImages.isEmpty()
        && repositoryImages.isEmpty()
        && repositoryTags.isEmpty()
        && environment.isEmpty()
        && secrets.isEmpty()
        && cpu == null
        && memory == null;
  }

  /**
   * Applies the edits to a task definition.
   *
   * @param definition the definition to start from
   * @return the edited definition; every field not edited is unchanged
   * @throws EcsDeployException when an edit names a container or repository the definition lacks
   */
  public RegisterTaskDefinitionRequest applyTo(RegisterTaskDefinitionRequest definition) {
    Objects.requireNonNull(definition, "definition");
    Set<String> names = new LinkedHashSet<>();
    definition.containerDefinitions().forEach(c -> names.add(c.name()));
    Set<String> named = new LinkedHashSet<>(containerImages.keySet());
    named.addAll(environment.keySet());
    named.addAll(secrets.keySet());
    for (String container : named) {
      if (!names.contains(container)) {
        throw new EcsDeployException(
            "task definition "
                + definition.family()
                + " has no container '"
                + container
                + "' (containers: "
                + String.join(", ", names)
                + ")");
      }
    }
    Set<String> repositories = new LinkedHashSet<>(repositoryImages.keySet());
    repositories.addAll(repositoryTags.keySet());
    for (String repository : repositories) {
      boolean found =
          definition.containerDefinitions().stream()
              .anyMatch(c -> inRepository(c.image(), repository));
      if (!found) {
        throw new EcsDeployException(
            "task definition "
                + definition.family()
                + " has no container running an image of repository "
                + repository);
      }
    }
    List<ContainerDefinition> containers = new ArrayList<>();
    for (ContainerDefinition c : definition.containerDefinitions()) {
      containers.add(edit(c));
    }
    RegisterTaskDefinitionRequest.Builder b =
        definition.toBuilder().containerDefinitions(containers);
    if (cpu != null) {
      b.cpu(cpu);
    }
    if (memory != null) {
      b.memory(memory);
    }
    return b.build();
  }

  private ContainerDefinition edit(ContainerDefinition c) {
    ContainerDefinition.Builder b = c.toBuilder();
    ImageReference current = parseOrNull(c.image());
    if (current != null) {
      for (Map.Entry<String, ImageReference> e : repositoryImages.entrySet()) {
        if (current.isInRepository(e.getKey())) {
          b.image(e.getValue().toString());
        }
      }
      for (Map.Entry<String, String> e : repositoryTags.entrySet()) {
        if (current.isInRepository(e.getKey())) {
          b.image(current.withTag(e.getValue()).toString());
        }
      }
    }
    ImageReference image = containerImages.get(c.name());
    if (image != null) {
      b.image(image.toString());
    }
    Map<String, String> env = environment.get(c.name());
    if (env != null) {
      Map<String, String> merged = new LinkedHashMap<>();
      c.environment().forEach(kv -> merged.put(kv.name(), kv.value()));
      new TreeMap<>(env).forEach(merged::put);
      List<KeyValuePair> pairs = new ArrayList<>();
      merged.forEach((k, v) -> pairs.add(KeyValuePair.builder().name(k).value(v).build()));
      b.environment(pairs);
    }
    Map<String, String> sec = secrets.get(c.name());
    if (sec != null) {
      Map<String, String> merged = new LinkedHashMap<>();
      c.secrets().forEach(s -> merged.put(s.name(), s.valueFrom()));
      new TreeMap<>(sec).forEach(merged::put);
      List<Secret> list = new ArrayList<>();
      merged.forEach((k, v) -> list.add(Secret.builder().name(k).valueFrom(v).build()));
      b.secrets(list);
    }
    return b.build();
  }

  private static boolean inRepository(@Nullable String image, String repository) {
    ImageReference ref = parseOrNull(image);
    return ref != null && ref.isInRepository(repository);
  }

  private static @Nullable ImageReference parseOrNull(@Nullable String image) {
    if (image == null) {
      return null;
    }
    try {
      return ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Collects the edits; setters replace an earlier value for the same container or name. */
  public static final class Builder {
    private final Map<String, ImageReference> containerImages = new LinkedHashMap<>();
    private final Map<String, ImageReference> repositoryImages = new LinkedHashMap<>();
    private final Map<String, String> repositoryTags = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> environment = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
    private @Nullable String cpu;
    private @Nullable String memory;

    private Builder() {}

    /**
     * Runs the named container on this image.
     *
     * @param container the container name
     * @param image the image reference
     * @return this builder
     * @throws IllegalArgumentException when the image is not a valid reference
     */
    public Builder image(String container, String image) {
      return image(container, ImageReference.parse(Objects.requireNonNull(image, "image")));
    }

    /**
     * Runs the named container on this image.
     *
     * @param container the container name
     * @param image the image
     * @return this builder
     */
    public Builder image(String container, ImageReference image) {
      containerImages.put(
          Objects.requireNonNull(container, "container"), Objects.requireNonNull(image, "image"));
      return this;
    }

    /**
     * Runs every container whose image is in the same repository as {@code image} on it.
     *
     * @param image the image, such as {@code registry/team/app:1.2}
     * @return this builder
     */
    public Builder repositoryImage(String image) {
      ImageReference ref = ImageReference.parse(Objects.requireNonNull(image, "image"));
      repositoryImages.put(ref.name(), ref);
      return this;
    }

    /**
     * Changes only the tag of every container image in a repository, keeping registry and
     * repository (and dropping a digest).
     *
     * @param repository the repository, with or without its registry
     * @param tag the new tag
     * @return this builder
     */
    public Builder repositoryTag(String repository, String tag) {
      ImageReference.parse(Objects.requireNonNull(repository, "repository") + ":" + tag);
      repositoryTags.put(repository, tag);
      return this;
    }

    /**
     * Sets environment variables of a container, keeping the others.
     *
     * @param container the container name
     * @param variables name to value
     * @return this builder
     */
    public Builder environment(String container, Map<String, String> variables) {
      environment
          .computeIfAbsent(
              Objects.requireNonNull(container, "container"), k -> new LinkedHashMap<>())
          .putAll(Objects.requireNonNull(variables, "variables"));
      return this;
    }

    /**
     * Sets secrets of a container, keeping the others.
     *
     * @param container the container name
     * @param valueFrom secret name to the ARN of the Secrets Manager secret or SSM parameter
     * @return this builder
     */
    public Builder secrets(String container, Map<String, String> valueFrom) {
      secrets
          .computeIfAbsent(
              Objects.requireNonNull(container, "container"), k -> new LinkedHashMap<>())
          .putAll(Objects.requireNonNull(valueFrom, "valueFrom"));
      return this;
    }

    /**
     * Sets the task's cpu, such as {@code 512} or {@code 1 vCPU}.
     *
     * @param taskCpu the cpu
     * @return this builder
     */
    public Builder cpu(String taskCpu) {
      this.cpu = Objects.requireNonNull(taskCpu, "cpu");
      return this;
    }

    /**
     * Sets the task's memory, such as {@code 1024} or {@code 1 GB}.
     *
     * @param taskMemory the memory
     * @return this builder
     */
    public Builder memory(String taskMemory) {
      this.memory = Objects.requireNonNull(taskMemory, "memory");
      return this;
    }

    /**
     * Applies another edit's changes on top of this builder's, for composing.
     *
     * @param customizer changes to make
     * @return this builder
     */
    public Builder apply(Consumer<Builder> customizer) {
      customizer.accept(this);
      return this;
    }

    /**
     * Builds the edit.
     *
     * @return the edit
     */
    public TaskDefinitionEdit build() {
      return new TaskDefinitionEdit(this);
    }
  }
}
