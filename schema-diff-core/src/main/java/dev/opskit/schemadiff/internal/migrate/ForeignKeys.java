package dev.opskit.schemadiff.internal.migrate;

import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What a plan needs to know about foreign keys beyond the model. */
final class ForeignKeys {
  private ForeignKeys() {}

  /** The name a foreign key has on the server, when the rules renamed it for comparison. */
  static String originalName(Schema original, String table, ForeignKey fk) {
    return originalFk(original, table, fk).name();
  }

  static ForeignKey originalFk(Schema original, String table, ForeignKey fk) {
    Optional<Table> t = original.table(table);
    if (t.isEmpty()) {
      return fk;
    }
    for (ForeignKey candidate : t.get().foreignKeys()) {
      if (candidate.name().equals(fk.name())) {
        return candidate;
      }
    }
    for (ForeignKey candidate : t.get().foreignKeys()) {
      if (candidate.columns().equals(fk.columns())
          && candidate.referencedTable().equals(fk.referencedTable())
          && candidate.referencedColumns().equals(fk.referencedColumns())
          && candidate.onDelete() == fk.onDelete()
          && candidate.onUpdate() == fk.onUpdate()) {
        return candidate;
      }
    }
    return fk;
  }

  /** The first index that can serve a foreign key, as the server would pick it. */
  static @Nullable Index covering(Table table, ForeignKey fk) {
    for (Index index : table.indexes()) {
      if (index.kind() == IndexKind.FULLTEXT
          || index.kind() == IndexKind.SPATIAL
          || index.parts().size() < fk.columns().size()) {
        continue;
      }
      boolean covers = true;
      for (int i = 0; i < fk.columns().size() && covers; i++) {
        IndexPart part = index.parts().get(i);
        covers =
            part.column() != null
                && part.prefixLength() == null
                && part.column().equalsIgnoreCase(fk.columns().get(i));
      }
      if (covers) {
        return index.kind() == IndexKind.PRIMARY ? null : index;
      }
    }
    return null;
  }
}
