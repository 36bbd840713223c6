package dev.opskit.testing.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * A fake Amazon ECS (and ECR) control plane on a loopback port, driven by a virtual clock.
 *
 * <pre>{@code
 * try (FakeEcs fake = FakeEcs.start()) {
 *   EcsClient ecs = EcsClient.builder().endpointOverride(fake.endpoint())
 *       .region(Region.AP_NORTHEAST_1)
 *       .credentialsProvider(StaticCredentialsProvider.create(
 *           AwsBasicCredentials.create(FakeEcs.ACCESS_KEY, "any")))
 *       .httpClient(UrlConnectionHttpClient.create()).build();
 *   String v1 = fake.registerTaskDefinition(json);
 *   fake.createService("c", "s", v1, 2, true, true);
 *   fake.behavior("app:bad", TaskBehavior.CRASH);
 *   ...   // the code under test sleeps with fake::advance and reads time from fake.clock()
 * }
 * }</pre>
 *
 * <p>Time moves only through {@link #advance(Duration)}: tasks take {@link #TASK_START} to start,
 * crash {@code TASK_START} after launch when their image is marked {@link TaskBehavior#CRASH}, and
 * old tasks drain once the new deployment runs its desired count. Every call is recorded.
 *
 * <p>What it leaves out, on purpose: a new deployment launches all its tasks at once (as with
 * {@code maximumPercent} 200), health checks, load balancers and placement are not modelled, a
 * task's exit code is that of its first container, and request signatures are not checked. The
 * circuit breaker counts failed tasks of the deployment against {@link #circuitBreakerThreshold}
 * ({@code resetOnHealthyTask} is not modelled).
 *
 * <p>Services whose {@code deploymentConfiguration.strategy} is {@code BLUE_GREEN}, {@code LINEAR}
 * or {@code CANARY} (from CreateService, UpdateService or {@link #createService(String, String,
 * String, int, String)}) deploy the ECS-native way: a service deployment that goes PENDING,
 * IN_PROGRESS through its lifecycle stages (see {@link #STAGE_TIME}), and SUCCESSFUL, or rolls back
 * on a failing hook ({@link #hook}), the circuit breaker, an alarm ({@link #alarm}) or a
 * StopServiceDeployment. Rolling deployments report no lifecycle stage. Faults ({@link #fault})
 * fail any call as a closed connection, a 5xx or throttling.
 *
 * <pre>{@code
 * fake.createService("c", "web", v1, 2,
 *     "{\"strategy\":\"BLUE_GREEN\",\"bakeTimeInMinutes\":5,\"lifecycleHooks\":[{"
 *         + "\"hookTargetArn\":\"" + check + "\",\"roleArn\":\"" + role + "\","
 *         + "\"lifecycleStages\":[\"POST_TEST_TRAFFIC_SHIFT\"]}]}");
 * fake.hook(check, "POST_TEST_TRAFFIC_SHIFT", HookVerdict.FAIL);
 * ecs.updateService(r -> r.cluster("c").service("web").taskDefinition(v2));
 * fake.advance(Duration.ofMinutes(2));   // ROLLBACK_SUCCESSFUL, the service runs v1 again
 * }</pre>
 */
public final class FakeEcs implements AutoCloseable {
  /** Static credentials the SDK clients can sign with; the fake does not check signatures. */
  public static final String ACCESS_KEY = "AKIDFAKEECS";

  /** The account id of every ARN and of the ECR registry. */
  public static final String ACCOUNT = "123456789012";

  /** The region of every ARN. */
  public static final String REGION = "ap-northeast-1";

  /** How long a task takes from launch to RUNNING (or to its crash). */
  public static final Duration TASK_START = Duration.ofSeconds(20);

  /**
   * How long each lifecycle stage of a BLUE_GREEN, LINEAR or CANARY deployment works before its
   * hooks run; SCALE_UP lasts until the new tasks run ({@link #TASK_START}), BAKE_TIME for {@code
   * bakeTimeInMinutes} (at least this long), and step bakes come on top. ECS documents no stage
   * durations; this is the fake's choice.
   */
  public static final Duration STAGE_TIME = Duration.ofSeconds(5);

  /** The operation name that makes a {@link #fault(String, Fault, int)} match every operation. */
  public static final String ANY_OPERATION = "*";

  private static final String NODELAY = "sun.net.httpserver.nodelay";
  static final String ECS_TARGET = "AmazonEC2ContainerServiceV20141113.";
  static final String ECR_TARGET = "AmazonEC2ContainerRegistry_V20150921.";
  final ObjectMapper json = new ObjectMapper();
  final Object lock = new Object();
  final Faults faults = new Faults();
  final List<Call> calls = new ArrayList<>();
  final EcrRegistry ecr;
  final TaskDefinitionStore store;
  final ServiceSimulation simulation;
  final ServiceDeploymentsApi serviceDeployments;
  private final HttpServer server;
  private final ExecutorService executor;
  private volatile Instant now = Instant.parse("2026-01-05T09:00:00Z");
  private final List<Scheduled> scheduled = new ArrayList<>();

  private FakeEcs(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
    this.ecr = new EcrRegistry(this);
    this.store = new TaskDefinitionStore(this);
    this.simulation = new ServiceSimulation(this, store);
    this.serviceDeployments = new ServiceDeploymentsApi(simulation, json);
  }

  /**
   * Starts the fake on a free loopback port. Sets {@code sun.net.httpserver.nodelay} to {@code
   * true} unless it is set, so that a call takes about a millisecond instead of 40.
   *
   * @return the running fake; close it to stop the server
   */
  public static FakeEcs start() {
    // The JDK's HttpServer otherwise sends an answer's headers and body in two packets and waits
    // on the client's delayed ACK: about 40 ms a call. Read once, when the first server starts.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor = Executors.newFixedThreadPool(2);
      FakeEcs fake = new FakeEcs(server, executor);
      server.createContext("/", new FakeHttp(fake)::handle);
      server.setExecutor(executor);
      server.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the endpoint to give the SDK clients ({@code endpointOverride}).
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Returns a clock that reads the fake's virtual time.
   *
   * @return the clock
   */
  public Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now;
      }
    };
  }

  /**
   * Returns the virtual time.
   *
   * @return now
   */
  public Instant now() {
    return now;
  }

  /**
   * Moves virtual time forward one second at a time, letting tasks start, crash and drain,
   * deployments complete, the circuit breaker trip and scheduled actions run.
   *
   * @param duration how far
   */
  public void advance(Duration duration) {
    Instant end = now.plus(duration);
    while (now.isBefore(end)) {
      List<Runnable> due = new ArrayList<>();
      synchronized (lock) {
        Duration step = Duration.between(now, end);
        now = now.plus(step.compareTo(Duration.ofSeconds(1)) < 0 ? step : Duration.ofSeconds(1));
        simulation.tickAll();
        for (Iterator<Scheduled> it = scheduled.iterator(); it.hasNext(); ) {
          Scheduled s = it.next();
          if (!s.at.isAfter(now)) {
            due.add(s.action);
            it.remove();
          }
        }
      }
      due.forEach(Runnable::run);
    }
  }

  /**
   * Runs an action when virtual time reaches {@code delay} from now.
   *
   * @param delay how long from now
   * @param action what to do, such as another pipeline's {@link #updateService}
   */
  public void schedule(Duration delay, Runnable action) {
    synchronized (lock) {
      scheduled.add(new Scheduled(now.plus(delay), action));
    }
  }

  /**
   * Says what tasks running an image do; images not named are {@link TaskBehavior#HEALTHY}.
   *
   * @param image the exact image reference of the container
   * @param behavior what its tasks do
   */
  public void behavior(String image, TaskBehavior behavior) {
    synchronized (lock) {
      simulation.behaviors.put(image, behavior);
    }
  }

  /**
   * Answers the next {@code times} calls of an operation with a {@code ThrottlingException}; a
   * shortcut for {@code fault(operation, Fault.THROTTLING, times)}.
   *
   * @param operation such as {@code DescribeServices}
   * @param times how many calls in a row
   */
  public void throttle(String operation, int times) {
    fault(operation, Fault.THROTTLING, times);
  }

  /**
   * Fails the next {@code times} calls of an operation (a burst when more than one).
   *
   * @param operation such as {@code DescribeServices}, or {@link #ANY_OPERATION}
   * @param fault how they fail, such as {@link Fault#CONNECTION_RESET}
   * @param times how many calls in a row
   */
  public void fault(String operation, Fault fault, int times) {
    fault(operation, fault, 0, times);
  }

  /**
   * Lets {@code skip} calls of an operation through, then fails the {@code times} calls after them:
   * {@code fault(ANY_OPERATION, f, n - 1, 1)} fails the n-th call from now, whatever it is.
   *
   * @param operation such as {@code DescribeServices}, or {@link #ANY_OPERATION}
   * @param fault how they fail
   * @param skip how many matching calls succeed first
   * @param times how many calls in a row fail then
   */
  public void fault(String operation, Fault fault, int skip, int times) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(fault, "fault");
    synchronized (lock) {
      faults.add(operation, fault, skip, times);
    }
  }

  /**
   * Fails every call of an operation until virtual time has moved on by {@code duration} (an
   * outage).
   *
   * @param operation such as {@code DescribeServices}, or {@link #ANY_OPERATION}
   * @param fault how they fail
   * @param duration how long from now
   */
  public void faultFor(String operation, Fault fault, Duration duration) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(fault, "fault");
    synchronized (lock) {
      faults.addUntil(operation, fault, now.plus(duration));
    }
  }

  /**
   * Scripts what a Lambda lifecycle hook answers each time ECS invokes it at a stage: the first
   * invocation gets the first verdict, and so on; the last verdict repeats. Hooks nobody scripted
   * answer {@link HookVerdict#SUCCEED}. Hooks that ECS re-runs during a rollback always succeed.
   *
   * @param hookTargetArn the hook's {@code hookTargetArn}
   * @param lifecycleStage the stage, such as {@code POST_TEST_TRAFFIC_SHIFT}
   * @param verdicts the answers, in order
   * @throws IllegalArgumentException when the stage cannot carry hooks or no verdict is given
   */
  public void hook(String hookTargetArn, String lifecycleStage, HookVerdict... verdicts) {
    Objects.requireNonNull(hookTargetArn, "hookTargetArn");
    if (!DeploymentConfig.HOOK_STAGES.contains(lifecycleStage)) {
      throw new IllegalArgumentException("no hooks run at " + lifecycleStage);
    }
    if (verdicts.length == 0) {
      throw new IllegalArgumentException("at least one verdict is needed");
    }
    synchronized (lock) {
      simulation.hookScript.script(hookTargetArn, lifecycleStage, List.of(verdicts));
    }
  }

  /**
   * Makes a CloudWatch alarm go off once, when the next deployment that monitors it ({@code
   * deploymentConfiguration.alarms} enabled and naming it) enters a lifecycle stage. It rolls that
   * deployment back when {@code alarms.rollback} is set, or stops it; its {@code alarms} then read
   * {@code TRIGGERED} with the alarm in {@code triggeredAlarmNames}. Only BLUE_GREEN, LINEAR and
   * CANARY deployments have stages.
   *
   * @param alarmName the alarm name
   * @param lifecycleStage the stage, such as {@code BAKE_TIME}
   */
  public void alarm(String alarmName, String lifecycleStage) {
    Objects.requireNonNull(alarmName, "alarmName");
    Objects.requireNonNull(lifecycleStage, "lifecycleStage");
    synchronized (lock) {
      simulation.scriptAlarm(alarmName, lifecycleStage);
    }
  }

  /**
   * Makes the next rollback of a service fail: the service deployment ends {@code ROLLBACK_FAILED}
   * (ECS documents the status, not what causes it) and the service stays where it was. Applies to
   * native rollbacks and to the circuit breaker's rolling rollback.
   *
   * @param cluster the cluster
   * @param service the service
   */
  public void rollbackFails(String cluster, String service) {
    synchronized (lock) {
      simulation.service(cluster, service).rollbackFailures++;
    }
  }

  /**
   * Delays the deployment a circuit-breaker rollback starts after it failed ours (default: none, it
   * starts in the same instant); meanwhile the failed deployment stays PRIMARY and FAILED.
   *
   * @param delay how long after the breaker trips
   */
  public void circuitBreakerRollbackDelay(Duration delay) {
    synchronized (lock) {
      simulation.rollbackDelay = delay;
    }
  }

  /**
   * Sets a service's {@code deploymentController.type}, as if it had been created with it: with
   * {@code CODE_DEPLOY} or {@code EXTERNAL}, UpdateService refuses a new task definition with the
   * {@code InvalidParameterException} ECS answers.
   *
   * @param cluster the cluster
   * @param service the service
   * @param type {@code ECS}, {@code CODE_DEPLOY} or {@code EXTERNAL}
   * @throws IllegalArgumentException for another type
   */
  public void deploymentController(String cluster, String service, String type) {
    if (!Set.of("ECS", "CODE_DEPLOY", "EXTERNAL").contains(type)) {
      throw new IllegalArgumentException("unknown deployment controller " + type);
    }
    synchronized (lock) {
      simulation.service(cluster, service).controller = type;
    }
  }

  /**
   * Turns the service-deployments API (List/DescribeServiceDeployments) off, as in a partition that
   * does not offer it yet: its calls then fail with {@code UnsupportedFeatureException}.
   */
  public void disableServiceDeploymentsApi() {
    synchronized (lock) {
      simulation.serviceDeploymentsApi = false;
    }
  }

  /**
   * Registers a task definition as {@code RegisterTaskDefinition} would.
   *
   * @param registerJson the request in the register shape
   * @return the new revision's ARN
   */
  public String registerTaskDefinition(String registerJson) {
    try {
      synchronized (lock) {
        return store
            .register((ObjectNode) json.readTree(registerJson))
            .get("taskDefinitionArn")
            .asText();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates a service whose first deployment has completed, with its tasks running.
   *
   * @param cluster the cluster name
   * @param service the service name
   * @param taskDefinitionArn the task definition it runs
   * @param desiredCount how many tasks
   * @param circuitBreaker whether the deployment circuit breaker is enabled
   * @param rollback whether the circuit breaker rolls back
   */
  public void createService(
      String cluster,
      String service,
      String taskDefinitionArn,
      int desiredCount,
      boolean circuitBreaker,
      boolean rollback) {
    synchronized (lock) {
      simulation.createService(
          cluster,
          service,
          taskDefinitionArn,
          desiredCount,
          DeploymentConfig.rolling(json, circuitBreaker, rollback));
    }
  }

  /**
   * Creates a service whose first deployment has completed, with its tasks running, and the given
   * deployment configuration, validated as CreateService validates it.
   *
   * @param cluster the cluster name
   * @param service the service name
   * @param taskDefinitionArn the task definition it runs
   * @param desiredCount how many tasks
   * @param deploymentConfigurationJson the {@code deploymentConfiguration} in the API's JSON shape,
   *     such as {@code {"strategy":"LINEAR","bakeTimeInMinutes":0,"linearConfiguration":
   *     {"stepPercent":34.0,"stepBakeTimeInMinutes":1}}}
   * @throws IllegalArgumentException when ECS would refuse the configuration
   */
  public void createService(
      String cluster,
      String service,
      String taskDefinitionArn,
      int desiredCount,
      String deploymentConfigurationJson) {
    synchronized (lock) {
      try {
        DeploymentConfig config =
            DeploymentConfig.rolling(json, false, false)
                .apply(json.readTree(deploymentConfigurationJson));
        simulation.createService(cluster, service, taskDefinitionArn, desiredCount, config);
      } catch (FakeError e) {
        throw new IllegalArgumentException(e.type() + ": " + e.getMessage(), e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Updates a service to another task definition the way another pipeline or a person would
   * (recorded as a call of {@code UpdateService} by {@code another-actor}).
   *
   * @param cluster the cluster name
   * @param service the service name
   * @param taskDefinitionArn the task definition
   */
  public void updateService(String cluster, String service, String taskDefinitionArn) {
    synchronized (lock) {
      simulation.startDeployment(simulation.service(cluster, service), taskDefinitionArn);
      calls.add(
          new Call(
              "ecs",
              "UpdateService",
              now,
              json.createObjectNode().put("by", "another-actor"),
              200));
    }
  }

  /**
   * Adds an image to an ECR repository of the fake registry (created when missing).
   *
   * @param repository the repository name
   * @param tag the tag
   * @return the image digest
   */
  public String putEcrImage(String repository, String tag) {
    synchronized (lock) {
      return ecr.put(repository, tag);
    }
  }

  /**
   * Sets what {@code GetAuthorizationToken} hands out: a token for user {@code AWS} whose {@code
   * proxyEndpoint} is the given registry, such as a real registry on loopback. Each call hands out
   * the next password; the last one is repeated. The token expires {@code validity} after the
   * fake's virtual time of the call. Without this, the token is for {@code
   * https://123456789012.dkr.ecr.ap-northeast-1.amazonaws.com}, password {@code fake-ecr-password},
   * valid for 12 hours.
   *
   * @param proxyEndpoint the registry's URL, such as {@code http://127.0.0.1:5000}
   * @param validity how long each token is valid
   * @param passwords the registry passwords, handed out in order (at least one)
   */
  public void ecrAuthorization(URI proxyEndpoint, Duration validity, String... passwords) {
    if (passwords.length == 0) {
      throw new IllegalArgumentException("give at least one password");
    }
    synchronized (lock) {
      ecr.authorization(proxyEndpoint.toString(), validity, List.of(passwords));
    }
  }

  /**
   * Returns the tags of an ECR image.
   *
   * @param repository the repository
   * @param digest the image digest
   * @return its tags
   */
  public Set<String> ecrTags(String repository, String digest) {
    synchronized (lock) {
      return ecr.tags(repository, digest);
    }
  }

  /**
   * Returns every call received so far, in order.
   *
   * @return a copy of the call log
   */
  public List<Call> calls() {
    synchronized (lock) {
      return List.copyOf(calls);
    }
  }

  /**
   * Counts the calls of one operation (answered or not).
   *
   * @param operation such as {@code UpdateService}
   * @return how many
   */
  public long count(String operation) {
    return calls().stream().filter(c -> c.operation().equals(operation)).count();
  }

  /**
   * Returns the task definition a service runs now.
   *
   * @param cluster the cluster
   * @param service the service
   * @return the ARN
   */
  public String serviceTaskDefinition(String cluster, String service) {
    synchronized (lock) {
      return simulation.service(cluster, service).taskDefinition;
    }
  }

  /**
   * Returns the number of RUNNING tasks per task definition of a service.
   *
   * @param cluster the cluster
   * @param service the service
   * @return task definition ARN to running count
   */
  public Map<String, Integer> runningTasks(String cluster, String service) {
    synchronized (lock) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (FakeTask t : simulation.service(cluster, service).tasks) {
        if (t.isRunning()) {
          counts.merge(t.taskDefinition, 1, Integer::sum);
        }
      }
      return counts;
    }
  }

  /**
   * Returns the virtual times at which tasks of the service crashed.
   *
   * @param cluster the cluster
   * @param service the service
   * @return the times, in order
   */
  public List<Instant> taskFailures(String cluster, String service) {
    synchronized (lock) {
      return List.copyOf(simulation.service(cluster, service).taskFailures);
    }
  }

  /**
   * Returns when the deployment circuit breaker last failed a deployment of the service.
   *
   * @param cluster the cluster
   * @param service the service
   * @return the virtual time, or {@code null} when it never tripped
   */
  public @Nullable Instant circuitBreakerTrippedAt(String cluster, String service) {
    synchronized (lock) {
      return simulation.service(cluster, service).circuitBreakerTrippedAt;
    }
  }

  /**
   * Returns the service deployment the service shows as {@code currentServiceDeployment}.
   *
   * @param cluster the cluster
   * @param service the service
   * @return its ARN
   */
  public String currentServiceDeployment(String cluster, String service) {
    synchronized (lock) {
      List<FakeService.Deployment> all =
          simulation.allDeployments(simulation.service(cluster, service));
      return all.get(all.size() - 1).serviceDeploymentArn;
    }
  }

  /**
   * Returns every status and lifecycle stage a service deployment went through, with when.
   *
   * @param serviceDeploymentArn the deployment's ARN
   * @return the changes, oldest first; the first is its creation
   * @throws IllegalArgumentException for an unknown ARN
   */
  public List<Transition> transitions(String serviceDeploymentArn) {
    synchronized (lock) {
      FakeService.Deployment d = serviceDeployments.findAnywhere(serviceDeploymentArn);
      if (d == null) {
        throw new IllegalArgumentException("no service deployment " + serviceDeploymentArn);
      }
      return List.copyOf(d.transitions);
    }
  }

  /**
   * Returns the status of a task-definition revision ({@code ACTIVE} or {@code INACTIVE}).
   *
   * @param arn the revision's ARN
   * @return the status
   */
  public String taskDefinitionStatus(String arn) {
    synchronized (lock) {
      return store.find(arn).get("status").asText();
    }
  }

  /**
   * Returns a registered revision as DescribeTaskDefinition returns it.
   *
   * @param arn the revision's ARN
   * @return the JSON
   */
  public JsonNode taskDefinition(String arn) {
    synchronized (lock) {
      return store.find(arn).deepCopy();
    }
  }

  /**
   * Returns the circuit-breaker failure threshold ECS computes for a desired count: half of it
   * (rounded up), at least 3 and at most 200.
   *
   * @param desiredCount the desired task count
   * @return the threshold
   */
  public static int circuitBreakerThreshold(int desiredCount) {
    return Math.max(3, Math.min(200, (desiredCount + 1) / 2));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  static BigDecimal seconds(Instant instant) {
    return BigDecimal.valueOf(instant.getEpochSecond())
        .add(BigDecimal.valueOf(instant.getNano(), 9))
        .stripTrailingZeros();
  }

  private record Scheduled(Instant at, Runnable action) {}
}
