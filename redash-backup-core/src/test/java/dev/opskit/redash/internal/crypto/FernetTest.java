package dev.opskit.redash.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FernetTest {
  // The "generate" vector of the Fernet spec (github.com/fernet/spec, generate.json).
  private static final String SPEC_KEY = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
  private static final String SPEC_TOKEN =
      "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==";

  @Test
  void decryptsTheSpecVector() {
    assertThat(Fernet.forKey(SPEC_KEY).decrypt(SPEC_TOKEN))
        .hasValueSatisfying(
            b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("hello"));
  }

  @Test
  void aTokenFromAnotherKeyDoesNotVerify() {
    String token =
        Fernet.forRedashSecret("one").encrypt("{}".getBytes(StandardCharsets.UTF_8), Instant.now());

    assertThat(Fernet.forRedashSecret("two").decrypt(token)).isEmpty();
    assertThat(Fernet.forRedashSecret("one").decrypt(token)).isPresent();
  }

  @Test
  void aTamperedTokenDoesNotVerify() {
    String token =
        Fernet.forRedashSecret("k")
            .encrypt("secret options".getBytes(StandardCharsets.UTF_8), Instant.now());
    char[] chars = token.toCharArray();
    chars[40] = chars[40] == 'A' ? 'B' : 'A';

    assertThat(Fernet.forRedashSecret("k").decrypt(new String(chars))).isEmpty();
  }

  @Test
  void somethingThatIsNoTokenIsAClearError() {
    assertThatThrownBy(() -> Fernet.forRedashSecret("k").decrypt("{\"plain\": \"json\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a Fernet token");
  }

  @Test
  void fingerprintsTellKeysApartAndHideThem() {
    String a = Fernet.forRedashSecret("alpha-secret").fingerprint();

    assertThat(a).hasSize(16).isEqualTo(Fernet.forRedashSecret("alpha-secret").fingerprint());
    assertThat(a).isNotEqualTo(Fernet.forRedashSecret("beta-secret").fingerprint());
    assertThat(Fernet.forRedashSecret("alpha-secret").toString()).doesNotContain("alpha");
  }
}
