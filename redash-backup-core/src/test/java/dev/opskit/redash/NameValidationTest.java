package dev.opskit.redash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Names PostgreSQL cannot hold as given (control characters, empty, over 63 bytes) are refused
 * where they enter, saying which name, why and what is allowed; every other name is accepted.
 */
class NameValidationTest {
  private static final List<String> PREFIX = List.of("env", "PGHOST=127.0.0.1");

  static Stream<Arguments> entryPoints() {
    return Stream.of(
        entry(
            "database name",
            n -> RedashDatabase.jdbc("jdbc:postgresql://db:5432/" + urlEncode(n), "u", null)),
        entry("database name", n -> RedashDatabase.command(PREFIX, n, "u")),
        entry("role", n -> RedashDatabase.command(PREFIX, "redash", n)),
        entry("role", n -> RedashDatabase.jdbc("jdbc:postgresql://db/redash", n, null)),
        entry("owner role", n -> RedashDatabase.command(PREFIX, "redash", "u").withOwner(n)),
        entry("reader role", n -> RedashDatabase.command(PREFIX, "redash", "u").withReaderRole(n)),
        entry("database name", n -> RestoreRequest.latest().toDatabase(n)),
        entry("database name", n -> RedashDatabase.ssh("db-host", n, "u")),
        entry("role", n -> RedashDatabase.ssh("db-host", "redash", n)));
  }

  private static Arguments entry(String what, Function<String, Object> call) {
    return Arguments.of(what, call);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("entryPoints")
  void controlCharactersAreRefused(String what, Function<String, Object> call) {
    for (String name : List.of("a\nb", "a\rb", "tab\there", "del\u007f", "nul\u0000")) {
      assertThatThrownBy(() -> call.apply(name))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(what)
          .hasMessageContaining("control character")
          .hasMessageContaining("allowed");
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("entryPoints")
  void emptyAndOverlongNamesAreRefused(String what, Function<String, Object> call) {
    assertThatThrownBy(() -> call.apply(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(what)
        .hasMessageContaining("empty");
    // 32 two-byte characters: 32 characters but 64 bytes.
    assertThatThrownBy(() -> call.apply("é".repeat(32)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(what)
        .hasMessageContaining("64 bytes")
        .hasMessageContaining("63");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("entryPoints")
  void everyOtherNameIsAccepted(String what, Function<String, Object> call) {
    for (String name :
        List.of(
            "é".repeat(31),
            "x".repeat(63),
            "x'y$$z\"q",
            "a=b host=evil",
            "postgresql://evil/x",
            "-leading dash",
            "with space",
            "Grüße 数据 🚀",
            "$(touch /tmp/x) `id` \\")) {
      assertThatCode(() -> call.apply(name)).as(name).doesNotThrowAnyException();
    }
  }

  @org.junit.jupiter.api.Test
  void theMessageShowsTheNameWithItsControlCharactersVisible() {
    assertThatThrownBy(() -> RedashDatabase.command(PREFIX, "red\nash", "u"))
        .hasMessageContaining("red\\nash")
        .hasMessageContaining("U+000A");
    assertThat(RedashDatabase.command(PREFIX, "redash", "u").name()).isEqualTo("redash");
  }

  @org.junit.jupiter.api.Test
  void sshDestinationsThatSshWouldReadAsOptionsOrSplitAreRefused() {
    for (String destination :
        List.of("-oProxyCommand=touch /tmp/x", "-p22", "host name", "host\tx", "host\n", "")) {
      assertThatThrownBy(() -> RedashDatabase.ssh(destination, "redash", "redash"))
          .as(destination)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ssh destination")
          .hasMessageContaining("allowed is host, user@host");
    }
    assertThatCode(() -> RedashDatabase.ssh("admin@db-1.example.com", "redash", "redash"))
        .doesNotThrowAnyException();
  }

  @org.junit.jupiter.api.Test
  void sshIsRefusedAsACommandPrefixPointingAtThePreset() {
    for (String program : List.of("ssh", "/usr/bin/ssh")) {
      assertThatThrownBy(() -> RedashDatabase.command(List.of(program, "db-host"), "redash", "u"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("RedashDatabase.ssh(");
    }
    assertThatCode(() -> RedashDatabase.command(List.of("sshpass-free", "x"), "redash", "u"))
        .doesNotThrowAnyException();
  }

  @org.junit.jupiter.api.Test
  void dockerContainersThatDockerWouldReadAsOptionsAreRefused() {
    assertThatThrownBy(() -> RedashDatabase.docker("--privileged"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("container name");
    assertThat(RedashDatabase.docker("redash-postgres-1").name()).isEqualTo("postgres");
  }

  private static String urlEncode(String name) {
    return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
