package dev.opskit.ecs.taskdef;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.ecs.internal.SdkJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

class TaskDefinitionEditProperties {

  @Property(tries = 200)
  void copyKeepsEveryFieldButTheReadOnlyOnes(@ForAll("definitions") TaskDefinition described) {
    RegisterTaskDefinitionRequest copy = TaskDefinitionCopy.of(described, List.of());

    Map<String, String> expected = TaskDefinitionDiff.flatten(SdkJson.toJson(described));
    expected.keySet().removeIf(path -> TaskDefinitionCopy.READ_ONLY_FIELDS.contains(root(path)));
    assertThat(TaskDefinitionDiff.flatten(SdkJson.toJson(copy))).isEqualTo(expected);
  }

  @Property(tries = 200)
  void jsonRoundTripIsLossless(@ForAll("definitions") TaskDefinition described) {
    RegisterTaskDefinitionRequest copy = TaskDefinitionCopy.of(described, List.of(tag()));

    assertThat(TaskDefinitionCopy.fromJson(TaskDefinitionCopy.toJson(copy))).isEqualTo(copy);
  }

  @Property(tries = 200)
  void editChangesOnlyWhatItNames(
      @ForAll("definitions") TaskDefinition described,
      @ForAll("indexes") int pick,
      @ForAll("values") String value) {
    RegisterTaskDefinitionRequest before = TaskDefinitionCopy.of(described, List.of(tag()));
    String container =
        before.containerDefinitions().get(pick % before.containerDefinitions().size()).name();
    TaskDefinitionEdit edit =
        TaskDefinitionEdit.builder()
            .image(container, "registry.example.com:5000/edited/app:" + value)
            .environment(container, Map.of("EDITED", value))
            .build();

    RegisterTaskDefinitionRequest after = edit.applyTo(before);

    Map<String, String> untouchedBefore = TaskDefinitionDiff.flatten(SdkJson.toJson(before));
    Map<String, String> untouchedAfter = TaskDefinitionDiff.flatten(SdkJson.toJson(after));
    String prefix = "containerDefinitions[" + container + "]";
    assertThat(untouchedAfter)
        .containsEntry(prefix + ".image", "registry.example.com:5000/edited/app:" + value)
        .containsEntry(prefix + ".environment[EDITED].value", value);
    untouchedBefore
        .keySet()
        .removeIf(p -> p.equals(prefix + ".image") || p.startsWith(prefix + ".environment"));
    untouchedAfter
        .keySet()
        .removeIf(p -> p.equals(prefix + ".image") || p.startsWith(prefix + ".environment"));
    assertThat(untouchedAfter).isEqualTo(untouchedBefore);
    assertThat(TaskDefinitionDiff.between(before, after).changes())
        .allSatisfy(c -> assertThat(c.path()).startsWith(prefix));
  }

  private static String root(String path) {
    return path.split("[.\\[]")[0];
  }

  private static Tag tag() {
    return Tag.builder().key("team").value("web").build();
  }

  @Provide
  Arbitrary<Integer> indexes() {
    return Arbitraries.integers().between(0, 10);
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(12);
  }

  @Provide
  Arbitrary<TaskDefinition> definitions() {
    Arbitrary<List<ContainerDefinition>> containers =
        container().list().ofMinSize(1).ofMaxSize(4).uniqueElements(ContainerDefinition::name);
    return Combinators.combine(
            values(),
            containers,
            Arbitraries.of("256", "512", "1024").injectNull(0.3),
            Arbitraries.of("awsvpc", "bridge", "host").injectNull(0.3),
            Arbitraries.of(true, false),
            Arbitraries.integers().between(21, 200).injectNull(0.5),
            Arbitraries.integers().between(1, 500))
        .as(
            (family, cs, cpu, network, arm, storage, revision) -> {
              TaskDefinition.Builder b =
                  TaskDefinition.builder()
                      .family(family)
                      .containerDefinitions(cs)
                      .cpu(cpu)
                      .networkMode(network)
                      .taskDefinitionArn(
                          "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/"
                              + family
                              + ":"
                              + revision)
                      .revision(revision)
                      .status("ACTIVE")
                      .compatibilitiesWithStrings("EC2", "FARGATE")
                      .registeredAt(Instant.ofEpochSecond(1_700_000_000L))
                      .registeredBy("arn:aws:iam::123456789012:role/ci")
                      .requiresAttributes(
                          a -> a.name("com.amazonaws.ecs.capability.logging-driver.awslogs"));
              if (arm) {
                b.runtimePlatform(p -> p.cpuArchitecture("ARM64").operatingSystemFamily("LINUX"));
              }
              if (storage != null) {
                b.ephemeralStorage(e -> e.sizeInGiB(storage));
                b.volumes(
                    v -> v.name("data"), v -> v.name("cache").host(h -> h.sourcePath("/tmp")));
                b.pidMode("task");
              }
              return b.build();
            });
  }

  private Arbitrary<ContainerDefinition> container() {
    Arbitrary<List<KeyValuePair>> env =
        Combinators.combine(values(), values())
            .as((k, v) -> KeyValuePair.builder().name(k.toUpperCase()).value(v).build())
            .list()
            .ofMaxSize(4)
            .uniqueElements(KeyValuePair::name);
    return Combinators.combine(
            values(),
            values(),
            Arbitraries.integers().between(0, 4096).injectNull(0.3),
            Arbitraries.of(true, false).injectNull(0.3),
            env,
            Arbitraries.integers().between(1, 65535).injectNull(0.5),
            values().list().ofMaxSize(3))
        .as(
            (name, tag, memory, essential, environment, port, command) -> {
              ContainerDefinition.Builder b =
                  ContainerDefinition.builder()
                      .name(name)
                      .image(
                          "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/" + name + ":" + tag)
                      .memory(memory)
                      .essential(essential);
              if (!environment.isEmpty()) {
                b.environment(environment);
              }
              if (!command.isEmpty()) {
                b.command(new ArrayList<>(command));
              }
              if (port != null) {
                b.portMappings(PortMapping.builder().containerPort(port).name("p" + port).build());
                b.dockerLabels(new HashMap<>(Map.of("port", port.toString())));
              }
              return b.build();
            });
  }
}
