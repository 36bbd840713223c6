package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.DdlParseException;
import dev.opskit.schemadiff.SchemaDiffException;
import dev.opskit.schemadiff.SchemaSource;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes or reads a mysqldump-shaped file of many tables with data, for {@link LargeDumpTest},
 * which runs the reading half in a JVM with a small heap.
 */
final class LargeDumpMain {
  private LargeDumpMain() {}

  /**
   * Reads the dump at {@code args[0]} and prints how many tables, indexes and foreign keys it
   * holds.
   *
   * @param args the dump's path
   * @throws IOException if it cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length > 1 && args[1].equals("load")) {
      load(Path.of(args[0]));
      return;
    }
    String dump = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
    Schema schema = DdlParser.parse(dump, Flavor.MYSQL_8_0);
    long indexes = schema.tables().stream().mapToLong(t -> t.indexes().size()).sum();
    long foreignKeys = schema.tables().stream().mapToLong(t -> t.foreignKeys().size()).sum();
    System.out.println(
        "tables=" + schema.tables().size() + " indexes=" + indexes + " foreignKeys=" + foreignKeys);
  }

  /**
   * Loads a file through {@link SchemaSource#dumpFile} and prints how it failed: the exception's
   * type and, for a {@link DdlParseException}, its place and problem.
   */
  private static void load(Path file) {
    long start = System.nanoTime();
    try {
      Schema schema = SchemaSource.dumpFile(file).load(Flavor.MYSQL_8_0);
      System.out.println("loaded tables=" + schema.tables().size());
    } catch (DdlParseException e) {
      System.out.println(
          "DdlParseException line=" + e.line() + " column=" + e.column() + " " + e.problem());
    } catch (SchemaDiffException e) {
      System.out.println(e.getClass().getSimpleName() + " " + e.getMessage());
    }
    Runtime runtime = Runtime.getRuntime();
    System.out.println(
        "millis="
            + (System.nanoTime() - start) / 1_000_000
            + " usedMegabytes="
            + (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024));
  }

  /** Writes a dump of {@code count} tables, each with an INSERT of a few dozen rows. */
  static void write(Path file, int count) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n");
      out.write("-- Server version\t8.0.36\n\n/*!40101 SET NAMES utf8mb4 */;\n");
      for (int i = 0; i < count; i++) {
        String name = "t" + i;
        out.write("\n--\n-- Table structure for table `" + name + "`\n--\n\n");
        out.write("DROP TABLE IF EXISTS `" + name + "`;\n");
        out.write("/*!40101 SET @saved_cs_client     = @@character_set_client */;\n");
        out.write("CREATE TABLE `" + name + "` (\n");
        out.write("  `id` bigint unsigned NOT NULL AUTO_INCREMENT,\n");
        out.write("  `parent_id` bigint unsigned DEFAULT NULL,\n");
        out.write("  `name` varchar(100) NOT NULL DEFAULT '' COMMENT 'the name',\n");
        out.write("  `price` decimal(10,2) NOT NULL DEFAULT '0.00',\n");
        out.write("  `created_at` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,\n");
        out.write("  `body` text,\n");
        out.write("  PRIMARY KEY (`id`),\n");
        out.write("  KEY `by_name` (`name`(20),`created_at`),\n");
        out.write("  KEY `parent_id` (`parent_id`),\n");
        if (i > 0) {
          out.write(
              "  CONSTRAINT `"
                  + name
                  + "_ibfk_1` FOREIGN KEY (`parent_id`) REFERENCES `t"
                  + (i - 1)
                  + "` (`id`),\n");
        }
        out.write("  CONSTRAINT `" + name + "_chk_1` CHECK ((`price` >= 0))\n");
        out.write(") ENGINE=InnoDB AUTO_INCREMENT=41 DEFAULT CHARSET=utf8mb4 ");
        out.write("COLLATE=utf8mb4_0900_ai_ci;\n");
        out.write("/*!40101 SET character_set_client = @saved_cs_client */;\n\n");
        out.write("LOCK TABLES `" + name + "` WRITE;\n");
        out.write("/*!40000 ALTER TABLE `" + name + "` DISABLE KEYS */;\n");
        out.write("INSERT INTO `" + name + "` VALUES ");
        for (int row = 1; row <= 40; row++) {
          out.write(row == 1 ? "" : ",");
          out.write(
              "("
                  + row
                  + ",NULL,'row; "
                  + row
                  + " it\\'s -- not a comment','1.50','2024-01-01 00:00:00','/* "
                  + "x".repeat(40)
                  + " */')");
        }
        out.write(";\n/*!40000 ALTER TABLE `" + name + "` ENABLE KEYS */;\nUNLOCK TABLES;\n");
      }
    }
  }
}
