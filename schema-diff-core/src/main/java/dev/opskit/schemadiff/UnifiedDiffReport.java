package dev.opskit.schemadiff;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.opskit.schemadiff.compare.Aspect;
import dev.opskit.schemadiff.compare.Change;
import dev.opskit.schemadiff.compare.Difference;
import dev.opskit.schemadiff.compare.ObjectKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders changes as mysqldiff does: a {@code # Comparing ... [PASS]} or {@code [FAIL]} line per
 * object, then for each object that differs a unified diff ({@code --- from} / {@code +++ to}) of
 * its canonical CREATE statements, made with java-diff-utils.
 */
final class UnifiedDiffReport {
  private static final int STATUS_COLUMN = 70;

  private UnifiedDiffReport() {}

  /**
   * Renders a report.
   *
   * @param fromLabel the name of the {@code from} schema, such as {@code db1}
   * @param toLabel the name of the {@code to} schema
   * @param compared every object compared, by kind, including those that are equal
   * @param changes the changes
   * @return the report, empty of diff hunks when nothing differs
   */
  static String render(
      String fromLabel,
      String toLabel,
      TreeMap<ObjectKind, Set<String>> compared,
      List<Change> changes) {
    StringBuilder out = new StringBuilder();
    for (Change change : changes) {
      if (change.objectKind() == ObjectKind.SCHEMA) {
        header(out, fromLabel, toLabel, "", true);
        hunks(out, quoted(fromLabel), quoted(toLabel), change);
      }
    }
    compared.forEach(
        (kind, names) -> {
          for (String name : names) {
            Change change =
                changes.stream()
                    .filter(c -> c.objectKind() == kind && c.objectName().equals(name))
                    .findFirst()
                    .orElse(null);
            header(out, fromLabel, toLabel, name, change != null);
            if (change != null) {
              hunks(out, qualified(fromLabel, name), qualified(toLabel, name), change);
            }
          }
        });
    return out.toString();
  }

  /**
   * Renders the unified diff of one change's definitions.
   *
   * @param fromName the {@code ---} file name
   * @param toName the {@code +++} file name
   * @param change the change
   * @return the diff lines joined with newlines, ending with a newline
   */
  static String diff(String fromName, String toName, Change change) {
    List<String> a = lines(change.fromDefinition());
    List<String> b = lines(change.toDefinition());
    Patch<String> patch = DiffUtils.diff(a, b);
    List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(fromName, toName, a, patch, 3);
    if (a.isEmpty() || b.isEmpty()) {
      // java-diff-utils numbers an empty side as line 1; diff(1) and git say 0,0.
      List<String> fixed = new ArrayList<>();
      for (String line : unified) {
        fixed.add(line.startsWith("@@") ? emptySideHeader(a.size(), b.size()) : line);
      }
      unified = fixed;
    }
    return String.join("\n", unified) + "\n";
  }

  private static String emptySideHeader(int fromLines, int toLines) {
    return "@@ -"
        + (fromLines == 0 ? "0,0" : "1," + fromLines)
        + " +"
        + (toLines == 0 ? "0,0" : "1," + toLines)
        + " @@";
  }

  private static void header(
      StringBuilder out, String fromLabel, String toLabel, String name, boolean fail) {
    String line =
        name.isEmpty()
            ? "# Comparing " + quoted(fromLabel) + " to " + quoted(toLabel)
            : "# Comparing " + qualified(fromLabel, name) + " to " + qualified(toLabel, name);
    StringBuilder padded = new StringBuilder(line);
    while (padded.length() < STATUS_COLUMN) {
      padded.append(' ');
    }
    out.append(padded).append(' ').append(fail ? "[FAIL]" : "[PASS]").append('\n');
  }

  private static void hunks(StringBuilder out, String fromName, String toName, Change change) {
    out.append("# Object definitions differ.\n#\n\n");
    out.append(diff(fromName, toName, change)).append('\n');
    List<Difference> unmodeled =
        change.differences().stream().filter(d -> d.aspect() == Aspect.UNMODELED).toList();
    if (!unmodeled.isEmpty()) {
      out.append("# Outside opskit's model (compared as text, not migrated):\n");
      unmodeled.forEach(d -> out.append("#   ").append(d.describe()).append('\n'));
      out.append('\n');
    }
  }

  private static List<String> lines(String text) {
    return text == null ? List.of() : Arrays.asList(text.split("\n", -1));
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static String qualified(String schema, String name) {
    return quoted(schema) + "." + quoted(name);
  }
}
