package dev.opskit.redash.internal.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opskit.redash.BackupRecord;
import dev.opskit.redash.Compression;
import dev.opskit.redash.DumpFormat;
import dev.opskit.redash.SourceIdentity;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes backup manifests. The JSON is written field by field (not by reflection) so its
 * shape is a documented format that old and new versions of opskit agree on, and so a damaged
 * manifest is reported by field name.
 */
public final class ManifestCodec {
  /**
   * The manifest format version this code writes and reads. Version 2 added the source identity
   * (instance, database, server); version 1 manifests lay at the store's root, where this version
   * never looks.
   */
  public static final int FORMAT = 2;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ManifestCodec() {}

  /**
   * Serializes a record.
   *
   * @param record the backup
   * @return UTF-8 JSON
   */
  public static byte[] write(BackupRecord record) {
    ObjectNode root = JSON.createObjectNode();
    root.put("manifestFormat", FORMAT);
    root.put("id", record.id());
    root.put("createdAt", record.createdAt().toString());
    ObjectNode source = root.putObject("source");
    source.put("instance", record.source().instance());
    source.put("database", record.source().database());
    source.put("serverId", record.source().serverId());
    root.put("format", record.format().name());
    root.put("compression", record.compression().name());
    root.put("dataObject", record.dataObject());
    root.put("dumpBytes", record.dumpBytes());
    root.put("storedBytes", record.storedBytes());
    root.put("sha256", record.sha256());
    root.put("serverVersion", record.serverVersion());
    root.put("pgDumpVersion", record.pgDumpVersion());
    root.put("alembicVersion", record.alembicVersion());
    ObjectNode counts = root.putObject("rowCounts");
    record.rowCounts().forEach(counts::put);
    root.put("secretKeyFingerprint", record.secretKeyFingerprint());
    root.put("durationMillis", record.duration().toMillis());
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a manifest", e);
    }
  }

  /**
   * Parses a manifest.
   *
   * @param name the manifest's object name, for messages
   * @param bytes its content
   * @return the record
   * @throws IllegalArgumentException naming the object and the field when it is not a manifest
   */
  public static BackupRecord read(String name, byte[] bytes) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException(name + ": not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(name + ": not a JSON object");
    }
    int format = (int) number(name, root, "manifestFormat");
    if (format != FORMAT) {
      throw new IllegalArgumentException(
          name + ": field manifestFormat is " + format + ", this opskit reads " + FORMAT);
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    JsonNode countsNode = root.get("rowCounts");
    if (countsNode == null || !countsNode.isObject()) {
      throw new IllegalArgumentException(name + ": field rowCounts is missing or not an object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = countsNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().canConvertToLong()) {
        throw new IllegalArgumentException(
            name + ": field rowCounts." + e.getKey() + " is not a number");
      }
      counts.put(e.getKey(), e.getValue().asLong());
    }
    JsonNode sourceNode = root.get("source");
    if (sourceNode == null || !sourceNode.isObject()) {
      throw new IllegalArgumentException(name + ": field source is missing or not an object");
    }
    String instance = text(name, sourceNode, "source.instance", "instance");
    try {
      SourceIdentity.requireValidInstance(instance);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": field source.instance: " + e.getMessage(), e);
    }
    SourceIdentity source =
        new SourceIdentity(
            instance,
            text(name, sourceNode, "source.database", "database"),
            optionalText(sourceNode, "serverId"));
    return new BackupRecord(
        text(name, root, "id"),
        instant(name, root, "createdAt"),
        source,
        constant(name, root, "format", DumpFormat.class),
        constant(name, root, "compression", Compression.class),
        text(name, root, "dataObject"),
        number(name, root, "dumpBytes"),
        number(name, root, "storedBytes"),
        text(name, root, "sha256"),
        text(name, root, "serverVersion"),
        text(name, root, "pgDumpVersion"),
        optionalText(root, "alembicVersion"),
        counts,
        optionalText(root, "secretKeyFingerprint"),
        Duration.ofMillis(number(name, root, "durationMillis")));
  }

  private static Instant instant(String name, JsonNode root, String field) {
    String value = text(name, root, field);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + ": field " + field + " is not an ISO-8601 instant: " + value, e);
    }
  }

  private static <E extends Enum<E>> E constant(
      String name, JsonNode root, String field, Class<E> type) {
    String value = text(name, root, field);
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name
              + ": field "
              + field
              + " is "
              + value
              + ", this opskit knows "
              + java.util.Arrays.toString(type.getEnumConstants()),
          e);
    }
  }

  private static String text(String name, JsonNode root, String field) {
    return text(name, root, field, field);
  }

  private static String text(String name, JsonNode root, String shownAs, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException(
          name + ": field " + shownAs + " is missing or not a string");
    }
    return node.asText();
  }

  private static @Nullable String optionalText(JsonNode root, String field) {
    JsonNode node = root.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  private static long number(String name, JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.canConvertToLong()) {
      throw new IllegalArgumentException(name + ": field " + field + " is missing or not a number");
    }
    return node.asLong();
  }
}
