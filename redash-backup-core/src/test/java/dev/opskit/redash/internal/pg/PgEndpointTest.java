package dev.opskit.redash.internal.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

/** How a database name travels to pgjdbc and to the client programs. */
class PgEndpointTest {
  private static final PgEndpoint TCP =
      PgEndpoint.fromJdbcUrl("jdbc:postgresql://db:6432/redash?sslmode=require", "u", null);

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings()
        .withChars("/?&=#%+;:@'\"\\$ -")
        .withCharRange('a', 'e')
        .withChars('é', '数')
        .ofMinLength(1)
        .ofMaxLength(20);
  }

  @Property(tries = 500)
  void pgjdbcReadsBackTheDatabaseOfTheUrl(@ForAll("names") String name) {
    Properties parsed = Driver.parseURL(TCP.jdbcUrl(name), new Properties());

    assertThat(parsed).isNotNull();
    assertThat(parsed.getProperty("PGDBNAME")).isEqualTo(name);
    assertThat(parsed.getProperty("PGHOST")).isEqualTo("db");
    assertThat(parsed.getProperty("sslmode")).isEqualTo("require");
  }

  @Property(tries = 200)
  void aUrlsDatabaseIsDecodedAsPgjdbcDecodesIt(@ForAll("names") String name) {
    String url = TCP.jdbcUrl(name);

    assertThat(PgEndpoint.fromJdbcUrl(url, "u", null).database())
        .isEqualTo(Driver.parseURL(url, new Properties()).getProperty("PGDBNAME"));
  }

  @Test
  void clientProgramsGetTheDatabaseAsAQuotedConnectionStringValue() {
    assertThat(TCP.command("pg_dump", "a=b host=evil", List.of("--no-password")))
        .containsExactly(
            "pg_dump",
            "--host",
            "db",
            "--port",
            "6432",
            "--username=u",
            "--dbname=dbname='a=b host=evil'",
            "--no-password");
    assertThat(TCP.command("psql", "it's\\", List.of())).contains("--dbname=dbname='it\\'s\\\\'");
  }

  @Test
  void redactionHidesPasswordLikeArguments() {
    assertThat(PgEndpoint.redactArgument("PGPASSWORD=x")).isEqualTo("PGPASSWORD=***");
    assertThat(PgEndpoint.redactArgument("--password=x")).isEqualTo("--password=***");
    assertThat(PgEndpoint.redactArgument("'PGPASSWORD=x\ny'")).isEqualTo("'PGPASSWORD=***");
    assertThat(PgEndpoint.redactArgument("--dbname=dbname='password'"))
        .isEqualTo("--dbname=dbname='password'");
  }
}
