package dev.opskit.ecs.taskdef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.ecs.EcsDeployException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

class TaskDefinitionCopyTest {
  private static final String DESCRIBED =
      """
      {
        "taskDefinition": {
          "taskDefinitionArn": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:7",
          "family": "web",
          "revision": 7,
          "status": "ACTIVE",
          "registeredAt": 1700000000.123,
          "registeredBy": "arn:aws:iam::123456789012:role/ci",
          "compatibilities": ["EC2", "FARGATE"],
          "requiresAttributes": [{"name": "ecs.capability.execution-role-awslogs"}],
          "requiresCompatibilities": ["FARGATE"],
          "networkMode": "awsvpc",
          "cpu": "256",
          "memory": "512",
          "runtimePlatform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
          "ephemeralStorage": {"sizeInGiB": 40},
          "volumes": [{"name": "scratch"}],
          "containerDefinitions": [
            {"name": "app", "image": "localhost:5000/team/app:1.0", "essential": true,
             "environment": [{"name": "A", "value": "1"}],
             "portMappings": [{"containerPort": 8080, "name": "http", "appProtocol": "http"}]},
            {"name": "sidecar", "image": "localhost:5000/team/app:1.0"},
            {"name": "log", "image": "fluent/fluent-bit:3"}
          ]
        },
        "tags": [{"key": "team", "value": "web"}]
      }
      """;

  @Test
  void readsTheDescribeShapeDroppingOnlyReadOnlyFields() {
    RegisterTaskDefinitionRequest request = TaskDefinitionCopy.fromJson(DESCRIBED);

    assertThat(request.family()).isEqualTo("web");
    assertThat(request.runtimePlatform().cpuArchitectureAsString()).isEqualTo("ARM64");
    assertThat(request.ephemeralStorage().sizeInGiB()).isEqualTo(40);
    assertThat(request.volumes()).extracting(v -> v.name()).containsExactly("scratch");
    assertThat(request.containerDefinitions().get(0).portMappings().get(0).appProtocolAsString())
        .isEqualTo("http");
    assertThat(request.tags()).extracting(t -> t.key()).containsExactly("team");
    assertThat(TaskDefinitionCopy.toJson(request))
        .doesNotContain("taskDefinitionArn", "revision", "registeredAt", "compatibilities\"");
  }

  @Test
  void namesTheUnknownFieldOfAFile() {
    assertThatThrownBy(
            () ->
                TaskDefinitionCopy.fromJson(
                    "{\"family\":\"web\",\"containerDefinitions\":[{\"name\":\"a\",\"imag\":\"x\"}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("containerDefinitions[0].imag: unknown field");
  }

  @Test
  void changesTheTagOfEveryContainerOfARepositoryAndShowsIt() {
    RegisterTaskDefinitionRequest before = TaskDefinitionCopy.fromJson(DESCRIBED);

    RegisterTaskDefinitionRequest after =
        TaskDefinitionEdit.builder()
            .repositoryTag("team/app", "1.1")
            .environment("app", Map.of("FEATURE_X", "on", "A", "2"))
            .secrets(
                "app",
                Map.of("DB_PASSWORD", "arn:aws:ssm:ap-northeast-1:123456789012:parameter/db"))
            .cpu("512")
            .build()
            .applyTo(before);

    assertThat(after.containerDefinitions())
        .extracting(c -> c.image())
        .containsExactly(
            "localhost:5000/team/app:1.1", "localhost:5000/team/app:1.1", "fluent/fluent-bit:3");
    assertThat(TaskDefinitionDiff.between(before, after).toString())
        .isEqualTo(
            """
            ~ containerDefinitions[app].image: localhost:5000/team/app:1.0 -> localhost:5000/team/app:1.1
            ~ containerDefinitions[app].environment[A].value: 1 -> 2
            + containerDefinitions[app].environment[FEATURE_X].name: FEATURE_X
            + containerDefinitions[app].environment[FEATURE_X].value: on
            + containerDefinitions[app].secrets[DB_PASSWORD].name: DB_PASSWORD
            + containerDefinitions[app].secrets[DB_PASSWORD].valueFrom: arn:aws:ssm:ap-northeast-1:123456789012:parameter/db
            ~ containerDefinitions[sidecar].image: localhost:5000/team/app:1.0 -> localhost:5000/team/app:1.1
            ~ cpu: 256 -> 512
            """);
  }

  @Test
  void refusesAnEditForAContainerTheDefinitionLacks() {
    RegisterTaskDefinitionRequest before = TaskDefinitionCopy.fromJson(DESCRIBED);

    assertThatThrownBy(
            () -> TaskDefinitionEdit.builder().image("ap", "app:1").build().applyTo(before))
        .isInstanceOf(EcsDeployException.class)
        .hasMessage("task definition web has no container 'ap' (containers: app, sidecar, log)");
  }

  @Test
  void runsEveryContainerOfARepositoryOnTheNewImageAndLeavesTheOthers() {
    RegisterTaskDefinitionRequest before = TaskDefinitionCopy.fromJson(DESCRIBED);

    RegisterTaskDefinitionRequest after =
        TaskDefinitionEdit.builder()
            .repositoryImage("localhost:5000/team/app@sha256:" + "ab".repeat(32))
            .memory("1024")
            .build()
            .applyTo(before);

    assertThat(after.containerDefinitions())
        .extracting(c -> c.image())
        .containsExactly(
            "localhost:5000/team/app@sha256:" + "ab".repeat(32),
            "localhost:5000/team/app@sha256:" + "ab".repeat(32),
            "fluent/fluent-bit:3");
    assertThat(after.memory()).isEqualTo("1024");
    assertThatThrownBy(
            () ->
                TaskDefinitionEdit.builder()
                    .repositoryTag("other/app", "2")
                    .build()
                    .applyTo(before))
        .isInstanceOf(EcsDeployException.class)
        .hasMessage(
            "task definition web has no container running an image of repository other/app");
  }
}
