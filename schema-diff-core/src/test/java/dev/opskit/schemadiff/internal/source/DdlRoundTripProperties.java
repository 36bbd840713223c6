package dev.opskit.schemadiff.internal.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.EveryTryAsserts;
import dev.opskit.schemadiff.internal.render.DdlRenderer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/** Parsing the DDL the renderer prints gives back the model, for random schemas. */
@AddLifecycleHook(EveryTryAsserts.class)
class DdlRoundTripProperties {

  @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
  void parsingRenderedDdlGivesBackTheModel(@ForAll("cases") SchemaArbitraries.Case c) {
    String ddl = DdlRenderer.schema(c.schema());

    assertThat(DdlParser.parse(ddl, c.flavor())).as(ddl).isEqualTo(c.schema());
    EveryTryAsserts.asserted();
  }

  @Provide
  Arbitrary<SchemaArbitraries.Case> cases() {
    return SchemaArbitraries.cases();
  }
}
