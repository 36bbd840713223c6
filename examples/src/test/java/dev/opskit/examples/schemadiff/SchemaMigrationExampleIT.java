package dev.opskit.examples.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The migration example reviews and applies the staging-to-production migration. */
class SchemaMigrationExampleIT {

  @Test
  void reviewsThenAppliesTheMigrationBetweenTwoLocalDatabases() throws Exception {
    BenchServer server = BenchServer.fromEnvironment(Map.of());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Connection admin = server.connect();
        Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + SchemaMigrationExample.FROM);
      s.execute("DROP DATABASE IF EXISTS " + SchemaMigrationExample.TO);
      s.execute("CREATE DATABASE " + SchemaMigrationExample.FROM);
      s.execute("CREATE DATABASE " + SchemaMigrationExample.TO);
      try {
        SchemaMigrationExample.run(
            server, true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
      } finally {
        s.execute("DROP DATABASE IF EXISTS " + SchemaMigrationExample.FROM);
        s.execute("DROP DATABASE IF EXISTS " + SchemaMigrationExample.TO);
      }
    }
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertThat(output)
        .contains("-- Migration from " + SchemaMigrationExample.FROM)
        .contains("ALTER TABLE")
        .endsWith(SchemaMigrationExample.FROM + " now equals " + SchemaMigrationExample.TO + "\n");
  }
}
