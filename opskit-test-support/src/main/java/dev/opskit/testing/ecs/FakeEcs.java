package dev.opskit.testing.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * A fake Amazon ECS (and ECR) control plane on a loopback port, driven by a virtual clock.
 *
 * <pre>{@code
 * try (FakeEcs fake = FakeEcs.start()) {
 *   EcsClient ecs = EcsClient.builder().endpointOverride(fake.endpoint())
 *       .region(Region.AP_NORTHEAST_1).credentialsProvider(FakeEcs.CREDENTIALS)
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

  static final String ECS_TARGET = "AmazonEC2ContainerServiceV20141113.";
  static final String ECR_TARGET = "AmazonEC2ContainerRegistry_V20150921.";
  private static final Set<String> REGISTER_FIELDS =
      Set.of(
          "family",
          "taskRoleArn",
          "executionRoleArn",
          "networkMode",
          "containerDefinitions",
          "volumes",
          "placementConstraints",
          "requiresCompatibilities",
          "cpu",
          "memory",
          "tags",
          "pidMode",
          "ipcMode",
          "proxyConfiguration",
          "inferenceAccelerators",
          "ephemeralStorage",
          "runtimePlatform",
          "enableFaultInjection");

  final ObjectMapper json = new ObjectMapper();
  private final Object lock = new Object();
  private final HttpServer server;
  private final ExecutorService executor;
  private final EcrRegistry ecr;
  private volatile Instant now = Instant.parse("2026-01-05T09:00:00Z");
  private final Map<String, List<ObjectNode>> taskDefinitions = new LinkedHashMap<>();
  private final Map<String, ArrayNode> taskDefinitionTags = new HashMap<>();
  private final Map<String, FakeService> services = new LinkedHashMap<>();
  private final Map<String, TaskBehavior> behaviors = new HashMap<>();
  private final Map<String, Integer> throttles = new HashMap<>();
  private final List<Call> calls = new ArrayList<>();

  /** Every deployment each service ever had, oldest first, for the service-deployments API. */
  private final Map<String, List<FakeService.Deployment>> history = new HashMap<>();

  private final List<Scheduled> scheduled = new ArrayList<>();
  private boolean serviceDeploymentsApi = true;
  private long ids = 1_700_000_000_000_000_000L;

  private FakeEcs(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
    this.ecr = new EcrRegistry(this);
  }

  /**
   * Starts the fake on a free loopback port.
   *
   * @return the running fake; close it to stop the server
   */
  public static FakeEcs start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor = Executors.newFixedThreadPool(2);
      FakeEcs fake = new FakeEcs(server, executor);
      server.createContext("/", fake::handle);
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
        for (FakeService service : services.values()) {
          tick(service);
        }
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
      behaviors.put(image, behavior);
    }
  }

  /**
   * Answers the next {@code times} calls of an operation with a {@code ThrottlingException}.
   *
   * @param operation such as {@code DescribeServices}
   * @param times how many calls in a row
   */
  public void throttle(String operation, int times) {
    synchronized (lock) {
      throttles.merge(operation, times, Integer::sum);
    }
  }

  /**
   * Turns the service-deployments API (List/DescribeServiceDeployments) off, as in a partition that
   * does not offer it yet: its calls then fail with {@code UnsupportedFeatureException}.
   */
  public void disableServiceDeploymentsApi() {
    synchronized (lock) {
      serviceDeploymentsApi = false;
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
        return registerTaskDefinition((ObjectNode) json.readTree(registerJson))
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
      FakeService s =
          new FakeService(
              cluster,
              service,
              "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":service/" + cluster + "/" + service,
              taskDefinitionArn,
              desiredCount);
      s.circuitBreaker = circuitBreaker;
      s.rollback = rollback;
      services.put(cluster + "/" + service, s);
      FakeService.Deployment d = newDeployment(s, taskDefinitionArn, null);
      for (int i = 0; i < desiredCount; i++) {
        FakeTask t = launch(s, d);
        t.lastStatus = "RUNNING";
        t.startedAt = now;
      }
      complete(s, d);
      s.events.clear();
      event(s, "(service " + service + ") has reached a steady state.");
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
      startDeployment(service(cluster, service), taskDefinitionArn);
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
      return service(cluster, service).taskDefinition;
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
      for (FakeTask t : service(cluster, service).tasks) {
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
      return List.copyOf(service(cluster, service).taskFailures);
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
      return service(cluster, service).circuitBreakerTrippedAt;
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
      return findTaskDefinition(arn).get("status").asText();
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
      return findTaskDefinition(arn).deepCopy();
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

  // ---------------------------------------------------------------- HTTP

  private void handle(HttpExchange exchange) throws IOException {
    String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
    JsonNode request;
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      request = body.length == 0 ? json.createObjectNode() : json.readTree(body);
    }
    String service = target.startsWith(ECR_TARGET) ? "ecr" : "ecs";
    String operation = target.substring(target.indexOf('.') + 1);
    int status = 200;
    JsonNode response;
    synchronized (lock) {
      try {
        Integer throttled = throttles.get(operation);
        if (throttled != null && throttled > 0) {
          throttles.put(operation, throttled - 1);
          throw new FakeError("ThrottlingException", "Rate exceeded");
        }
        if (target.startsWith(ECS_TARGET)) {
          response = ecs(operation, request);
        } else if (target.startsWith(ECR_TARGET)) {
          response = ecr.handle(operation, request);
        } else {
          throw new FakeError("UnknownOperationException", "unknown target " + target);
        }
      } catch (FakeError e) {
        status = 400;
        response = json.createObjectNode().put("__type", e.type()).put("message", e.getMessage());
      }
      calls.add(new Call(service, operation, now, request, status));
    }
    byte[] bytes = json.writeValueAsBytes(response);
    exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private JsonNode ecs(String operation, JsonNode r) {
    return switch (operation) {
      case "RegisterTaskDefinition" -> registerResponse(r);
      case "DescribeTaskDefinition" -> describeTaskDefinition(r);
      case "DeregisterTaskDefinition" -> deregister(r);
      case "ListTaskDefinitions" -> listTaskDefinitions(r);
      case "DescribeServices" -> describeServices(r);
      case "UpdateService" -> updateServiceCall(r);
      case "ListTasks" -> listTasks(r);
      case "DescribeTasks" -> describeTasks(r);
      case "ListServiceDeployments" -> listServiceDeployments(r);
      case "DescribeServiceDeployments" -> describeServiceDeployments(r);
      default -> throw new FakeError("UnknownOperationException", operation + " is not modelled");
    };
  }

  // ---------------------------------------------------------------- task definitions

  private JsonNode registerResponse(JsonNode r) {
    ObjectNode definition = registerTaskDefinition((ObjectNode) r);
    ObjectNode out = json.createObjectNode();
    out.set("taskDefinition", definition);
    ArrayNode tags = taskDefinitionTags.get(definition.get("taskDefinitionArn").asText());
    if (tags != null) {
      out.set("tags", tags);
    }
    return out;
  }

  private ObjectNode registerTaskDefinition(ObjectNode request) {
    request
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!REGISTER_FIELDS.contains(f)) {
                throw new FakeError("ClientException", "Unknown parameter in input: \"" + f + "\"");
              }
            });
    String family = request.path("family").asText("");
    if (family.isEmpty() || !request.path("containerDefinitions").isArray()) {
      throw new FakeError("ClientException", "family and containerDefinitions are required");
    }
    List<ObjectNode> revisions = taskDefinitions.computeIfAbsent(family, f -> new ArrayList<>());
    int revision = revisions.size() + 1;
    ObjectNode definition = request.deepCopy();
    JsonNode tags = definition.remove("tags");
    String arn =
        "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task-definition/" + family + ":" + revision;
    definition.put("taskDefinitionArn", arn);
    definition.put("revision", revision);
    definition.put("status", "ACTIVE");
    definition.set("compatibilities", json.createArrayNode().add("EC2").add("FARGATE"));
    definition.set("requiresAttributes", json.createArrayNode());
    definition.put("registeredAt", seconds(now));
    definition.put("registeredBy", "arn:aws:iam::" + ACCOUNT + ":role/ci");
    revisions.add(definition);
    if (tags instanceof ArrayNode array && !array.isEmpty()) {
      taskDefinitionTags.put(arn, array);
    }
    return definition;
  }

  private ObjectNode findTaskDefinition(String reference) {
    String ref =
        reference.contains(":task-definition/")
            ? reference.substring(reference.indexOf(":task-definition/") + 17)
            : reference;
    int colon = ref.lastIndexOf(':');
    String family = colon < 0 ? ref : ref.substring(0, colon);
    List<ObjectNode> revisions = taskDefinitions.get(family);
    if (revisions == null || revisions.isEmpty()) {
      throw new FakeError("ClientException", "Unable to describe task definition.");
    }
    if (colon < 0) {
      for (int i = revisions.size() - 1; i >= 0; i--) {
        if (revisions.get(i).get("status").asText().equals("ACTIVE")) {
          return revisions.get(i);
        }
      }
      throw new FakeError("ClientException", "Unable to describe task definition.");
    }
    int revision = Integer.parseInt(ref.substring(colon + 1));
    if (revision < 1 || revision > revisions.size()) {
      throw new FakeError("ClientException", "Unable to describe task definition.");
    }
    return revisions.get(revision - 1);
  }

  private JsonNode describeTaskDefinition(JsonNode r) {
    ObjectNode definition = findTaskDefinition(r.path("taskDefinition").asText());
    ObjectNode out = json.createObjectNode();
    out.set("taskDefinition", definition.deepCopy());
    boolean tags = false;
    for (JsonNode include : r.path("include")) {
      tags |= include.asText().equals("TAGS");
    }
    ArrayNode stored = taskDefinitionTags.get(definition.get("taskDefinitionArn").asText());
    if (tags && stored != null) {
      out.set("tags", stored.deepCopy());
    }
    return out;
  }

  private JsonNode deregister(JsonNode r) {
    ObjectNode definition = findTaskDefinition(r.path("taskDefinition").asText());
    definition.put("status", "INACTIVE");
    definition.put("deregisteredAt", seconds(now));
    ObjectNode out = json.createObjectNode();
    out.set("taskDefinition", definition.deepCopy());
    return out;
  }

  private JsonNode listTaskDefinitions(JsonNode r) {
    String prefix = r.path("familyPrefix").asText("");
    String status = r.path("status").asText("ACTIVE");
    boolean descending = r.path("sort").asText("ASC").equals("DESC");
    int max = r.path("maxResults").asInt(100);
    int start = r.path("nextToken").asInt(0);
    List<String> arns = new ArrayList<>();
    for (Map.Entry<String, List<ObjectNode>> family : taskDefinitions.entrySet()) {
      if (!family.getKey().startsWith(prefix)) {
        continue;
      }
      for (ObjectNode d : family.getValue()) {
        if (status.equals("ALL") || d.get("status").asText().equals(status)) {
          arns.add(d.get("taskDefinitionArn").asText());
        }
      }
    }
    if (descending) {
      java.util.Collections.reverse(arns);
    }
    ObjectNode out = json.createObjectNode();
    ArrayNode page = out.putArray("taskDefinitionArns");
    arns.subList(Math.min(start, arns.size()), Math.min(start + max, arns.size()))
        .forEach(page::add);
    if (start + max < arns.size()) {
      out.put("nextToken", Integer.toString(start + max));
    }
    return out;
  }

  // ---------------------------------------------------------------- services

  private FakeService service(String cluster, String name) {
    String c = cluster.contains("/") ? cluster.substring(cluster.lastIndexOf('/') + 1) : cluster;
    String n = name.contains("/") ? name.substring(name.lastIndexOf('/') + 1) : name;
    FakeService s = services.get(c + "/" + n);
    if (s == null) {
      throw new FakeError("ServiceNotFoundException", "Service not found.");
    }
    return s;
  }

  private JsonNode describeServices(JsonNode r) {
    ObjectNode out = json.createObjectNode();
    ArrayNode list = out.putArray("services");
    ArrayNode failures = out.putArray("failures");
    String cluster = r.path("cluster").asText("default");
    for (JsonNode name : r.path("services")) {
      FakeService s = services.get(cluster + "/" + name.asText());
      if (s == null) {
        failures.addObject().put("arn", name.asText()).put("reason", "MISSING");
      } else {
        list.add(serviceJson(s));
      }
    }
    return out;
  }

  private JsonNode updateServiceCall(JsonNode r) {
    FakeService s = service(r.path("cluster").asText("default"), r.path("service").asText());
    if (r.hasNonNull("desiredCount")) {
      s.desiredCount = r.get("desiredCount").asInt();
    }
    String td = r.path("taskDefinition").asText(s.taskDefinition);
    String arn = findTaskDefinition(td).get("taskDefinitionArn").asText();
    if (!arn.equals(s.taskDefinition) || r.path("forceNewDeployment").asBoolean(false)) {
      startDeployment(s, arn);
    }
    ObjectNode out = json.createObjectNode();
    out.set("service", serviceJson(s));
    return out;
  }

  private void startDeployment(FakeService s, String taskDefinitionArn) {
    String previous = s.taskDefinition;
    FakeService.Deployment old = s.primary();
    if (old.serviceDeploymentStatus.equals("IN_PROGRESS")) {
      old.serviceDeploymentStatus = "STOPPED";
      old.serviceDeploymentReason = "Replaced by a new service deployment";
      old.finishedAt = now;
    }
    FakeService.Deployment d = newDeployment(s, taskDefinitionArn, previous);
    event(s, "(service " + s.name + ") has started 0 tasks: deployment " + d.id + ".");
  }

  private FakeService.Deployment newDeployment(
      FakeService s, String taskDefinitionArn, @Nullable String source) {
    long id = ++ids;
    FakeService.Deployment d =
        new FakeService.Deployment(
            "ecs-svc/" + id,
            "arn:aws:ecs:"
                + REGION
                + ":"
                + ACCOUNT
                + ":service-deployment/"
                + s.cluster
                + "/"
                + s.name
                + "/"
                + id,
            taskDefinitionArn,
            source,
            s.desiredCount,
            now);
    d.threshold = circuitBreakerThreshold(s.desiredCount);
    d.circuitBreakerStatus = s.circuitBreaker ? "MONITORING" : "DISABLED";
    for (FakeService.Deployment other : s.deployments) {
      other.status = "ACTIVE";
    }
    s.deployments.add(0, d);
    history.computeIfAbsent(s.arn, k -> new ArrayList<>()).add(d);
    s.taskDefinition = taskDefinitionArn;
    return d;
  }

  private void complete(FakeService s, FakeService.Deployment d) {
    d.rolloutState = "COMPLETED";
    d.rolloutStateReason = "ECS deployment " + d.id + " completed.";
    d.updatedAt = now;
    d.finishedAt = now;
    if (d.circuitBreakerStatus != null && !d.circuitBreakerStatus.equals("DISABLED")) {
      d.circuitBreakerStatus = "MONITORING_COMPLETE";
    }
    if (d.isRollback && d.rolledBackFrom != null) {
      d.rolledBackFrom.serviceDeploymentStatus = "ROLLBACK_SUCCESSFUL";
      d.rolledBackFrom.finishedAt = now;
      d.serviceDeploymentStatus = "SUCCESSFUL";
    } else {
      d.serviceDeploymentStatus = "SUCCESSFUL";
    }
    s.lastCompletedTaskDefinition = d.taskDefinition;
    for (FakeTask t : s.tasks) {
      if (!t.isStopped() && !t.deploymentId.equals(d.id)) {
        t.stop(
            now,
            "Scaling activity initiated by (deployment " + d.id + ")",
            "ServiceSchedulerInitiated",
            0);
      }
    }
    s.deployments.removeIf(other -> other != d);
    event(s, "(service " + s.name + ") (deployment " + d.id + ") deployment completed.");
    event(s, "(service " + s.name + ") has reached a steady state.");
  }

  private void tick(FakeService s) {
    FakeService.Deployment primary = s.primary();
    for (FakeTask t : s.tasks) {
      TaskBehavior behavior = behaviors.getOrDefault(t.image, TaskBehavior.HEALTHY);
      if (t.lastStatus.equals("PENDING")
          && !now.isBefore(t.startsAt)
          && behavior != TaskBehavior.STUCK) {
        if (behavior == TaskBehavior.CRASH) {
          t.startedAt = t.startsAt.minusSeconds(5);
          t.containerReason = null;
          t.stop(now, "Essential container in task exited", "EssentialContainerExited", 1);
          s.taskFailures.add(now);
          for (FakeService.Deployment d : s.deployments) {
            if (d.id.equals(t.deploymentId)) {
              d.failedTasks++;
              d.updatedAt = now;
            }
          }
          event(
              s,
              "(service "
                  + s.name
                  + ") has stopped 1 running tasks: (task "
                  + shortId(t.arn)
                  + ").");
        } else {
          t.lastStatus = "RUNNING";
          t.startedAt = now;
        }
      }
    }
    if (!primary.rolloutState.equals("IN_PROGRESS")) {
      return;
    }
    if (s.circuitBreaker && primary.failedTasks >= primary.threshold) {
      tripCircuitBreaker(s, primary);
      return;
    }
    long active =
        s.tasks.stream().filter(t -> !t.isStopped() && t.deploymentId.equals(primary.id)).count();
    int started = 0;
    for (long i = active; i < s.desiredCount; i++) {
      launch(s, primary);
      started++;
    }
    if (started > 0) {
      event(
          s,
          "(service "
              + s.name
              + ") has started "
              + started
              + " tasks: (deployment "
              + primary.id
              + ").");
    }
    long running =
        s.tasks.stream().filter(t -> t.isRunning() && t.deploymentId.equals(primary.id)).count();
    if (running >= s.desiredCount) {
      complete(s, primary);
    }
  }

  private void tripCircuitBreaker(FakeService s, FakeService.Deployment failed) {
    failed.rolloutState = "FAILED";
    failed.rolloutStateReason = "ECS deployment circuit breaker: tasks failed to start.";
    failed.updatedAt = now;
    failed.circuitBreakerStatus = "TRIGGERED";
    s.circuitBreakerTrippedAt = now;
    for (FakeTask t : s.tasks) {
      if (!t.isStopped() && t.deploymentId.equals(failed.id)) {
        t.stop(
            now,
            "Scaling activity initiated by (deployment " + failed.id + ")",
            "ServiceSchedulerInitiated",
            null);
      }
    }
    event(
        s,
        "(service "
            + s.name
            + ") (deployment "
            + failed.id
            + ") deployment failed: tasks failed to start.");
    if (s.rollback && s.lastCompletedTaskDefinition != null) {
      failed.serviceDeploymentStatus = "ROLLBACK_IN_PROGRESS";
      failed.serviceDeploymentReason = "ECS deployment circuit breaker: tasks failed to start.";
      FakeService.Deployment back =
          newDeployment(s, s.lastCompletedTaskDefinition, failed.taskDefinition);
      back.isRollback = true;
      back.rolledBackFrom = failed;
      event(s, "(service " + s.name + ") rolling back to deployment " + back.id + ".");
    } else {
      failed.serviceDeploymentStatus = "STOPPED";
      failed.serviceDeploymentReason = "ECS deployment circuit breaker: tasks failed to start.";
      failed.finishedAt = now;
    }
  }

  private FakeTask launch(FakeService s, FakeService.Deployment d) {
    ObjectNode td = findTaskDefinition(d.taskDefinition);
    JsonNode container = td.path("containerDefinitions").path(0);
    FakeTask t =
        new FakeTask(
            "arn:aws:ecs:"
                + REGION
                + ":"
                + ACCOUNT
                + ":task/"
                + s.cluster
                + "/"
                + UUID.randomUUID().toString().replace("-", ""),
            d.taskDefinition,
            d.id,
            container.path("name").asText(),
            container.path("image").asText(),
            now,
            now.plus(TASK_START));
    s.tasks.add(t);
    return t;
  }

  private void event(FakeService s, String message) {
    s.events.add(0, new FakeService.Event(UUID.randomUUID().toString(), now, message));
    if (s.events.size() > 100) {
      s.events.remove(s.events.size() - 1);
    }
  }

  private static String shortId(String taskArn) {
    return taskArn.substring(taskArn.lastIndexOf('/') + 1);
  }

  private ObjectNode serviceJson(FakeService s) {
    ObjectNode o = json.createObjectNode();
    o.put("serviceArn", s.arn);
    o.put("serviceName", s.name);
    o.put("clusterArn", "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":cluster/" + s.cluster);
    o.put("status", "ACTIVE");
    o.put("desiredCount", s.desiredCount);
    o.put("runningCount", s.tasks.stream().filter(FakeTask::isRunning).count());
    o.put("pendingCount", s.tasks.stream().filter(t -> t.lastStatus.equals("PENDING")).count());
    o.put("launchType", "FARGATE");
    o.put("taskDefinition", s.taskDefinition);
    ObjectNode config = o.putObject("deploymentConfiguration");
    config
        .putObject("deploymentCircuitBreaker")
        .put("enable", s.circuitBreaker)
        .put("rollback", s.rollback);
    config.put("maximumPercent", 200).put("minimumHealthyPercent", 100);
    ArrayNode deployments = o.putArray("deployments");
    for (FakeService.Deployment d : s.deployments) {
      ObjectNode j = deployments.addObject();
      j.put("id", d.id);
      j.put("status", d.status);
      j.put("taskDefinition", d.taskDefinition);
      j.put("desiredCount", d.status.equals("PRIMARY") ? s.desiredCount : 0);
      j.put("pendingCount", count(s, d, "PENDING"));
      j.put("runningCount", count(s, d, "RUNNING"));
      j.put("failedTasks", d.failedTasks);
      j.put("createdAt", seconds(d.createdAt));
      j.put("updatedAt", seconds(d.updatedAt));
      j.put("launchType", "FARGATE");
      j.put("rolloutState", d.rolloutState);
      j.put("rolloutStateReason", d.rolloutStateReason);
    }
    ArrayNode events = o.putArray("events");
    for (FakeService.Event e : s.events) {
      events
          .addObject()
          .put("id", e.id())
          .put("createdAt", seconds(e.createdAt()))
          .put("message", e.message());
    }
    return o;
  }

  private static long count(FakeService s, FakeService.Deployment d, String status) {
    return s.tasks.stream()
        .filter(t -> t.deploymentId.equals(d.id) && t.lastStatus.equals(status))
        .count();
  }

  private JsonNode listTasks(JsonNode r) {
    FakeService s = service(r.path("cluster").asText("default"), r.path("serviceName").asText());
    String desired = r.path("desiredStatus").asText("RUNNING");
    ObjectNode out = json.createObjectNode();
    ArrayNode arns = out.putArray("taskArns");
    List<FakeTask> tasks = new ArrayList<>(s.tasks);
    java.util.Collections.reverse(tasks);
    tasks.stream()
        .filter(t -> t.desiredStatus.equals(desired))
        .limit(100)
        .forEach(t -> arns.add(t.arn));
    return out;
  }

  private JsonNode describeTasks(JsonNode r) {
    String cluster = r.path("cluster").asText("default");
    Map<String, FakeTask> all = new HashMap<>();
    for (FakeService s : services.values()) {
      if (s.cluster.equals(cluster)) {
        s.tasks.forEach(t -> all.put(t.arn, t));
      }
    }
    ObjectNode out = json.createObjectNode();
    ArrayNode tasks = out.putArray("tasks");
    ArrayNode failures = out.putArray("failures");
    for (JsonNode arn : r.path("tasks")) {
      FakeTask t = all.get(arn.asText());
      if (t == null) {
        failures.addObject().put("arn", arn.asText()).put("reason", "MISSING");
        continue;
      }
      ObjectNode j = tasks.addObject();
      j.put("taskArn", t.arn);
      j.put("taskDefinitionArn", t.taskDefinition);
      j.put("lastStatus", t.lastStatus);
      j.put("desiredStatus", t.desiredStatus);
      j.put("startedBy", t.deploymentId);
      j.put("createdAt", seconds(t.createdAt));
      if (t.startedAt != null) {
        j.put("startedAt", seconds(t.startedAt));
      }
      if (t.stoppedAt != null) {
        j.put("stoppedAt", seconds(t.stoppedAt));
        j.put("stoppedReason", t.stoppedReason);
        if (t.stopCode != null) {
          j.put("stopCode", t.stopCode);
        }
      }
      ObjectNode c = j.putArray("containers").addObject();
      c.put("name", t.containerName).put("image", t.image).put("lastStatus", t.lastStatus);
      if (t.exitCode != null) {
        c.put("exitCode", t.exitCode);
      }
      if (t.containerReason != null) {
        c.put("reason", t.containerReason);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- service deployments API

  private JsonNode listServiceDeployments(JsonNode r) {
    requireServiceDeploymentsApi();
    FakeService s = service(r.path("cluster").asText("default"), r.path("service").asText());
    JsonNode after = r.path("createdAt").path("after");
    ObjectNode out = json.createObjectNode();
    ArrayNode list = out.putArray("serviceDeployments");
    for (FakeService.Deployment d : allDeployments(s)) {
      if (after.isNumber() && seconds(d.createdAt).compareTo(after.decimalValue()) < 0) {
        continue;
      }
      ObjectNode j = list.addObject();
      j.put("serviceDeploymentArn", d.serviceDeploymentArn);
      j.put("serviceArn", s.arn);
      j.put("createdAt", seconds(d.createdAt));
      j.put("startedAt", seconds(d.createdAt));
      if (d.finishedAt != null) {
        j.put("finishedAt", seconds(d.finishedAt));
      }
      j.put("targetServiceRevisionArn", revisionArn(s, d));
      j.put("status", d.serviceDeploymentStatus);
      if (d.serviceDeploymentReason != null) {
        j.put("statusReason", d.serviceDeploymentReason);
      }
    }
    return out;
  }

  private JsonNode describeServiceDeployments(JsonNode r) {
    requireServiceDeploymentsApi();
    ObjectNode out = json.createObjectNode();
    ArrayNode list = out.putArray("serviceDeployments");
    ArrayNode failures = out.putArray("failures");
    for (JsonNode arn : r.path("serviceDeploymentArns")) {
      FakeService.Deployment found = null;
      FakeService owner = null;
      for (FakeService s : services.values()) {
        for (FakeService.Deployment d : allDeployments(s)) {
          if (d.serviceDeploymentArn.equals(arn.asText())) {
            found = d;
            owner = s;
          }
        }
      }
      if (found == null || owner == null) {
        failures.addObject().put("arn", arn.asText()).put("reason", "MISSING");
        continue;
      }
      ObjectNode j = list.addObject();
      j.put("serviceDeploymentArn", found.serviceDeploymentArn);
      j.put("serviceArn", owner.arn);
      j.put("createdAt", seconds(found.createdAt));
      j.put("status", found.serviceDeploymentStatus);
      if (found.serviceDeploymentReason != null) {
        j.put("statusReason", found.serviceDeploymentReason);
      }
      j.putObject("targetServiceRevision")
          .put("arn", revisionArn(owner, found))
          .put("requestedTaskCount", found.desiredCount);
      if (found.circuitBreakerStatus != null) {
        j.putObject("deploymentCircuitBreaker")
            .put("status", found.circuitBreakerStatus)
            .put("failureCount", found.failedTasks)
            .put("threshold", found.threshold);
      }
      if (found.serviceDeploymentStatus.startsWith("ROLLBACK")) {
        j.putObject("rollback")
            .put("reason", String.valueOf(found.serviceDeploymentReason))
            .put("startedAt", seconds(found.updatedAt));
      }
    }
    return out;
  }

  private void requireServiceDeploymentsApi() {
    if (!serviceDeploymentsApi) {
      throw new FakeError(
          "UnsupportedFeatureException", "The service deployments API is not available here.");
    }
  }

  private List<FakeService.Deployment> allDeployments(FakeService s) {
    return history.getOrDefault(s.arn, List.of());
  }

  private static String revisionArn(FakeService s, FakeService.Deployment d) {
    return "arn:aws:ecs:"
        + REGION
        + ":"
        + ACCOUNT
        + ":service-revision/"
        + s.cluster
        + "/"
        + s.name
        + "/"
        + d.id.substring(d.id.indexOf('/') + 1);
  }

  static BigDecimal seconds(Instant instant) {
    return BigDecimal.valueOf(instant.getEpochSecond())
        .add(BigDecimal.valueOf(instant.getNano(), 9))
        .stripTrailingZeros();
  }

  private record Scheduled(Instant at, Runnable action) {}
}
