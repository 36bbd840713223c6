package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An index as read so far: its name may still be unknown (the server names unnamed indexes once the
 * whole statement is read), and it remembers whether the server generated it for a foreign key,
 * since such an index is dropped again when another index covers its columns.
 */
final class KeyDraft {
  final IndexKind kind;
  @Nullable String name;
  List<IndexPart> parts;
  boolean visible = true;
  String comment = "";
  @Nullable String parser;
  @Nullable String algorithm;
  final Map<String, String> options = new java.util.TreeMap<>();

  /** Attributes the model has no place for, by name (see UnmodeledAttribute). */
  final Map<String, String> unmodeled = new java.util.TreeMap<>();

  final boolean generated;

  KeyDraft(IndexKind kind, @Nullable String name, List<IndexPart> parts, boolean generated) {
    this.kind = kind;
    this.name = kind == IndexKind.PRIMARY ? "PRIMARY" : name;
    this.parts = List.copyOf(parts);
    this.generated = generated;
  }

  KeyDraft copy() {
    KeyDraft k = new KeyDraft(kind, name, parts, generated);
    k.visible = visible;
    k.comment = comment;
    k.parser = parser;
    k.algorithm = algorithm;
    k.options.putAll(options);
    k.unmodeled.putAll(unmodeled);
    return k;
  }

  /** Returns the name an unnamed index takes before deduplication. */
  String baseName() {
    IndexPart first = parts.get(0);
    return first.column() != null ? first.column() : "functional_index";
  }

  boolean hasName(String other) {
    return name != null && name.toLowerCase(Locale.ROOT).equals(other.toLowerCase(Locale.ROOT));
  }

  Index toIndex() {
    return new Index(
        name == null ? baseName() : name,
        kind,
        parts,
        visible,
        comment,
        parser,
        algorithm,
        options);
  }

  /**
   * Returns whether one of two keys is generated and its columns lead the other's, which makes the
   * generated one redundant ({@code foreign_key_prefix} in the server's {@code sql_table.cc}).
   */
  static boolean generatedPrefix(KeyDraft a, KeyDraft b) {
    KeyDraft shorter;
    KeyDraft longer;
    if (a.generated && b.generated) {
      shorter = a.parts.size() <= b.parts.size() ? a : b;
      longer = shorter == a ? b : a;
    } else if (a.generated) {
      shorter = a;
      longer = b;
    } else if (b.generated) {
      shorter = b;
      longer = a;
    } else {
      return false;
    }
    if (longer.kind == IndexKind.FULLTEXT
        || longer.kind == IndexKind.SPATIAL
        || shorter.parts.size() > longer.parts.size()) {
      return false;
    }
    for (int i = 0; i < shorter.parts.size(); i++) {
      IndexPart s = shorter.parts.get(i);
      IndexPart l = longer.parts.get(i);
      if (s.column() == null
          || l.column() == null
          || !s.column().equalsIgnoreCase(l.column())
          || l.prefixLength() != null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Drops each generated key that another key makes redundant, as the server does when it prepares
   * a table's keys ({@code mysql_prepare_create_table}): a generated key whose columns lead an
   * earlier key goes, and an earlier generated key whose columns lead a later key goes.
   */
  static void dropRedundantGeneratedKeys(List<KeyDraft> keys) {
    List<KeyDraft> kept = new ArrayList<>();
    for (KeyDraft key : keys) {
      boolean ignored = false;
      for (Iterator<KeyDraft> it = kept.iterator(); it.hasNext(); ) {
        KeyDraft earlier = it.next();
        if (KeyDraft.generatedPrefix(key, earlier)) {
          if (!earlier.generated || (key.generated && key.parts.size() < earlier.parts.size())) {
            ignored = true;
          } else {
            it.remove();
          }
          break;
        }
      }
      if (!ignored) {
        kept.add(key);
      }
    }
    keys.clear();
    keys.addAll(kept);
  }

  /** Names unnamed keys after their first column, then {@code _2}, {@code _3}, ... */
  static void nameUnnamed(List<KeyDraft> keys) {
    Set<String> taken = new HashSet<>();
    taken.add("primary");
    for (KeyDraft key : keys) {
      if (key.name != null) {
        taken.add(key.name.toLowerCase(Locale.ROOT));
      }
    }
    for (KeyDraft key : keys) {
      if (key.name == null) {
        String base = key.baseName();
        String candidate = base;
        for (int i = 2; taken.contains(candidate.toLowerCase(Locale.ROOT)); i++) {
          candidate = base + "_" + i;
        }
        key.name = candidate;
        taken.add(candidate.toLowerCase(Locale.ROOT));
      }
    }
  }
}
