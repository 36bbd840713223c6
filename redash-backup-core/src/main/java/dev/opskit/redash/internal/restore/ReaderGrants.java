package dev.opskit.redash.internal.restore;

import static dev.opskit.redash.internal.restore.RedashSchema.identifier;
import static dev.opskit.redash.internal.restore.RedashSchema.literal;

import dev.opskit.redash.internal.pg.SqlRefusedException;
import dev.opskit.redash.internal.pg.SqlSession;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The {@code redash_reader} role after a restore: its password, and the grants Redash's setup gave
 * it, tightened where the legacy grant leaks a secret. The legacy {@code SELECT} on {@code queries}
 * exposes {@code queries.api_key}, which fetches results without logging in, so the reader gets
 * every column of {@code queries} but that one.
 */
public final class ReaderGrants {
  /** Tables the legacy setup granted in full, and that hold no credentials. */
  public static final List<String> WHOLE_TABLES =
      List.of("events", "dashboards", "widgets", "visualizations", "query_results");

  private ReaderGrants() {}

  /**
   * Creates the role if it is missing, without login, so that the dump's GRANTs to it apply.
   *
   * <p>A lookup with a quoted literal, then {@code CREATE ROLE} with a quoted identifier: no code
   * block (a {@code DO $$ ... $$} body ends at the first {@code $$} in the name). A restore running
   * at the same time may create the role between the two: its {@code duplicate_object} error, or
   * (psql reports no SQLSTATE) finding the role on a second look, means it exists.
   *
   * @param sql a session on any database of the server
   * @param role the reader role
   */
  public static void ensureRoleExists(SqlSession sql, String role) {
    if (roleExists(sql, role)) {
      return;
    }
    try {
      sql.execute("CREATE ROLE " + identifier(role) + " NOLOGIN");
    } catch (SqlRefusedException e) {
      if (!e.sqlState().filter(SqlRefusedException.DUPLICATE_OBJECT::equals).isPresent()
          && !roleExists(sql, role)) {
        throw e;
      }
    }
  }

  private static boolean roleExists(SqlSession sql, String role) {
    return sql.queryValue("SELECT count(*) FROM pg_roles WHERE rolname = " + literal(role))
        .map(v -> !v.equals("0"))
        .orElse(false);
  }

  /**
   * Sets the role's password. The password is turned into a SCRAM-SHA-256 verifier here, so the
   * plaintext never reaches the server, its log or psql's error output.
   *
   * @param sql a session on any database of the server
   * @param role the reader role
   * @param password the password
   */
  public static void setPassword(SqlSession sql, String role, String password) {
    sql.executeSecret(
        "ALTER ROLE "
            + identifier(role)
            + " WITH LOGIN PASSWORD "
            + literal(scramVerifier(password)),
        "set the password of role " + role);
  }

  /**
   * Re-applies the reader's grants on a restored database.
   *
   * @param sql a session on the restored database
   * @param database its name
   * @param role the reader role
   * @return the statements run, for the log
   */
  public static List<String> apply(SqlSession sql, String database, String role) {
    String r = identifier(role);
    List<String> statements = new ArrayList<>();
    statements.add("GRANT CONNECT ON DATABASE " + identifier(database) + " TO " + r);
    statements.add("GRANT USAGE ON SCHEMA public TO " + r);
    if (exists(sql, "queries")) {
      List<String> columns =
          sql
              .query(
                  "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                      + " AND table_name = 'queries' AND column_name <> 'api_key' ORDER BY ordinal_position")
              .stream()
              .map(row -> identifier(String.valueOf(row.get(0))))
              .toList();
      statements.add("REVOKE ALL ON public.queries FROM " + r);
      if (columnExists(sql, "queries", "api_key")) {
        statements.add("REVOKE ALL (api_key) ON public.queries FROM " + r);
      }
      statements.add("GRANT SELECT (" + String.join(", ", columns) + ") ON public.queries TO " + r);
    }
    if (exists(sql, "data_sources")) {
      statements.add("REVOKE ALL ON public.data_sources FROM " + r);
      statements.add("GRANT SELECT (id, name, type) ON public.data_sources TO " + r);
    }
    if (exists(sql, "users")) {
      statements.add("REVOKE ALL ON public.users FROM " + r);
      statements.add("GRANT SELECT (id, name) ON public.users TO " + r);
    }
    List<String> tables = WHOLE_TABLES.stream().filter(t -> exists(sql, t)).toList();
    if (!tables.isEmpty()) {
      statements.add(
          "GRANT SELECT ON "
              + tables.stream()
                  .map(t -> "public." + identifier(t))
                  .collect(Collectors.joining(", "))
              + " TO "
              + r);
    }
    for (String statement : statements) {
      sql.execute(statement);
    }
    return statements;
  }

  private static boolean exists(SqlSession sql, String table) {
    return sql.queryValue(
            "SELECT to_regclass(" + literal("public." + identifier(table)) + ") IS NOT NULL")
        .map(v -> v.equals("t") || v.equals("true"))
        .orElse(false);
  }

  private static boolean columnExists(SqlSession sql, String table, String column) {
    @Nullable String found =
        sql.queryValue(
                "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = "
                    + literal(table)
                    + " AND column_name = "
                    + literal(column))
            .orElse("0");
    return !"0".equals(found);
  }

  /**
   * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802, RFC 7677), in the form
   * {@code ALTER ROLE ... PASSWORD} accepts as already hashed.
   *
   * @param password the password
   * @return {@code SCRAM-SHA-256$4096:salt$storedKey:serverKey}
   */
  public static String scramVerifier(String password) {
    try {
      byte[] salt = new byte[16];
      new SecureRandom().nextBytes(salt);
      int iterations = 4096;
      SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
      // SASLprep is skipped: it changes nothing for ASCII passwords, and PostgreSQL falls back to
      // the raw bytes for strings SASLprep rejects.
      byte[] salted =
          pbkdf2
              .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
              .getEncoded();
      byte[] clientKey = hmac(salted, "Client Key");
      byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
      byte[] serverKey = hmac(salted, "Server Key");
      Base64.Encoder b64 = Base64.getEncoder();
      return "SCRAM-SHA-256$"
          + iterations
          + ":"
          + b64.encodeToString(salt)
          + "$"
          + b64.encodeToString(storedKey)
          + ":"
          + b64.encodeToString(serverKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks PBKDF2WithHmacSHA256", e);
    }
  }

  private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
  }
}
