package dev.opskit.examples.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.testing.registry.LocalRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Tour's ECS part runs against the in-process fake and tells each deploy's story. */
class EcsTourTest {

  @Test
  void deploysRollingThenBlueGreenWhoseHookFailsAndExplainsBoth() {
    // the Tour skips its publish step without a local registry; the test never does
    assertThat(LocalRegistry.install()).as("docker-registry and apache2-utils installed").isTrue();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    EcsTour.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), Map.of());

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("against an in-process FakeEcs on a simulated clock")
        .containsPattern("0\\. publish an image to 127\\.0\\.0\\.1:\\d+/tour-web:v2")
        .containsPattern("BLOB_UPLOADED sha256:[0-9a-f]{12} \\([0-9,]+ bytes\\)")
        .containsPattern("TAG_WRITTEN sha256:[0-9a-f]{12}")
        .containsPattern("1\\. rolling update to 127\\.0\\.0\\.1:\\d+/tour-web@sha256:[0-9a-f]{64}")
        .contains("registered tour-web:2", "tasks: 2/2 running, 0 pending, 0 failed")
        .containsPattern("deployed tour-web:2 \\(ecs-svc/\\d+, 2 running\\) in \\d+ s")
        .contains("2. blue/green to public.ecr.aws/nginx/nginx:1.29")
        .contains("stage PRE_SCALE_UP", "stage SCALE_UP", "stage POST_TEST_TRAFFIC_SHIFT")
        .contains("service deployment ROLLBACK_IN_PROGRESS")
        .contains(
            "failed (HOOK_FAILED): lifecycle hook "
                + EcsTour.FAKE_HOOK
                + " FAILED at POST_TEST_TRAFFIC_SHIFT\n")
        .contains("rolling back to tour-web:2 (ECS's own rollback)")
        .contains("service deployment ROLLBACK_SUCCESSFUL", "back on tour-web:2")
        .endsWith("HOOK_FAILED, rolled back: true, service deployment ROLLBACK_SUCCESSFUL\n");
    assertThat(out.lines().count()).as("short enough to read").isLessThan(36);
  }
}
