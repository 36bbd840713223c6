package dev.opskit.examples.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.ecs.GroupDeploymentResult;
import dev.opskit.ecs.ServiceOutcome;
import dev.opskit.testing.ecs.FakeEcs;
import dev.opskit.testing.ecs.TaskBehavior;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/** Runs the group example against the fake ECS control plane of opskit-test-support. */
class EcsGroupDeployExampleTest {
  private static final String REPO = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/monorepo";
  private static final Duration POLL = Duration.ofSeconds(10);

  @Test
  void deploysAGroupThenRollsItAllBackWhenOneServiceFails() {
    try (FakeEcs fake = FakeEcs.start();
        EcsClient ecs =
            EcsClient.builder()
                .endpointOverride(fake.endpoint())
                .region(Region.AP_NORTHEAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(FakeEcs.ACCESS_KEY, "x")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
      Map<String, String> v1 = new LinkedHashMap<>();
      for (String service : new String[] {"api", "worker", "cron"}) {
        String arn =
            fake.registerTaskDefinition(
                "{\"family\":\""
                    + service
                    + "\",\"containerDefinitions\":[{\"name\":\"app\",\"image\":\""
                    + REPO
                    + ":v1\",\"essential\":true}]}");
        fake.createService("prod", service, arn, 2, true, true);
        v1.put(service, arn);
      }
      fake.behavior(REPO + ":broken", TaskBehavior.CRASH);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

      GroupDeploymentResult good =
          EcsGroupDeployExample.run(
              ecs,
              "prod",
              "app",
              images("v2", "v2", "v2"),
              b -> b.clock(fake.clock()).sleeper(fake::advance).pollInterval(POLL).pollJitter(0),
              g -> g.clock(fake.clock()).sleeper(fake::advance).pollInterval(POLL),
              out);
      GroupDeploymentResult bad =
          EcsGroupDeployExample.run(
              ecs,
              "prod",
              "app",
              images("v3", "v3", "broken"),
              b -> b.clock(fake.clock()).sleeper(fake::advance).pollInterval(POLL).pollJitter(0),
              g -> g.clock(fake.clock()).sleeper(fake::advance).pollInterval(POLL),
              out);

      assertThat(good.succeeded()).isTrue();
      assertThat(bad.servicesThat(ServiceOutcome.RolledBack.class))
          .containsExactly("api", "worker");
      assertThat(bad.servicesThat(ServiceOutcome.Failed.class)).containsExactly("cron");
      for (String service : v1.keySet()) {
        assertThat(fake.serviceTaskDefinition("prod", service)).endsWith(service + ":2");
      }
      assertThat(bytes.toString(StandardCharsets.UTF_8))
          .contains("wave 1: [api]", "wave 2: [worker, cron]")
          .contains("every service deployed: GroupDeploymentResult{Deployed=3}")
          .contains("cron failed; rolling back [api, worker]")
          .contains("api finished: rolled back to api:2")
          .contains(
              "group deploy failed: api rolled back to api:2; worker rolled back to worker:2;")
          .contains("cron failed: ");
    }
  }

  private static Map<String, String> images(String api, String worker, String cron) {
    Map<String, String> images = new LinkedHashMap<>();
    images.put("api", REPO + ":" + api);
    images.put("worker", REPO + ":" + worker);
    images.put("cron", REPO + ":" + cron);
    return images;
  }
}
