package dev.opskit.redash.internal.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.redash.internal.pg.SqlRefusedException;
import dev.opskit.redash.internal.pg.SqlSession;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The reader role's creation never builds code around its name. */
class ReaderGrantsTest {
  static final String HOSTILE = "r$$; CREATE ROLE x SUPERUSER; SELECT $$'\"";

  @Test
  void aMissingRoleIsCreatedWithAQuotedIdentifierAndNoCodeBlock() {
    Recording sql = new Recording(List.of(List.of("0")));

    ReaderGrants.ensureRoleExists(sql, HOSTILE);

    assertThat(sql.statements)
        .containsExactly(
            "SELECT count(*) FROM pg_roles WHERE rolname = 'r$$; CREATE ROLE x SUPERUSER; SELECT"
                + " $$''\"'",
            "CREATE ROLE \"r$$; CREATE ROLE x SUPERUSER; SELECT $$'\"\"\" NOLOGIN");
  }

  @Test
  void anExistingRoleIsLeftAlone() {
    Recording sql = new Recording(List.of(List.of("1")));

    ReaderGrants.ensureRoleExists(sql, "redash_reader");

    assertThat(sql.statements).hasSize(1).allMatch(s -> s.startsWith("SELECT count(*)"));
  }

  @Test
  void aRoleCreatedMeanwhileOverJdbcIsToleratedByItsSqlState() {
    Recording sql =
        new Recording(
            List.of(List.of("0")),
            new SqlRefusedException("role exists", SqlRefusedException.DUPLICATE_OBJECT, null));

    ReaderGrants.ensureRoleExists(sql, "redash_reader");

    assertThat(sql.statements).hasSize(2);
  }

  @Test
  void aRoleCreatedMeanwhileThroughPsqlIsFoundOnASecondLook() {
    Recording sql =
        new Recording(
            List.of(List.of("0"), List.of("1")),
            new SqlRefusedException("psql stopped", null, null));

    ReaderGrants.ensureRoleExists(sql, "redash_reader");

    assertThat(sql.statements).hasSize(3).last().asString().startsWith("SELECT count(*)");
  }

  @Test
  void anyOtherRefusalIsPassedOn() {
    SqlRefusedException denied = new SqlRefusedException("permission denied", "42501", null);
    Recording jdbc = new Recording(List.of(List.of("0"), List.of("0")), denied);
    Recording psql =
        new Recording(
            List.of(List.of("0"), List.of("0")),
            new SqlRefusedException("psql stopped", null, null));

    assertThatThrownBy(() -> ReaderGrants.ensureRoleExists(jdbc, "r")).isSameAs(denied);
    assertThatThrownBy(() -> ReaderGrants.ensureRoleExists(psql, "r")).hasMessage("psql stopped");
  }

  /** Records statements, answers queries from a script, and may refuse the statements. */
  static class Recording implements SqlSession {
    final List<String> statements = new ArrayList<>();
    private final List<List<String>> answers;
    private final @Nullable SqlRefusedException refusal;
    private int next;

    Recording(List<List<String>> answers) {
      this(answers, null);
    }

    Recording(List<List<String>> answers, @Nullable SqlRefusedException refusal) {
      this.answers = answers;
      this.refusal = refusal;
    }

    @Override
    public List<List<@Nullable String>> query(String sql) {
      statements.add(sql);
      return List.of(new ArrayList<>(answers.get(next++)));
    }

    @Override
    public void execute(String sql) {
      statements.add(sql);
      if (refusal != null) {
        throw refusal;
      }
    }

    @Override
    public void executeSecret(String sql, String what) {
      statements.add(sql);
    }

    @Override
    public void beginRepeatableRead() {}

    @Override
    public void close() {}
  }
}
