package dev.opskit.examples.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

  @Test
  void defaultsToTwoThousandTablesThreeWarmupsAndTenRuns() {
    assertThat(BenchmarkOptions.parse(List.of()))
        .isEqualTo(new BenchmarkOptions(2000, 42, 3, 10, false, false, 2000, false));
  }

  @Test
  void readsEveryOption() {
    BenchmarkOptions options =
        BenchmarkOptions.parse(
            List.of(
                "--tables",
                "4,000",
                "--seed",
                "7",
                "--warmups",
                "1",
                "--runs",
                "5",
                "--skeema",
                "--liquibase-tables",
                "500",
                "--keep"));

    assertThat(options).isEqualTo(new BenchmarkOptions(4000, 7, 1, 5, true, true, 500, true));
  }

  @Test
  void rejectsUnknownOptionsWithTheUsage() {
    assertThatThrownBy(() -> BenchmarkOptions.parse(List.of("--tabels", "10")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown option --tabels\nusage: SchemaDiffBenchmark");
    assertThatThrownBy(() -> BenchmarkOptions.parse(List.of("--tables")))
        .hasMessageStartingWith("--tables needs a value");
    assertThatThrownBy(() -> BenchmarkOptions.parse(List.of("--liquibase-tables", "9000")))
        .hasMessage("--liquibase-tables must be between 8 and --tables (2000)");
  }
}
