package dev.opskit.testing.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;

/**
 * The fake's wire: reads a JSON 1.1 request, applies the scripted {@link Fault}, dispatches it to
 * the ECS or ECR model, records the call and writes the answer (or closes the connection).
 */
final class FakeHttp {
  private final FakeEcs fake;
  private final ObjectMapper json;

  FakeHttp(FakeEcs fake) {
    this.fake = fake;
    this.json = fake.json;
  }

  void handle(HttpExchange exchange) throws IOException {
    String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
    JsonNode request;
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      request = body.length == 0 ? json.createObjectNode() : json.readTree(body);
    }
    String service = target.startsWith(FakeEcs.ECR_TARGET) ? "ecr" : "ecs";
    String operation = target.substring(target.indexOf('.') + 1);
    int status = 200;
    JsonNode response = null;
    synchronized (fake.lock) {
      Fault fault = fake.faults.next(operation, fake.now());
      try {
        if (fault == null || fault.applied()) {
          response = dispatch(target, operation, request);
        }
      } catch (FakeError e) {
        status = 400;
        response = error(e.type(), e.getMessage());
      }
      if (fault != null) {
        status = fault.httpStatus();
        response = error(fault.errorType(), fault.message());
      }
      fake.calls.add(new Call(service, operation, fake.now(), request, status));
    }
    if (status == 0) {
      exchange.close(); // no status line: the client sees the connection end
      return;
    }
    byte[] bytes = json.writeValueAsBytes(response);
    exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private JsonNode error(String type, String message) {
    return json.createObjectNode().put("__type", type).put("message", message);
  }

  private JsonNode dispatch(String target, String operation, JsonNode request) {
    if (target.startsWith(FakeEcs.ECS_TARGET)) {
      return ecs(operation, request);
    }
    if (target.startsWith(FakeEcs.ECR_TARGET)) {
      return fake.ecr.handle(operation, request);
    }
    throw new FakeError("UnknownOperationException", "unknown target " + target);
  }

  private JsonNode ecs(String operation, JsonNode r) {
    ServiceSimulation simulation = fake.simulation;
    ServiceDeploymentsApi deployments = fake.serviceDeployments;
    return switch (operation) {
      case "RegisterTaskDefinition" -> fake.store.registerResponse(r);
      case "DescribeTaskDefinition" -> fake.store.describeTaskDefinition(r);
      case "DeregisterTaskDefinition" -> fake.store.deregister(r);
      case "ListTaskDefinitions" -> fake.store.listTaskDefinitions(r);
      case "CreateService" -> simulation.createServiceCall(r);
      case "DescribeServices" -> simulation.views.describeServices(r);
      case "ListServices" -> simulation.views.listServices(r);
      case "UpdateService" -> simulation.updateServiceCall(r);
      case "ListTasks" -> simulation.views.listTasks(r);
      case "DescribeTasks" -> simulation.views.describeTasks(r);
      case "ListServiceDeployments" -> deployments.list(r);
      case "DescribeServiceDeployments" -> deployments.describe(r);
      case "DescribeServiceRevisions" -> deployments.describeRevisions(r);
      case "StopServiceDeployment" -> deployments.stop(r);
      case "ContinueServiceDeployment" -> deployments.continueDeployment(r);
      default -> throw new FakeError("UnknownOperationException", operation + " is not modelled");
    };
  }
}
