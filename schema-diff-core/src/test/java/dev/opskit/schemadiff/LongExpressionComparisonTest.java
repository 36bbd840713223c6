package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.model.Flavor;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Schemas holding 10,000-term expressions compare, render and plan end to end without recursion
 * running out of stack (issue 14, part 4).
 */
class LongExpressionComparisonTest {
  private static final int TERMS = 10_000;

  @Test
  void comparesAndPlansTenThousandTermChecksAndGeneratedColumns() {
    SchemaComparator comparator = SchemaComparator.builder().flavor(Flavor.MYSQL_8_0).build();
    String from = table(" + ", " OR ");
    String to = table(" - ", " AND ");

    SchemaDiff same = comparator.compare(SchemaSource.ddl(from), SchemaSource.ddl(from));
    assertThat(same.isEmpty()).isTrue();

    SchemaDiff diff = comparator.compare(SchemaSource.ddl(from), SchemaSource.ddl(to));
    assertThat(diff.isEmpty()).isFalse();
    assertThat(diff.unifiedDiff()).contains("`a` - `b` - `a`");
    MigrationPlan plan = diff.migration(MigrationOptions.builder().allowUnsafe(true).build());
    assertThat(plan.sql())
        .contains("`a` - `b` - `a` - `b`")
        .contains("`a` > 0 and `b` > 1 and `a` > 2");
    assertThat(plan.reverse().sql()).contains("`a` + `b` + `a` + `b`");
    assertThat(diff.reverse().toJson()).contains("`a` > 0 or `b` > 1 or `a` > 2");
  }

  private static String table(String sum, String condition) {
    String generated =
        IntStream.range(0, TERMS).mapToObj(i -> i % 2 == 0 ? "a" : "b").collect(join(sum));
    String check =
        IntStream.range(0, TERMS)
            .mapToObj(i -> (i % 2 == 0 ? "a" : "b") + " > " + i)
            .collect(join(condition));
    return "CREATE TABLE t (a INT, b INT, g BIGINT AS ("
        + generated
        + "),\n CONSTRAINT c CHECK ("
        + check
        + "))";
  }

  private static java.util.stream.Collector<CharSequence, ?, String> join(String separator) {
    return Collectors.joining(separator);
  }
}
