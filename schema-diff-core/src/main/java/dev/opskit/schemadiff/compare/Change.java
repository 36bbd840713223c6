package dev.opskit.schemadiff.compare;

import dev.opskit.schemadiff.model.SchemaObject;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one schema object differs between {@code from} and {@code to}: the object on each side, as
 * loaded, and the typed {@link Difference}s that count under the comparison's ignore rules.
 *
 * @param objectKind what kind of object it is
 * @param objectName its name
 * @param changeType whether it was added, removed or changed
 * @param from the object in {@code from} (a {@link dev.opskit.schemadiff.model.Table}, view,
 *     trigger, routine, event or the schema's defaults), or null when added
 * @param to the object in {@code to}, or null when removed
 * @param differences the parts that differ; for an added or removed object, empty
 * @param fromDefinition {@code from}'s canonical CREATE statement as compared (without what the
 *     rules ignore), for reports; null when added
 * @param toDefinition {@code to}'s canonical CREATE statement as compared, null when removed
 */
public record Change(
    ObjectKind objectKind,
    String objectName,
    ChangeType changeType,
    @Nullable SchemaObject from,
    @Nullable SchemaObject to,
    List<Difference> differences,
    @Nullable String fromDefinition,
    @Nullable String toDefinition) {

  /** Checks that the sides match the change type and copies the differences. */
  public Change {
    Objects.requireNonNull(objectKind, "objectKind");
    Objects.requireNonNull(objectName, "objectName");
    Objects.requireNonNull(changeType, "changeType");
    if ((from == null) != (changeType == ChangeType.ADDED)
        || (to == null) != (changeType == ChangeType.REMOVED)) {
      throw new IllegalArgumentException(
          changeType + " " + objectKind + " " + objectName + " needs the object on the sides");
    }
    differences = List.copyOf(differences);
  }

  /**
   * Returns the object in {@code from} as the given type.
   *
   * @param <T> the model type
   * @param type the model type, such as {@code Table.class}
   * @return the object
   * @throws IllegalStateException if the object was added, or is of another type
   */
  public <T extends SchemaObject> T from(Class<T> type) {
    return side(from, type, "from");
  }

  /**
   * Returns the object in {@code to} as the given type.
   *
   * @param <T> the model type
   * @param type the model type, such as {@code Table.class}
   * @return the object
   * @throws IllegalStateException if the object was removed, or is of another type
   */
  public <T extends SchemaObject> T to(Class<T> type) {
    return side(to, type, "to");
  }

  private <T extends SchemaObject> T side(@Nullable SchemaObject object, Class<T> type, String s) {
    if (!type.isInstance(object)) {
      throw new IllegalStateException(
          objectKind + " " + objectName + " has no " + type.getSimpleName() + " in " + s);
    }
    return type.cast(object);
  }
}
