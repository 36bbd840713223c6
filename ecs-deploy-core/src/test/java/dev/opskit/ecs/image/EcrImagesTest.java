package dev.opskit.ecs.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.ecs.ImageNotFoundException;
import dev.opskit.testing.ecs.FakeEcs;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

class EcrImagesTest {
  private static final String REPO = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app";

  @Test
  void promotesATagIdempotentlyAndResolvesDigests() {
    try (FakeEcs fake = FakeEcs.start();
        EcrClient ecr = client(fake)) {
      String digest = fake.putEcrImage("app", "1f2e3d");
      EcrImages images = EcrImages.create(ecr);
      ImageReference ref = ImageReference.parse(REPO + ":1f2e3d");

      assertThat(images.digestOf(ref)).isEqualTo(digest);
      assertThat(images.pinToDigest(ref).toString()).isEqualTo(REPO + "@" + digest);
      assertThat(images.promote(ref, "production").toString()).isEqualTo(REPO + ":production");
      assertThat(images.promote(ref, "production").toString()).isEqualTo(REPO + ":production");
      assertThat(fake.ecrTags("app", digest)).containsExactlyInAnyOrder("1f2e3d", "production");
      assertThat(fake.count("PutImage")).isEqualTo(2);
    }
  }

  @Test
  void namesTheMissingImageOrRepository() {
    try (FakeEcs fake = FakeEcs.start();
        EcrClient ecr = client(fake)) {
      fake.putEcrImage("app", "1");
      EcrImages images = EcrImages.create(ecr);

      assertThatThrownBy(() -> images.digestOf(ImageReference.parse(REPO + ":2")))
          .isInstanceOf(ImageNotFoundException.class)
          .hasMessageStartingWith("image " + REPO + ":2 not found in ECR: The image with imageId");
      assertThatThrownBy(() -> images.promote(ImageReference.parse(REPO + "-x:1"), "prod"))
          .isInstanceOf(ImageNotFoundException.class)
          .hasMessage("image " + REPO + "-x:1 not found in ECR: repository app-x does not exist");
      assertThatThrownBy(
              () ->
                  images.digestOf(
                      ImageReference.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com/app-x:1")))
          .isInstanceOf(ImageNotFoundException.class)
          .hasMessageEndingWith(
              "repository app-x does not exist in ap-northeast-1 (the ECR client's region; the"
                  + " image is in us-east-1)");
      assertThatThrownBy(() -> images.digestOf(ImageReference.parse("ghcr.io/org/app:1")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not in Amazon ECR");
    }
  }

  private static EcrClient client(FakeEcs fake) {
    return EcrClient.builder()
        .endpointOverride(fake.endpoint())
        .region(Region.AP_NORTHEAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(FakeEcs.ACCESS_KEY, "x")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
