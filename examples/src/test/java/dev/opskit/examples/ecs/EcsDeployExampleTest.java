package dev.opskit.examples.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.ecs.DeploymentResult;
import dev.opskit.testing.ecs.FakeEcs;
import dev.opskit.testing.ecs.TaskBehavior;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/** Runs the example against the fake ECS/ECR control plane of opskit-test-support. */
class EcsDeployExampleTest {
  private static final String REPO =
      "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/go-sample-webapp";

  @Test
  void deploysThenExplainsAndRollsBackAFailingImage() {
    try (FakeEcs fake = FakeEcs.start();
        EcsClient ecs =
            EcsClient.builder()
                .endpointOverride(fake.endpoint())
                .region(Region.AP_NORTHEAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        EcrClient ecr =
            EcrClient.builder()
                .endpointOverride(fake.endpoint())
                .region(Region.AP_NORTHEAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
      String v1 =
          fake.registerTaskDefinition(
              "{\"family\":\"sample-webapp\",\"containerDefinitions\":[{\"name\":\"app\",\"image\":\""
                  + REPO
                  + ":v1\",\"essential\":true}]}");
      fake.createService("sample-webapp-cluster", "sample-webapp-service", v1, 2, true, true);
      fake.putEcrImage("go-sample-webapp", "v2");
      fake.putEcrImage("go-sample-webapp", "broken");
      fake.behavior(REPO + ":broken", TaskBehavior.CRASH);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();

      DeploymentResult result =
          EcsDeployExample.run(
              ecs,
              ecr,
              "sample-webapp-cluster",
              "sample-webapp-service",
              "app",
              REPO + ":v2",
              REPO + ":broken",
              b ->
                  b.clock(fake.clock())
                      .sleeper(fake::advance)
                      .pollInterval(Duration.ofSeconds(10))
                      .pollJitter(0),
              new PrintStream(bytes, true, StandardCharsets.UTF_8));

      String out = bytes.toString(StandardCharsets.UTF_8);
      assertThat(result.taskDefinitionArn()).endsWith("sample-webapp:2");
      assertThat(out)
          .contains("~ containerDefinitions[app].image: " + REPO + ":v1 -> " + REPO + ":v2")
          .contains("deployed sample-webapp:2")
          .contains("failed: CIRCUIT_BREAKER_ROLLBACK, rolled back: true")
          .contains("the service runs sample-webapp:2 again")
          .contains("app exited 1")
          .contains("rolling back to deployment");
      assertThat(fake.serviceTaskDefinition("sample-webapp-cluster", "sample-webapp-service"))
          .isEqualTo(result.taskDefinitionArn());
    }
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(FakeEcs.ACCESS_KEY, "x"));
  }
}
