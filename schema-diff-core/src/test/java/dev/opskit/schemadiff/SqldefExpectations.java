package dev.opskit.schemadiff;

import dev.opskit.schemadiff.model.Flavor;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sqldef cases that cannot round-trip on a server, each with how that server makes it fail: at
 * which stage, with which server error code, and why. {@link SqldefRoundTripIT} checks the list
 * both ways: a listed case must fail exactly so, an unlisted case must round-trip.
 */
final class SqldefExpectations {

  /** Where a case stops. */
  enum Stage {
    /** The server rejects the case's own DDL while it is loaded; no migration runs. */
    LOAD,
    /** The server rejects a statement of the planned migration. */
    MIGRATE
  }

  /**
   * How a case fails on a server.
   *
   * @param stage where it stops
   * @param errorCode the server's error code ({@link java.sql.SQLException#getErrorCode()})
   * @param reason the server's reason, in words
   */
  record ExpectedFailure(Stage stage, int errorCode, String reason) {}

  // Server error codes (the same numbers on MySQL and MariaDB).
  static final int ER_PARSE_ERROR = 1064;
  static final int ER_INVALID_DEFAULT = 1067;
  static final int ER_BLOB_CANT_HAVE_DEFAULT = 1101;
  static final int ER_BLOB_KEY_WITHOUT_LENGTH = 1170;
  static final int ER_BAD_DB_ERROR = 1049;
  static final int ER_FUNCTION_NOT_DEFINED = 1128;
  static final int ER_FUNCTION_NOT_ALLOWED_IN_DEFAULT = 1901;
  static final int ER_MARIADB_NO_ORDER_LIST_IN_WINDOW_SPEC = 4018;
  static final int ER_UNKNOWN_DATA_TYPE = 4161;

  private static ExpectedFailure load(int code, String reason) {
    return new ExpectedFailure(Stage.LOAD, code, reason);
  }

  private static final ExpectedFailure USE_STATEMENT =
      load(
          ER_BAD_DB_ERROR,
          "the DDL switches to database test_db (USE test_db), which does not exist: the round"
              + " trip loads each case into a fresh database");

  /** MariaDB 10.11. */
  private static Map<String, ExpectedFailure> mariaDb() {
    ExpectedFailure vector = load(ER_UNKNOWN_DATA_TYPE, "the VECTOR type needs MariaDB 11.7");
    ExpectedFailure ngram =
        load(ER_FUNCTION_NOT_DEFINED, "no ngram full-text parser: Function 'ngram' is not defined");
    ExpectedFailure functional =
        load(ER_PARSE_ERROR, "no functional (expression) key parts: a syntax error");
    ExpectedFailure multiValued =
        load(ER_PARSE_ERROR, "no multi-valued indexes (CAST ... AS ... ARRAY): a syntax error");
    ExpectedFailure window =
        load(ER_MARIADB_NO_ORDER_LIST_IN_WINDOW_SPEC, "lead() needs an ORDER BY in its window");
    ExpectedFailure generatedNotNull =
        load(ER_PARSE_ERROR, "NOT NULL on a generated column: a syntax error");
    Map<String, ExpectedFailure> out = new TreeMap<>();
    out.put("tests_mariadb/CreateVectorIndex", vector);
    out.put("tests_mariadb/CreateVectorIndexWithOptions", vector);
    out.put("tests_mariadb/AddVectorIndex", vector);
    out.put("tests_mariadb/DropVectorIndex", vector);
    out.put("tests_indices/FulltextIndex", ngram);
    out.put("tests_indices/FulltextIndexDrop", ngram);
    out.put("tests_indices/FulltextIndexReAdd", ngram);
    out.put("tests_tables/CreateTableWithFunctionalIndex", functional);
    out.put("tests_tables/AddFunctionalIndexIf", functional);
    out.put("tests_tables/AddFunctionalIndexCase", functional);
    out.put("tests_tables/CreateTableWithMultiValuedIndex", multiValued);
    out.put("tests_tables/AddMultiValuedIndex", multiValued);
    out.put("tests_tables/ChangeIndexFromPlainCastToArrayCast", multiValued);
    out.put("tests_tables/CreateTableWithMultiValuedIndexCharType", multiValued);
    out.put("tests_mysql80/MysqlViewUsingWindowFuncOnlyOver", window);
    out.put("tests_mysql80/MysqlViewUsingWindowFuncPartitionBy", window);
    out.put(
        "tests_mysql80/UUIDToBin",
        load(
            ER_FUNCTION_NOT_ALLOWED_IN_DEFAULT,
            "UUID_TO_BIN() is MySQL's and cannot be used in a DEFAULT on MariaDB"));
    out.put(
        "tests_constraints/ColumnCheck",
        load(ER_PARSE_ERROR, "a column's CHECK before its COMMENT is MySQL's order"));
    for (String name :
        new String[] {
          "ChangeGenerateColumnSubstringFunction",
          "ChangeGenerateColumnSubstrFunction",
          "CreateTableGeneratedAlwaysAsAbbreviation80",
          "CreateTableGeneratedAlwaysAsAbbreviationChangeExpr80",
          "ChangeGenerateColumnAddNotNull",
          "ChangeGenerateColumnExpressionComplexity"
        }) {
      out.put("tests_generated/" + name, generatedNotNull);
    }
    out.put("tests_tables/UseStatement", USE_STATEMENT);
    return out;
  }

  /** Oracle MySQL 8.0 (8.0.31 is what the tests run on). */
  private static Map<String, ExpectedFailure> mySql() {
    Map<String, ExpectedFailure> out = new TreeMap<>();
    ExpectedFailure vector =
        load(ER_PARSE_ERROR, "MariaDB's VECTOR type and index: a syntax error");
    out.put("tests_mariadb/CreateVectorIndex", vector);
    out.put("tests_mariadb/CreateVectorIndexWithOptions", vector);
    out.put("tests_mariadb/AddVectorIndex", vector);
    out.put("tests_mariadb/DropVectorIndex", vector);
    ExpectedFailure blobDefault =
        load(
            ER_BLOB_CANT_HAVE_DEFAULT,
            "a TEXT column with a literal DEFAULT is MariaDB's; MySQL takes only (expression)"
                + " defaults");
    out.put("tests_mariadb/AddColumnWithDefaultExpressionMariaDB", blobDefault);
    out.put("tests_mariadb/AddDefaultExpressionMariaDB", blobDefault);
    out.put("tests_mariadb/RemoveDefaultExpressionMariaDB", blobDefault);
    out.put(
        "tests_indices/IndexOptionUsingHash",
        load(
            ER_BLOB_KEY_WITHOUT_LENGTH,
            "a UNIQUE key on a TINYBLOB without a prefix length is MariaDB's (long unique hash)"));
    ExpectedFailure typedLiteral =
        load(
            ER_INVALID_DEFAULT,
            "a typed literal (DATE '...') as a DEFAULT must be written in parentheses on MySQL");
    out.put("tests_datatypes/TypedLiterals", typedLiteral);
    out.put("tests_datatypes/TypedLiteralsIdempotency", typedLiteral);
    out.put("tests_datatypes/TypedLiteralsChangeDefault", typedLiteral);
    out.put("tests_tables/UseStatement", USE_STATEMENT);
    return out;
  }

  private SqldefExpectations() {}

  /**
   * Returns the cases that cannot round-trip on a server, by case name.
   *
   * @param server the server under test, as it reports itself
   * @return the expected failures
   */
  static Map<String, ExpectedFailure> forServer(Flavor server) {
    return server.isMariaDb() ? mariaDb() : mySql();
  }
}
