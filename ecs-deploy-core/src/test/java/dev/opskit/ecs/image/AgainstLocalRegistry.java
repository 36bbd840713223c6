package dev.opskit.ecs.image;

import dev.opskit.testing.ecs.FakeEcs;
import dev.opskit.testing.registry.LocalRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * What the image ITs run against: a real CNCF registry on loopback for the test class and, for each
 * test, a FakeEcs whose GetAuthorizationToken hands out the registry's password through the real
 * SDK EcrClient (unless the class hands out passwords of its own).
 */
abstract class AgainstLocalRegistry {
  static LocalRegistry registry;

  FakeEcs fake;
  EcrClient ecr;

  @BeforeAll
  static void startRegistry() {
    registry = LocalRegistry.start();
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @BeforeEach
  void startFake() {
    fake = FakeEcs.start();
    if (authorizesRegistry()) {
      fake.ecrAuthorization(registry.endpoint(), Duration.ofHours(12), registry.password());
    }
    ecr = ImagePublisherIT.client(fake);
  }

  @AfterEach
  void stopFake() {
    ecr.close();
    fake.close();
  }

  /** Whether each test's FakeEcs hands out the registry's password; false to hand out others. */
  boolean authorizesRegistry() {
    return true;
  }
}
