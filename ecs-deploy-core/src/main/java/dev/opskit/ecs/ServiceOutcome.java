package dev.opskit.ecs;

import java.util.Objects;

/**
 * What happened to one service of a group deploy; tell the kinds apart with {@code instanceof}
 * patterns.
 */
public sealed interface ServiceOutcome {

  /**
   * Returns the service, as its deployer names it.
   *
   * @return the service
   */
  String service();

  /**
   * The service runs the new revision.
   *
   * @param service the service
   * @param result the deploy's result
   */
  record Deployed(String service, DeploymentResult result) implements ServiceOutcome {
    /** Checks the parts. */
    public Deployed {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * The service's deploy failed. A {@link DeploymentFailedException} says why ({@link
   * DeploymentFailedException#kind()}) and whether its deployer rolled it back ({@link
   * DeploymentFailedException#rolledBack()}); any other {@link EcsDeployException} means the
   * service was not changed.
   *
   * @param service the service
   * @param error why
   */
  record Failed(String service, EcsDeployException error) implements ServiceOutcome {
    /** Checks the parts. */
    public Failed {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(error, "error");
    }
  }

  /**
   * The service deployed successfully, then went back to its previous revision because another
   * service of the group failed ({@link GroupFailurePolicy#ROLLBACK_ALL}).
   *
   * @param service the service
   * @param revision the task-definition ARN it runs again
   * @param deployed the deploy that was undone
   */
  record RolledBack(String service, String revision, DeploymentResult deployed)
      implements ServiceOutcome {
    /** Checks the parts. */
    public RolledBack {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(revision, "revision");
      Objects.requireNonNull(deployed, "deployed");
    }
  }

  /**
   * The service deployed successfully, and going back to its previous revision failed; it may run
   * either revision or both.
   *
   * @param service the service
   * @param revision the task-definition ARN it should have gone back to
   * @param problem why the rollback failed
   * @param deployed the deploy that was to be undone
   */
  record RollbackFailed(String service, String revision, String problem, DeploymentResult deployed)
      implements ServiceOutcome {
    /** Checks the parts. */
    public RollbackFailed {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(revision, "revision");
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(deployed, "deployed");
    }
  }

  /**
   * The service was not deployed: an earlier failure stopped the group first.
   *
   * @param service the service
   */
  record NotStarted(String service) implements ServiceOutcome {
    /** Checks the name. */
    public NotStarted {
      Objects.requireNonNull(service, "service");
    }
  }
}
