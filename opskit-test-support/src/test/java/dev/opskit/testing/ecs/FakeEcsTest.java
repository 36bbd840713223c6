package dev.opskit.testing.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fake on the wire: JSON 1.1 requests and answers, as the AWS SDKs send and read them. */
class FakeEcsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TD =
      "{\"family\":\"web\",\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"app:%s\"}]}";

  @Test
  void answersErrorsAsAwsJsonWithTheirType() throws Exception {
    try (FakeEcs fake = FakeEcs.start()) {
      HttpResponse<String> unknown = post(fake, FakeEcs.ECS_TARGET + "DeleteCluster", "{}");
      fake.throttle("DescribeServices", 1);
      HttpResponse<String> throttled =
          post(fake, FakeEcs.ECS_TARGET + "DescribeServices", "{\"services\":[\"web\"]}");
      HttpResponse<String> missing =
          post(fake, FakeEcs.ECS_TARGET + "DescribeServices", "{\"services\":[\"web\"]}");

      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(unknown.body()).get("__type").asText())
          .isEqualTo("UnknownOperationException");
      assertThat(unknown.headers().firstValue("Content-Type"))
          .contains("application/x-amz-json-1.1");
      assertThat(throttled.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(throttled.body()).get("__type").asText())
          .isEqualTo("ThrottlingException");
      assertThat(JSON.readTree(missing.body()).at("/failures/0/reason").asText())
          .isEqualTo("MISSING");
      assertThat(fake.calls()).extracting(Call::status).containsExactly(400, 400, 200);
    }
  }

  @Test
  void circuitBreakerFailsACrashLoopAtItsThresholdAndRollsBack() throws Exception {
    try (FakeEcs fake = FakeEcs.start()) {
      String v1 = fake.registerTaskDefinition(TD.formatted("1"));
      String v2 = fake.registerTaskDefinition(TD.formatted("2"));
      fake.createService("c", "web", v1, 10, true, true);
      fake.behavior("app:2", TaskBehavior.CRASH);

      post(
          fake,
          FakeEcs.ECS_TARGET + "UpdateService",
          "{\"cluster\":\"c\",\"service\":\"web\",\"taskDefinition\":\"" + v2 + "\"}");
      fake.advance(FakeEcs.TASK_START.plusSeconds(1));
      JsonNode failed = describe(fake);

      assertThat(fake.circuitBreakerTrippedAt("c", "web")).isNotNull();
      assertThat(failed.at("/deployments/0/taskDefinition").asText()).isEqualTo(v1);
      assertThat(failed.at("/deployments/0/status").asText()).isEqualTo("PRIMARY");
      assertThat(failed.at("/deployments/1/rolloutState").asText()).isEqualTo("FAILED");
      assertThat(failed.at("/deployments/1/failedTasks").asInt())
          .isGreaterThanOrEqualTo(FakeEcs.circuitBreakerThreshold(10));

      fake.advance(Duration.ofMinutes(1));
      JsonNode back = describe(fake);
      assertThat(back.get("deployments")).hasSize(1);
      assertThat(back.at("/deployments/0/rolloutState").asText()).isEqualTo("COMPLETED");
      assertThat(fake.runningTasks("c", "web")).containsExactly(java.util.Map.entry(v1, 10));
    }
  }

  @Test
  void listsTaskDefinitionsByFamilyPrefixPageByPage() throws Exception {
    try (FakeEcs fake = FakeEcs.start()) {
      for (int i = 0; i < 3; i++) {
        fake.registerTaskDefinition(TD.formatted(i));
      }
      fake.registerTaskDefinition(TD.replace("\"web\"", "\"web-worker\"").formatted("w"));

      JsonNode first =
          JSON.readTree(
              post(
                      fake,
                      FakeEcs.ECS_TARGET + "ListTaskDefinitions",
                      "{\"familyPrefix\":\"web\",\"sort\":\"DESC\",\"maxResults\":3}")
                  .body());
      JsonNode second =
          JSON.readTree(
              post(
                      fake,
                      FakeEcs.ECS_TARGET + "ListTaskDefinitions",
                      "{\"familyPrefix\":\"web\",\"sort\":\"DESC\",\"maxResults\":3,\"nextToken\":\""
                          + first.get("nextToken").asText()
                          + "\"}")
                  .body());

      assertThat(first.get("taskDefinitionArns")).hasSize(3);
      assertThat(first.at("/taskDefinitionArns/0").asText())
          .endsWith("task-definition/web-worker:1");
      assertThat(second.get("taskDefinitionArns")).hasSize(1);
      assertThat(second.has("nextToken")).isFalse();
    }
  }

  private static JsonNode describe(FakeEcs fake) throws Exception {
    return JSON.readTree(
            post(
                    fake,
                    FakeEcs.ECS_TARGET + "DescribeServices",
                    "{\"cluster\":\"c\",\"services\":[\"web\"]}")
                .body())
        .at("/services/0");
  }

  private static HttpResponse<String> post(FakeEcs fake, String target, String body)
      throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(fake.endpoint())
                .header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
