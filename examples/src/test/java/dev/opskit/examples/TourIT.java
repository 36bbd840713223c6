package dev.opskit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.testing.registry.LocalRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TourIT {

  @Test
  void describesEveryModuleAndFindsTheLocalServers() {
    // the Tour skips its publish step without a local registry; the test never does
    assertThat(LocalRegistry.install()).as("docker-registry and apache2-utils installed").isTrue();
    String tour = run(System.getenv());

    assertThat(tour)
        .contains("ecs-deploy-core", "dev.opskit.ecs", "EcsDeployer: deploys a new image")
        .contains("schema-diff-core", "dev.opskit.schemadiff", "SchemaComparator: compares")
        .contains("es-sigv4-transport", "dev.opskit.sigv4", "AwsSigV4Signer: signs")
        .contains("redash-backup-core", "dev.opskit.redash", "RedashBackup: streams")
        .containsPattern("MariaDB/MySQL .*: found \\S+")
        .containsPattern("PostgreSQL .*: found PostgreSQL \\d+")
        .contains(
            "ecs-deploy-core: a rolling update, then a blue/green deployment whose hook fails")
        .contains("against an in-process FakeEcs")
        .containsPattern(
            "0\\. publish an image to 127\\.0\\.0\\.1:\\d+/tour-web:v2 without a Docker daemon")
        .containsPattern("published sha256:[0-9a-f]{64}")
        .containsPattern("1\\. rolling update to 127\\.0\\.0\\.1:\\d+/tour-web@sha256:[0-9a-f]{64}")
        .containsPattern("deployed tour-web:2 \\(ecs-svc/\\d+, 2 running\\)")
        .contains("stage POST_TEST_TRAFFIC_SHIFT")
        .contains(
            "failed (HOOK_FAILED): lifecycle hook"
                + " arn:aws:lambda:ap-northeast-1:123456789012:function:smoke-test FAILED at"
                + " POST_TEST_TRAFFIC_SHIFT")
        .contains("rolling back to tour-web:2 (ECS's own rollback)")
        .contains("HOOK_FAILED, rolled back: true, service deployment ROLLBACK_SUCCESSFUL")
        .contains("schema-diff-core: staging.sql -> production.sql")
        .contains("table: 2 changed")
        .contains("--- `staging.sql`.`customers`")
        .contains("+  `email` varchar(191) NOT NULL,")
        .contains("the migration that makes staging.sql equal production.sql")
        .containsPattern("ALTER TABLE `customers`[^;]*MODIFY COLUMN `email` varchar\\(191\\)")
        .contains("schema-diff-core: eight generated shards compared with one reference")
        .contains("8 targets compared with reference.sql: 4 match, 4 drifted (2 groups), 0 failed")
        .contains("3 targets: table `customers`: column `tier` missing\n  shard2, shard5, shard7")
        .contains("1 target: table `orders`: index `idx_total` extra")
        .contains("redash-backup-core: back up a small Redash-shaped database")
        .containsPattern("backup redash-\\d{8}T\\d{9}Z: [\\d,]+ bytes dumped")
        .contains("public.queries=200")
        .contains("restore drill: ok");
  }

  @Test
  void saysHowToStartAServerItCannotFind() throws IOException {
    String closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = Integer.toString(socket.getLocalPort());
    }

    String tour = run(Map.of("OPSKIT_MYSQL_PORT", closedPort, "OPSKIT_POSTGRES_PORT", closedPort));

    assertThat(tour)
        .contains("MariaDB/MySQL  127.0.0.1:" + closedPort + " as root: not found")
        .contains("start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd")
        .contains("PostgreSQL     127.0.0.1:" + closedPort + " as postgres: not found")
        .contains("set OPSKIT_POSTGRES_HOST/_PORT/_USER/_PASSWORD")
        .contains("redash-backup-core: back up a small Redash-shaped database")
        .contains("skipped: no PostgreSQL")
        .contains("skipped: no MariaDB/MySQL");
  }

  private static String run(Map<String, String> environment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Tour.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), environment);
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
