package dev.opskit.testing.leaks.jqwik;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** A jqwik class that leaves nothing behind; run only by JqwikLeakCheckTest. */
public class CleanProperty {
  @Property(tries = 10)
  void addsUp(@ForAll int a) {
    assertThat(a + 0).isEqualTo(a);
  }
}
