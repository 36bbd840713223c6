package dev.opskit.schemadiff.internal.migrate;

import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import dev.opskit.schemadiff.model.Table;
import org.jspecify.annotations.Nullable;

/** What a plan needs to know about foreign keys beyond the model. */
final class ForeignKeys {
  private ForeignKeys() {}

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
