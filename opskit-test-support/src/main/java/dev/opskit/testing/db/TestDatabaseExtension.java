package dev.opskit.testing.db;

import java.lang.reflect.Parameter;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link TestDatabase} parameters marked {@link MySql} or {@link Postgres}. Each database
 * is kept in the JUnit store of the test that asked for it, which closes (drops) it when the test
 * ends.
 */
public final class TestDatabaseExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestDatabaseExtension.class);

  /** Creates the extension; JUnit calls this. */
  public TestDatabaseExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class
        && (parameter.isAnnotated(MySql.class) || parameter.isAnnotated(Postgres.class));
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    DatabaseEngine engine =
        parameter.isAnnotated(MySql.class) ? DatabaseEngine.MYSQL : DatabaseEngine.POSTGRES;
    Parameter declared = parameter.getParameter();
    String hint =
        context.getRequiredTestClass().getSimpleName()
            + "_"
            + declared.getDeclaringExecutable().getName();
    TestDatabase database = TestDatabase.create(engine, hint);
    // Keyed by the database too: a constructor parameter resolves once per test instance in the
    // same (class) context, and a reused key would replace the earlier database without closing it.
    context
        .getStore(NAMESPACE)
        .put(
            declared.getDeclaringExecutable() + "#" + parameter.getIndex() + "#" + database.name(),
            database);
    return database;
  }
}
