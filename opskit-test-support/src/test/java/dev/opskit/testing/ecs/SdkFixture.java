package dev.opskit.testing.ecs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

/**
 * A fake with three revisions of one family and the real AWS SDK client pointed at it (standard
 * retries, 3 attempts, without real-time back-off).
 */
final class SdkFixture implements AutoCloseable {
  static final String CLUSTER = "c";
  static final String SERVICE = "web";
  static final String HOOK = "arn:aws:lambda:ap-northeast-1:123456789012:function:check";
  static final String ROLE = "arn:aws:iam::123456789012:role/ecs-hooks";
  private static final String TD =
      "{\"family\":\"web\",\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"app:%s\"}]}";

  final FakeEcs fake = FakeEcs.start();
  final EcsClient ecs = client(fake, retries());
  final String v1 = fake.registerTaskDefinition(TD.formatted("1"));
  final String v2 = fake.registerTaskDefinition(TD.formatted("2"));
  final String v3 = fake.registerTaskDefinition(TD.formatted("3"));

  static EcsClient client(FakeEcs fake, RetryStrategy retries) {
    return EcsClient.builder()
        .endpointOverride(fake.endpoint())
        .region(Region.AP_NORTHEAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(FakeEcs.ACCESS_KEY, "fake-secret")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(retries))
        .build();
  }

  static RetryStrategy retries() {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .backoffStrategy(BackoffStrategy.retryImmediately())
        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
        .circuitBreakerEnabled(false)
        .build();
  }

  /** Creates the steady service on v1 with a deployment configuration in the API's JSON. */
  SdkFixture service(String deploymentConfigurationJson) {
    fake.createService(CLUSTER, SERVICE, v1, 2, deploymentConfigurationJson);
    return this;
  }

  /** Deploys a revision with UpdateService and returns the new service deployment's ARN. */
  String deploy(String taskDefinition) {
    return ecs.updateService(
            r -> r.cluster(CLUSTER).service(SERVICE).taskDefinition(taskDefinition))
        .service()
        .currentServiceDeployment();
  }

  ServiceDeployment deployment(String arn) {
    return ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(arn))
        .serviceDeployments()
        .get(0);
  }

  Service service() {
    return ecs.describeServices(r -> r.cluster(CLUSTER).services(SERVICE)).services().get(0);
  }

  /** The transitions as "offset-in-seconds status stage" from a start time. */
  List<String> timeline(String arn, Instant start) {
    return fake.transitions(arn).stream()
        .map(
            t ->
                Duration.between(start, t.at()).toSeconds()
                    + " "
                    + t.status()
                    + (t.lifecycleStage() == null ? "" : " " + t.lifecycleStage()))
        .toList();
  }

  static String hookJson(String stage, String extra) {
    return "{\"hookTargetArn\":\""
        + HOOK
        + "\",\"roleArn\":\""
        + ROLE
        + "\",\"lifecycleStages\":[\""
        + stage
        + "\"]"
        + extra
        + "}";
  }

  @Override
  public void close() {
    ecs.close();
    fake.close();
  }
}
