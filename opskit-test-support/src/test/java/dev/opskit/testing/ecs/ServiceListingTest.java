package dev.opskit.testing.ecs;

import static dev.opskit.testing.ecs.SdkFixture.CLUSTER;
import static dev.opskit.testing.ecs.SdkFixture.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListServicesResponse;

/** ListServices, DescribeServices by ARN, and services on another deployment controller. */
class ServiceListingTest {

  @Test
  void listsTheServicesOfAClusterPageByPage() {
    try (SdkFixture f = new SdkFixture()) {
      for (int i = 0; i < 12; i++) {
        f.fake.createService(CLUSTER, "svc-" + i, f.v1, 1, false, false);
      }
      f.fake.createService("other", "elsewhere", f.v1, 1, false, false);

      List<String> arns = new ArrayList<>();
      List<Integer> pages = new ArrayList<>();
      String token = null;
      do {
        String next = token;
        ListServicesResponse page =
            f.ecs.listServices(r -> r.cluster(CLUSTER).maxResults(5).nextToken(next));
        arns.addAll(page.serviceArns());
        pages.add(page.serviceArns().size());
        token = page.nextToken();
      } while (token != null);

      assertThat(pages).containsExactly(5, 5, 2);
      assertThat(arns)
          .hasSize(12)
          .doesNotHaveDuplicates()
          .allMatch(a -> a.startsWith("arn:aws:ecs:ap-northeast-1:123456789012:service/c/svc-"));
      assertThat(f.ecs.listServices(r -> r.cluster(CLUSTER)).serviceArns()).hasSize(10);
      assertThatThrownBy(() -> f.ecs.listServices(r -> r.cluster(CLUSTER).maxResults(101)))
          .isInstanceOf(InvalidParameterException.class);
    }
  }

  @Test
  void describesServicesByArnAtMostTenPerCall() {
    try (SdkFixture f = new SdkFixture().service("{}")) {
      String arn = f.ecs.listServices(r -> r.cluster(CLUSTER)).serviceArns().get(0);

      DescribeServicesResponse byArn =
          f.ecs.describeServices(r -> r.cluster(CLUSTER).services(arn, "gone"));

      assertThat(byArn.services())
          .singleElement()
          .satisfies(s -> assertThat(s.serviceArn()).isEqualTo(arn));
      assertThat(byArn.failures())
          .singleElement()
          .satisfies(x -> assertThat(x.reason()).isEqualTo("MISSING"));
      List<String> eleven = new ArrayList<>();
      for (int i = 0; i < 11; i++) {
        eleven.add(SERVICE);
      }
      assertThatThrownBy(() -> f.ecs.describeServices(r -> r.cluster(CLUSTER).services(eleven)))
          .isInstanceOf(InvalidParameterException.class);
    }
  }

  @Test
  void aCodeDeployServiceRefusesANewTaskDefinition() {
    try (SdkFixture f = new SdkFixture().service("{}")) {
      f.fake.deploymentController(CLUSTER, SERVICE, "CODE_DEPLOY");

      assertThat(f.service().deploymentController().type())
          .isEqualTo(DeploymentControllerType.CODE_DEPLOY);
      assertThatThrownBy(
              () ->
                  f.ecs.updateService(
                      r -> r.cluster(CLUSTER).service(SERVICE).taskDefinition(f.v2)))
          .isInstanceOf(InvalidParameterException.class)
          .hasMessageContaining(
              "Unable to update task definition on services with a CODE_DEPLOY deployment"
                  + " controller");
      assertThat(f.fake.serviceTaskDefinition(CLUSTER, SERVICE)).isEqualTo(f.v1);
    }
  }
}
