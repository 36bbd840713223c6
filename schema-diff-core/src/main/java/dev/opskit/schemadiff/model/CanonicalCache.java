package dev.opskit.schemadiff.model;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers canonical forms of short texts that repeat across tables (column types, defaults): a
 * large schema has thousands of {@code varchar(255)} columns and lexing each again was a fifth of
 * the comparator's CPU time. Bounded: cleared when full.
 */
final class CanonicalCache {
  private static final int MAX_ENTRIES = 8192;

  private final ConcurrentHashMap<String, String> entries = new ConcurrentHashMap<>();
  private final Function<String, String> compute;

  CanonicalCache(Function<String, String> compute) {
    this.compute = compute;
  }

  String get(String key) {
    String known = entries.get(key);
    if (known != null) {
      return known;
    }
    String value = compute.apply(key);
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(key, value);
    return value;
  }
}
