package dev.opskit.ecs;

import dev.opskit.testing.ecs.FakeEcs;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/** Real AWS SDK clients pointed at a {@link FakeEcs}; retries are immediate (virtual time). */
final class FakeClients {
  private FakeClients() {}

  static EcsClient ecs(FakeEcs fake) {
    return EcsClient.builder()
        .endpointOverride(fake.endpoint())
        .region(Region.AP_NORTHEAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(FakeEcs.ACCESS_KEY, "fake-secret")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(retries()))
        .build();
  }

  static EcrClient ecr(FakeEcs fake) {
    return EcrClient.builder()
        .endpointOverride(fake.endpoint())
        .region(Region.AP_NORTHEAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(FakeEcs.ACCESS_KEY, "fake-secret")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(retries()))
        .build();
  }

  /** The SDK's standard strategy (3 attempts, throttling retried) without real-time back-off. */
  private static RetryStrategy retries() {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .backoffStrategy(BackoffStrategy.retryImmediately())
        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
        .circuitBreakerEnabled(false)
        .build();
  }
}
