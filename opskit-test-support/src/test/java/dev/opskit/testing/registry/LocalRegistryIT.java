package dev.opskit.testing.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LocalRegistryIT {
  @Test
  void startsWithHtpasswdAuthRotatesThePasswordAndStopsOnClose() throws Exception {
    URI endpoint;
    try (LocalRegistry registry = LocalRegistry.start()) {
      endpoint = registry.endpoint();
      assertThat(registry.host()).startsWith("127.0.0.1:");
      String first = registry.password();
      assertThat(status(endpoint, null)).isEqualTo(401);
      assertThat(status(endpoint, first)).isEqualTo(200);

      registry.password("rotated-password");

      assertThat(status(endpoint, first)).as("the old password is refused").isEqualTo(401);
      assertThat(status(endpoint, "rotated-password")).isEqualTo(200);
      assertThat(registry.manifest("nothing/here", "v1")).isEmpty();
      assertThat(registry.tags("nothing/here")).isEmpty();
    }
    URI closed = endpoint;
    assertThatThrownBy(() -> status(closed, null)).isInstanceOf(java.io.IOException.class);
  }

  private static int status(URI endpoint, String password) throws java.io.IOException {
    HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/v2/").toURL().openConnection();
    if (password != null) {
      c.setRequestProperty(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8)));
    }
    try {
      return c.getResponseCode();
    } finally {
      c.disconnect();
    }
  }
}
