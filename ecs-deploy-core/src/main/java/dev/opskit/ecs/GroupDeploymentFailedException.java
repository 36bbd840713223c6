package dev.opskit.ecs;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * A group deploy in which not every service deployed; {@link #result()} says what happened to each
 * service (deployed, failed and why, rolled back, rollback failed, not started).
 */
public final class GroupDeploymentFailedException extends EcsDeployException {
  private static final long serialVersionUID = 1L;

  private final transient GroupDeploymentResult result;

  GroupDeploymentFailedException(GroupDeploymentResult result) {
    super(message(result.services()));
    this.result = result;
  }

  /**
   * Returns what happened to each service.
   *
   * @return the result
   */
  public GroupDeploymentResult result() {
    return result;
  }

  private static String message(Map<String, ServiceOutcome> services) {
    return "group deploy failed: "
        + services.values().stream()
            .filter(o -> !(o instanceof ServiceOutcome.Deployed))
            .map(GroupDeploymentFailedException::describe)
            .collect(Collectors.joining("; "));
  }

  private static String describe(ServiceOutcome o) {
    if (o instanceof ServiceOutcome.Failed f) {
      return f.service() + " failed: " + f.error().getMessage();
    }
    if (o instanceof ServiceOutcome.RolledBack b) {
      return b.service() + " rolled back to " + shortName(b.revision());
    }
    if (o instanceof ServiceOutcome.RollbackFailed b) {
      return b.service() + " not rolled back to " + shortName(b.revision()) + ": " + b.problem();
    }
    return o.service() + (o instanceof ServiceOutcome.NotStarted ? " not started" : " deployed");
  }

  private static String shortName(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
