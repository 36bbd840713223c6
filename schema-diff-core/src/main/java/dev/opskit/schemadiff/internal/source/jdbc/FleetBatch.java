package dev.opskit.schemadiff.internal.source.jdbc;

import dev.opskit.schemadiff.SchemaDiffException;
import dev.opskit.schemadiff.internal.source.jdbc.FleetSchemaReader.Catalog;
import dev.opskit.schemadiff.internal.source.jdbc.FleetSchemaReader.TextKey;
import dev.opskit.schemadiff.internal.source.jdbc.JdbcSchemaReader.BatchRead;
import dev.opskit.schemadiff.internal.source.jdbc.JdbcSchemaReader.StoredObjects;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One batch of a {@link FleetSchemaReader}: the schemas of one server read on one connection. */
final class FleetBatch {
  private static final Logger LOG = LoggerFactory.getLogger(FleetBatch.class);

  private final FleetSchemaReader reader;
  private final Connection connection;
  private final int server;
  private final List<String> names;
  private final Flavor flavor;
  private final Map<String, Schema> schemas = new HashMap<>();
  private final Map<String, RuntimeException> failures = new HashMap<>();

  /** Each present schema's tables: name to text, counter apart. */
  private final Map<String, Map<String, ShowCreateText>> texts = new LinkedHashMap<>();

  /** Each present schema's tables: name to key. */
  private final Map<String, Map<String, TextKey>> keys = new LinkedHashMap<>();

  private final Map<TextKey, TextCheck> checks = new HashMap<>();
  private int queries;

  FleetBatch(
      FleetSchemaReader reader,
      Connection connection,
      int server,
      List<String> names,
      Flavor flavor) {
    this.reader = reader;
    this.connection = connection;
    this.server = server;
    this.names = names;
    this.flavor = flavor;
  }

  BatchRead read() throws SQLException {
    long start = System.nanoTime();
    SchemaBatch bulk = new SchemaBatch(connection, names, flavor.isMariaDb());
    Catalog catalog = FleetSchemaReader.catalog(bulk, names);
    queries += bulk.queries();
    for (String name : names) {
      if (!catalog.defaults.containsKey(name)) {
        failures.put(name, new IllegalArgumentException("schema '" + name + "' does not exist"));
      }
    }
    Map<String, Map<String, String>> read =
        FleetSchemaReader.showCreateTables(connection, catalog.tables);
    Set<TextKey> claimed = new LinkedHashSet<>();
    read.forEach(
        (schema, tables) -> {
          String[] defaults = catalog.defaults.get(schema);
          Map<String, ShowCreateText> split = new LinkedHashMap<>();
          Map<String, TextKey> schemaKeys = new LinkedHashMap<>();
          tables.forEach(
              (table, text) -> {
                ShowCreateText t = ShowCreateText.of(text);
                TextKey key = new TextKey(server, flavor, defaults[0], defaults[1], t.key());
                split.put(table, t);
                schemaKeys.put(table, key);
                checks.put(key, reader.claim(key, claimed));
              });
          texts.put(schema, split);
          keys.put(schema, schemaKeys);
          queries += tables.size();
        });
    Set<String> representatives;
    try {
      representatives = check(claimed);
    } finally {
      // Answer what this batch claimed even when it fails: other batches wait for it.
      claimed.forEach(key -> checks.get(key).answer(TextCheck.UNTRUSTED));
    }
    List<String> inFull = new ArrayList<>();
    Map<String, List<Table>> assembled = new LinkedHashMap<>();
    Map<String, List<UnmodeledAttribute>> attributes = new HashMap<>();
    for (String schema : texts.keySet()) {
      if (representatives.contains(schema)) {
        continue;
      }
      List<UnmodeledAttribute> unmodeled = new ArrayList<>();
      List<Table> tables = tables(schema, unmodeled);
      if (tables == null) {
        inFull.add(schema);
      } else {
        assembled.put(schema, tables);
        attributes.put(schema, unmodeled);
      }
    }
    List<String> withObjects =
        assembled.keySet().stream().filter(catalog.withObjects::contains).toList();
    Map<String, StoredObjects> objects = Map.of();
    if (!withObjects.isEmpty()) {
      SchemaBatch batch = new SchemaBatch(connection, withObjects, flavor.isMariaDb());
      objects = JdbcSchemaReader.readObjects(batch, withObjects, flavor, failures);
      queries += batch.queries();
    }
    StoredObjects none = new StoredObjects(List.of(), List.of(), List.of(), List.of(), List.of());
    for (Map.Entry<String, List<Table>> e : assembled.entrySet()) {
      String schema = e.getKey();
      if (failures.containsKey(schema)) {
        continue;
      }
      StoredObjects o = objects.getOrDefault(schema, none);
      List<UnmodeledAttribute> unmodeled = attributes.get(schema);
      unmodeled.addAll(o.unmodeled());
      String[] defaults = catalog.defaults.get(schema);
      Schema s =
          new Schema(
              schema,
              defaults[0],
              defaults[1],
              e.getValue(),
              o.views(),
              o.triggers(),
              o.routines(),
              o.events(),
              unmodeled);
      try {
        ControlCharacterNames.check(s);
        schemas.put(schema, s);
      } catch (SchemaDiffException | IllegalArgumentException problem) {
        failures.put(schema, problem);
      }
    }
    if (!inFull.isEmpty()) {
      full(inFull);
    }
    LOG.debug(
        "read {} schemas with {} queries in {} ms: {} texts checked here, {} schemas read in full"
            + " as representatives, {} for a text that failed to parse or check",
        names.size(),
        queries,
        (System.nanoTime() - start) / 1_000_000,
        claimed.size(),
        representatives.size(),
        inFull.size());
    Map<String, Schema> orderedSchemas = new LinkedHashMap<>();
    Map<String, RuntimeException> orderedFailures = new LinkedHashMap<>();
    for (String name : names) {
      if (schemas.containsKey(name)) {
        orderedSchemas.put(name, schemas.get(name));
      } else if (failures.containsKey(name)) {
        orderedFailures.put(name, failures.get(name));
      }
    }
    return new BatchRead(orderedSchemas, orderedFailures, queries);
  }

  /**
   * Parses the texts this batch claimed and checks each against a full read of a schema of this
   * batch that holds it.
   *
   * @return the representatives, read in full (their results are final)
   */
  private Set<String> check(Set<TextKey> claimed) throws SQLException {
    Map<TextKey, TextCheck.Parse> parsed = new HashMap<>();
    for (TextKey key : claimed) {
      TextCheck.Parse p = FleetSchemaReader.parse(key.text(), flavor);
      if (p.table() == null) {
        LOG.debug("a SHOW CREATE TABLE text opskit cannot parse: {}", p.problem());
        checks.get(key).answer(TextCheck.UNTRUSTED);
      } else {
        parsed.put(key, p);
      }
    }
    Map<TextKey, String> holder = representatives(parsed.keySet());
    Set<String> representatives = new LinkedHashSet<>(holder.values());
    if (representatives.isEmpty()) {
      return representatives;
    }
    full(new ArrayList<>(representatives));
    for (Map.Entry<TextKey, String> e : holder.entrySet()) {
      TextCheck.Parse p = parsed.get(e.getKey());
      Table table = p.table();
      Schema schema = schemas.get(e.getValue());
      boolean trusted = false;
      if (table != null && schema != null) {
        Map<String, Table> byName = new HashMap<>();
        schema.tables().forEach(t -> byName.put(t.name(), t));
        Table mine = texts.get(e.getValue()).get(table.name()).withCounter(table);
        mine = ShowCreateCheck.resolveReferences(mine, byName);
        trusted = FleetSchemaReader.agrees(schema, mine, p.unmodeled());
      }
      checks
          .get(e.getKey())
          .answer(
              trusted ? new TextCheck.Verdict(table, p.unmodeled(), true) : TextCheck.UNTRUSTED);
    }
    return representatives;
  }

  /**
   * Picks schemas that together hold every text to check, the one holding most unchecked texts
   * first.
   *
   * @return the schema chosen for each text
   */
  private Map<TextKey, String> representatives(Set<TextKey> toCheck) {
    Map<TextKey, String> holder = new HashMap<>();
    Set<TextKey> left = new HashSet<>(toCheck);
    while (!left.isEmpty()) {
      String best = null;
      int most = 0;
      for (Map.Entry<String, Map<String, TextKey>> schema : keys.entrySet()) {
        int count = 0;
        for (TextKey key : schema.getValue().values()) {
          if (left.contains(key)) {
            count++;
          }
        }
        if (count > most) {
          most = count;
          best = schema.getKey();
        }
      }
      if (best == null) {
        break; // cannot happen: every claimed key came from a schema of this batch
      }
      for (TextKey key : keys.get(best).values()) {
        if (left.remove(key)) {
          holder.put(key, best);
        }
      }
    }
    return holder;
  }

  /**
   * Returns a schema's tables from their trusted parses, adding their attributes outside the model;
   * null when a text is not trusted and the schema must be read in full.
   */
  private @Nullable List<Table> tables(String schema, List<UnmodeledAttribute> unmodeled)
      throws SQLException {
    Map<String, Table> byName = new LinkedHashMap<>();
    for (Map.Entry<String, TextKey> e : keys.get(schema).entrySet()) {
      TextCheck.Verdict verdict = checks.get(e.getValue()).await();
      Table table = verdict.table();
      if (!verdict.trusted() || table == null) {
        return null;
      }
      byName.put(e.getKey(), texts.get(schema).get(e.getKey()).withCounter(table));
      unmodeled.addAll(verdict.unmodeled());
    }
    List<Table> out = new ArrayList<>();
    for (Table table : byName.values()) {
      out.add(ShowCreateCheck.resolveReferences(table, byName));
    }
    return out;
  }

  private void full(List<String> schemaNames) throws SQLException {
    BatchRead full = JdbcSchemaReader.readAll(connection, schemaNames, flavor);
    queries += full.queries();
    schemas.putAll(full.schemas());
    failures.putAll(full.failures());
  }
}
