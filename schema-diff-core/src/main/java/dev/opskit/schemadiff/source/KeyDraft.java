package dev.opskit.schemadiff.source;

import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import java.util.List;
import java.util.Locale;
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
        name == null ? baseName() : name, kind, parts, visible, comment, parser, algorithm);
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
}
