package dev.opskit.schemadiff.internal.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.internal.render.DdlRenderer;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.Schema;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VectorIndexTest {
  private static final Flavor MARIADB_11_8 = new Flavor(Flavor.Kind.MARIADB, 11, 8);

  @Test
  void readsMariaDbVectorIndexesWithTheirOptions() {
    Schema schema =
        DdlParser.parse(
            "CREATE TABLE v (id int PRIMARY KEY, vector vector(3) NOT NULL,"
                + " VECTOR INDEX by_vector (vector) M=8 DISTANCE=cosine);"
                + "CREATE VECTOR INDEX second ON v (vector) DISTANCE=euclidean;",
            MARIADB_11_8);

    Index first = schema.tables().get(0).index("by_vector").orElseThrow();
    assertThat(first.kind()).isEqualTo(IndexKind.VECTOR);
    assertThat(first.options()).isEqualTo(Map.of("DISTANCE", "COSINE", "M", "8"));
    assertThat(schema.tables().get(0).column("vector").orElseThrow().type()).isEqualTo("vector(3)");
    assertThat(schema.tables().get(0).index("second").orElseThrow().options())
        .isEqualTo(Map.of("DISTANCE", "EUCLIDEAN"));
    assertThat(DdlParser.parse(DdlRenderer.schema(schema), MARIADB_11_8)).isEqualTo(schema);
  }
}
