package dev.opskit.schemadiff.compare;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one schema object differs between {@code from} and {@code to}.
 *
 * @param objectKind what kind of object it is
 * @param objectName its name
 * @param changeType whether it was added, removed or changed
 * @param differences the parts that differ; for an added or removed object, empty
 * @param fromDefinition the object's canonical CREATE statement in {@code from}, or null when added
 * @param toDefinition the object's canonical CREATE statement in {@code to}, or null when removed
 */
public record Change(
    ObjectKind objectKind,
    String objectName,
    ChangeType changeType,
    List<Difference> differences,
    @Nullable String fromDefinition,
    @Nullable String toDefinition) {

  /** Copies the differences. */
  public Change {
    Objects.requireNonNull(objectKind, "objectKind");
    Objects.requireNonNull(objectName, "objectName");
    Objects.requireNonNull(changeType, "changeType");
    differences = List.copyOf(differences);
  }
}
