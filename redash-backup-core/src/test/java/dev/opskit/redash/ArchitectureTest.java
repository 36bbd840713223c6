package dev.opskit.redash;

import dev.opskit.testing.arch.OpskitArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void followsTheOpskitLayoutAndManners() {
    OpskitArchitecture.check("dev.opskit.redash");
  }
}
