package dev.opskit.ecs;

import dev.opskit.testing.arch.ModuleJar;
import org.junit.jupiter.api.Test;

class ModuleJarIT {

  @Test
  void publishesAJarWithItsModuleNameSourcesAndJavadoc() {
    ModuleJar.assertPublishable("dev.opskit.ecs");
  }
}
