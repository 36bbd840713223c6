package dev.opskit.schemadiff.model;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A foreign key constraint.
 *
 * @param name the constraint name
 * @param columns the referencing columns, in order
 * @param referencedSchema the referenced table's schema when it is another schema, else null
 * @param referencedTable the referenced table
 * @param referencedColumns the referenced columns, in order
 * @param onDelete the action on delete
 * @param onUpdate the action on update
 */
public record ForeignKey(
    String name,
    List<String> columns,
    @Nullable String referencedSchema,
    String referencedTable,
    List<String> referencedColumns,
    ReferenceAction onDelete,
    ReferenceAction onUpdate) {

  /** Copies the lists. */
  public ForeignKey {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    Objects.requireNonNull(referencedTable, "referencedTable");
    referencedColumns = List.copyOf(referencedColumns);
    Objects.requireNonNull(onDelete, "onDelete");
    Objects.requireNonNull(onUpdate, "onUpdate");
  }
}
