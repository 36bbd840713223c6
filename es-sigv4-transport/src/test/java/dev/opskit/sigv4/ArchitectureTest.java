package dev.opskit.sigv4;

import dev.opskit.testing.arch.OpskitArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void followsTheOpskitLayoutAndManners() {
    OpskitArchitecture.check("dev.opskit.sigv4");
  }
}
