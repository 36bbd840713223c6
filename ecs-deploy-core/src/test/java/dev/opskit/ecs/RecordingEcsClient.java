package dev.opskit.ecs;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AccessDeniedException;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.EcsRequest;
import software.amazon.awssdk.services.ecs.model.ServerException;

/**
 * An {@link EcsClient} that passes every call to a real client (built against the fake), records
 * the operation, and makes the calls a test picks fail as they would after the SDK's own retries:
 * the Nth call, the Nth call of one operation, or every call while a condition holds.
 */
final class RecordingEcsClient implements InvocationHandler {
  private final EcsClient real;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final Map<Integer, Fault> byIndex = new ConcurrentHashMap<>();
  private final Map<String, Fault> byOperation = new ConcurrentHashMap<>();
  private final Map<String, Integer> operationCounts = new ConcurrentHashMap<>();
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final Map<String, UnaryOperator<Object>> rewrites = new ConcurrentHashMap<>();
  private final EcsClient proxy;

  RecordingEcsClient(EcsClient real) {
    this.real = real;
    this.proxy =
        (EcsClient)
            Proxy.newProxyInstance(
                EcsClient.class.getClassLoader(), new Class<?>[] {EcsClient.class}, this);
  }

  /** The client to hand to the code under test. */
  EcsClient client() {
    return proxy;
  }

  /** Operations called so far, in order, such as {@code DescribeServices}. */
  List<String> calls() {
    return List.copyOf(calls);
  }

  /** Makes call number {@code index} (0-based, counting every call) fail once. */
  RecordingEcsClient failCall(int index, Fault fault) {
    byIndex.put(index, fault);
    return this;
  }

  /** Makes the {@code nth} (1-based) call of an operation fail once. */
  RecordingEcsClient failNth(String operation, int nth, Fault fault) {
    byOperation.put(operation + "#" + nth, fault);
    return this;
  }

  /**
   * Makes the first call of {@code operation} fail once the calls before it satisfy a condition,
   * such as "after the second UpdateService".
   */
  RecordingEcsClient failOnce(Predicate<List<String>> before, String operation, Fault fault) {
    rules.add(new Rule(before, operation, fault, true));
    return this;
  }

  /** Makes every call fail while the calls before it (and the test's clock) satisfy a condition. */
  RecordingEcsClient failWhile(Predicate<List<String>> before, Fault fault) {
    rules.add(new Rule(before, null, fault, false));
    return this;
  }

  /** Changes every answer of an operation before the code under test sees it. */
  <T> RecordingEcsClient rewrite(String operation, UnaryOperator<T> change) {
    @SuppressWarnings("unchecked") // the operation's response type, as the test names it
    UnaryOperator<Object> f = o -> change.apply((T) o);
    rewrites.put(operation, f);
    return this;
  }

  /** Counts the calls of an operation in a list of calls. */
  static long count(List<String> calls, String operation) {
    return calls.stream().filter(operation::equals).count();
  }

  @Override
  public @Nullable Object invoke(Object self, Method method, Object @Nullable [] args)
      throws Throwable {
    if (method.isDefault() && args != null && args.length == 1 && args[0] instanceof Consumer) {
      return InvocationHandler.invokeDefault(self, method, args); // builds the request, calls back
    }
    if (args == null || args.length != 1 || !(args[0] instanceof EcsRequest)) {
      return invokeReal(method, args);
    }
    if (method.getName().endsWith("Paginator")) {
      throw new UnsupportedOperationException(
          method.getName() + ": a paginator calls the real client directly; page by hand");
    }
    String operation =
        Character.toUpperCase(method.getName().charAt(0)) + method.getName().substring(1);
    List<String> before = List.copyOf(calls);
    int index = before.size();
    calls.add(operation);
    int nth = operationCounts.merge(operation, 1, Integer::sum);
    Fault fault = byIndex.remove(index);
    if (fault == null) {
      fault = byOperation.remove(operation + "#" + nth);
    }
    for (Rule rule : rules) {
      if (fault == null
          && (rule.operation() == null || rule.operation().equals(operation))
          && rule.before().test(before)) {
        fault = rule.fault();
        if (rule.once()) {
          rules.remove(rule);
        }
      }
    }
    if (fault != null && !fault.afterSending()) {
      throw fault.error().get();
    }
    Object result = invokeReal(method, args);
    UnaryOperator<Object> rewrite = rewrites.get(operation);
    if (rewrite != null) {
      result = rewrite.apply(result);
    }
    if (fault != null) {
      throw fault.error().get();
    }
    return result;
  }

  private @Nullable Object invokeReal(Method method, Object @Nullable [] args) throws Throwable {
    try {
      return method.invoke(real, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private record Rule(
      Predicate<List<String>> before, @Nullable String operation, Fault fault, boolean once) {}

  /**
   * One kind of injected failure.
   *
   * @param name for test names
   * @param error creates the exception
   * @param afterSending true when ECS processed the request and only the response was lost
   */
  record Fault(String name, Supplier<RuntimeException> error, boolean afterSending) {
    /** A connection reset before the request reached ECS. */
    static final Fault CONNECTION_RESET =
        new Fault("connection reset", Fault::connectionReset, false);

    /** A connection reset after ECS processed the request: the response is lost. */
    static final Fault RESPONSE_LOST = new Fault("response lost", Fault::connectionReset, true);

    /** ECS answers 500 (ServerException). */
    static final Fault SERVER_ERROR =
        new Fault(
            "500 ServerException",
            () -> aws(ServerException.builder(), 500, "ServerException"),
            false);

    /** ECS answers 503. */
    static final Fault UNAVAILABLE =
        new Fault(
            "503 ServiceUnavailable",
            () -> aws(EcsException.builder(), 503, "ServiceUnavailable"),
            false);

    /** ECS throttles (after the SDK's own retries). */
    static final Fault THROTTLED =
        new Fault(
            "ThrottlingException",
            () -> aws(EcsException.builder(), 400, "ThrottlingException"),
            false);

    /** ECS refuses the call for good. */
    static final Fault ACCESS_DENIED =
        new Fault(
            "AccessDeniedException",
            () -> aws(AccessDeniedException.builder(), 400, "AccessDeniedException"),
            false);

    /** Something no one expected, not even an SDK exception. */
    static final Fault BUG =
        new Fault("IllegalStateException", () -> new IllegalStateException("injected bug"), false);

    /** Every error that the deployer must ride out. */
    static final List<Fault> TRANSIENT =
        List.of(CONNECTION_RESET, RESPONSE_LOST, SERVER_ERROR, UNAVAILABLE, THROTTLED);

    private static RuntimeException connectionReset() {
      return SdkClientException.create(
          "Unable to execute HTTP request: Connection reset",
          new SocketException("Connection reset"));
    }

    private static RuntimeException aws(EcsException.Builder b, int status, String code) {
      return b.statusCode(status)
          .message(code + " (injected)")
          .awsErrorDetails(
              AwsErrorDetails.builder()
                  .errorCode(code)
                  .errorMessage(code + " (injected)")
                  .serviceName("Ecs")
                  .build())
          .build();
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
