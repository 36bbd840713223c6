package dev.opskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentListenerTest {

  @Test
  void compositeDeliversToEveryListenerEvenWhenOneThrows() {
    List<DeploymentEvent> seen = new ArrayList<>();
    DeploymentListener composite =
        DeploymentListener.composite(
            event -> {
              throw new IllegalStateException("bug");
            },
            seen::add,
            DeploymentListener.NONE);

    composite.onEvent(new DeploymentEvent.Registered("arn:1"));

    assertThat(seen).containsExactly(new DeploymentEvent.Registered("arn:1"));
  }
}
