package dev.opskit.examples.schemadiff;

import dev.opskit.examples.ScratchNames;
import dev.opskit.schemadiff.FleetDiff;
import dev.opskit.schemadiff.SchemaComparator;
import dev.opskit.schemadiff.SchemaSource;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a fleet of shards with one reference schema: eight scratch shards on a local server,
 * three missing a column and one with an extra index, then {@code compareAll} groups the drift. The
 * shards are dropped afterwards.
 */
public final class FleetExample {
  /** The schema every shard should hold, as a reference file would give it. */
  static final String REFERENCE =
      "CREATE TABLE customers (id int PRIMARY KEY, email varchar(100) NOT NULL,"
          + " tier varchar(10) NOT NULL DEFAULT 'basic', UNIQUE KEY uq_email (email));\n"
          + "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL,"
          + " total decimal(10,2) NOT NULL, KEY idx_customer (customer_id),"
          + " CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES customers (id));\n";

  private FleetExample() {}

  /**
   * Runs the example against a server.
   *
   * @param args host, port, user and password (defaults 127.0.0.1, 3306, root, empty)
   * @throws SQLException if the shards cannot be created
   */
  public static void main(String[] args) throws SQLException {
    run(
        System.out,
        args.length > 0 ? args[0] : "127.0.0.1",
        args.length > 1 ? args[1] : "3306",
        args.length > 2 ? args[2] : "root",
        args.length > 3 ? args[3] : "");
  }

  /**
   * Creates the shards, compares them with the reference, prints the grouped report and drops them.
   *
   * @param out where to print
   * @param host the server's host
   * @param port its port
   * @param user the user
   * @param password the password
   * @return the fleet comparison
   * @throws SQLException if the shards cannot be created or dropped
   */
  public static FleetDiff run(
      PrintStream out, String host, String port, String user, String password) throws SQLException {
    String base = "jdbc:mysql://" + host + ":" + port + "/";
    String params = "?allowPublicKeyRetrieval=true";
    List<String> shards = new ArrayList<>();
    String prefix = ScratchNames.unique("opskit_tour_shard");
    for (int i = 1; i <= 8; i++) {
      shards.add(prefix + "_" + i);
    }
    try (Connection c = DriverManager.getConnection(base + params, user, password);
        Statement s = c.createStatement()) {
      try {
        for (int i = 0; i < shards.size(); i++) {
          String shard = shards.get(i);
          s.execute("CREATE DATABASE `" + shard + "`");
          for (String ddl : REFERENCE.split(";\n")) {
            s.execute(ddl.replace("CREATE TABLE ", "CREATE TABLE `" + shard + "`."));
          }
          if (i == 1 || i == 4 || i == 6) {
            s.execute("ALTER TABLE `" + shard + "`.customers DROP COLUMN tier");
          }
          if (i == 5) {
            s.execute("CREATE INDEX idx_total ON `" + shard + "`.orders (total)");
          }
        }
        Map<String, SchemaSource> targets = new LinkedHashMap<>();
        for (String shard : shards) {
          targets.put(
              "shard" + shard.substring(shard.lastIndexOf('_') + 1),
              SchemaSource.jdbc(base + shard + params, user, password));
        }
        FleetDiff fleet =
            SchemaComparator.builder()
                .concurrency(4)
                .build()
                .compareAll(SchemaSource.ddl("reference.sql", REFERENCE), targets);
        out.println(fleet.summary());
        return fleet;
      } finally {
        for (String shard : shards) {
          s.execute("DROP DATABASE IF EXISTS `" + shard + "`");
        }
      }
    }
  }
}
