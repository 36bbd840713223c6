package dev.opskit.ecs;

import static dev.opskit.ecs.Scenario.CLUSTER;
import static dev.opskit.ecs.Scenario.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.ecs.image.ImagePublisher;
import dev.opskit.ecs.image.ImageReference;
import dev.opskit.ecs.image.ImageSource;
import dev.opskit.ecs.image.TestImages;
import dev.opskit.testing.registry.LocalRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole seed flow without Docker: publish an archive, then deploy exactly that digest. */
class PublishThenDeployIT {
  @TempDir Path dir;

  @Test
  void theDeployedTaskDefinitionRunsThePushedDigest() {
    Random random = new Random(3);
    TestImages.Written image =
        TestImages.ociLayout(dir.resolve("layout"), "v2", TestImages.random(random, 10_000));
    Path archive = TestImages.tar(dir.resolve("layout"), dir.resolve("app.tar"));
    try (LocalRegistry registry = LocalRegistry.start();
        Scenario s = new Scenario(2, true, true)) {
      s.fake.ecrAuthorization(registry.endpoint(), Duration.ofHours(12), registry.password());
      ImageReference pushed =
          ImagePublisher.builder()
              .ecrClient(s.ecr)
              .allowInsecureRegistries(true)
              .build()
              .publish(ImageSource.ociArchive(archive), registry.host() + "/go-sample-webapp:v2");

      DeploymentResult result = s.deployer().image("app", pushed).build().deploy();

      String running = s.fake.serviceTaskDefinition(CLUSTER, SERVICE);
      assertThat(running).isEqualTo(result.taskDefinitionArn());
      String deployedImage =
          s.fake.taskDefinition(running).path("containerDefinitions").get(0).path("image").asText();
      assertThat(deployedImage)
          .isEqualTo(registry.host() + "/go-sample-webapp@" + image.digest())
          .isEqualTo(pushed.withDigest(pushed.digest()).toString());
      assertThat(registry.manifest("go-sample-webapp", image.digest())).isPresent();
      assertThat(s.fake.runningTasks(CLUSTER, SERVICE)).isEqualTo(Map.of(running, 2));
    }
  }
}
