package dev.opskit.redash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.redash.internal.manifest.ManifestCodec;
import dev.opskit.redash.internal.pg.PgEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestAndSecretsTest {

  @Test
  void aManifestRoundTrips() {
    BackupRecord record =
        new BackupRecord(
            "redash-20261126T020000000Z",
            Instant.parse("2026-11-26T02:00:00Z"),
            new SourceIdentity("prod", "redash", "7351234567890123456"),
            DumpFormat.CUSTOM,
            Compression.ZSTD,
            "prod/redash-20261126T020000000Z.dump.zst",
            100,
            40,
            "ab".repeat(32),
            "15.20",
            "15.20",
            "db0aca1ebd32",
            Map.of("public.queries", 3L),
            "0123456789abcdef",
            java.time.Duration.ofMillis(1234));

    assertThat(ManifestCodec.read("m.json", ManifestCodec.write(record))).isEqualTo(record);
  }

  @Test
  void aDamagedManifestNamesTheObjectAndTheField() {
    String json =
        "{\"manifestFormat\": 1, \"id\": \"x\", \"rowCounts\": {}, \"createdAt\": \"yesterday\"}";

    assertThatThrownBy(
            () ->
                ManifestCodec.read(
                    "s3://b/redash/x.manifest.json", json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("s3://b/redash/x.manifest.json: field");
  }

  @Test
  void theJdbcUrlsTlsSettingsReachJdbcAndTheClientPrograms() {
    PgEndpoint endpoint =
        PgEndpoint.fromJdbcUrl(
            "jdbc:postgresql://db.internal:6432/redash?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem",
            "redash", "hunter2");

    assertThat(endpoint.jdbcUrl("postgres"))
        .isEqualTo(
            "jdbc:postgresql://db.internal:6432/postgres?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem");
    assertThat(endpoint.processEnvironment())
        .containsEntry("PGSSLMODE", "verify-full")
        .containsEntry("PGSSLROOTCERT", "/etc/ca.pem")
        .containsEntry("PGPASSWORD", "hunter2");
    assertThat(endpoint.command("pg_dump", "redash", java.util.List.of()))
        .contains("db.internal", "6432")
        .noneMatch(a -> a.contains("hunter2"));
    assertThat(endpoint.toString()).doesNotContain("hunter2");
  }

  @Test
  void passwordsNeverReachToStringOrMessages() {
    RedashDatabase database =
        RedashDatabase.jdbc("jdbc:postgresql://db:5432/redash", "redash", "hunter2");

    assertThat(database.toString()).doesNotContain("hunter2").contains("db:5432/redash");
    assertThat(RestoreRequest.latest().readerPassword("hunter2").toString())
        .doesNotContain("hunter2");
    assertThat(SecretKey.of("hunter2").toString()).doesNotContain("hunter2");
    assertThat(PgEndpoint.redactUrl("jdbc:postgresql://db/redash?user=u&password=hunter2"))
        .doesNotContain("hunter2");
    assertThatThrownBy(
            () -> RedashDatabase.jdbc("jdbc:mysql://db/redash?password=hunter2", "u", null))
        .hasMessageNotContaining("hunter2")
        .hasMessageContaining("jdbc:postgresql://host:port/database");
  }
}
