// schema-diff-core from JShell: compare two schema dumps offline, then two live databases, then
// generate, review and apply a migration between two scratch databases on the local server.
// Run from the repository root:
//   examples/jshell/opskit-jshell examples/jshell/schema-diff.jsh
// The server comes from OPSKIT_MYSQL_HOST, _PORT, _USER and _PASSWORD (default root@127.0.0.1:3306).
// The work runs in run(...) (opskit-startup.jsh): the first failure ends jshell with status 1.
import dev.opskit.examples.ScratchNames;
import dev.opskit.examples.schemadiff.SchemaDiffExample;
import dev.opskit.examples.schemadiff.SchemaMigrationExample;

int status = 1;
status = run(() -> {
  // 1. Two mysqldump --no-data files, no server needed (the bundled example dumps).
  var diff = SchemaDiffExample.compareBundledDumps();
  System.out.println(diff.summary());
  System.out.println(diff.unifiedDiff());

  // 2. Two live databases: here the server's own `mysql` schema against itself, which exists on any
  //    server. Point the sources at your own databases: SchemaSource.jdbc(url, user, password).
  var env = System.getenv();
  var comparator = SchemaComparator.builder().ignoreTables("tmp_.*").build();
  var live = comparator.compare(
      SchemaSource.jdbc(SchemaMigrationExample.localDataSource(env, "mysql"), "mysql"),
      SchemaSource.jdbc(SchemaMigrationExample.localDataSource(env, "mysql"), "mysql"));
  System.out.println("live mysql vs itself: " + live.summary());

  // 3. A migration between two local databases: two scratch databases (named uniquely, so runs on a
  //    shared server never touch each other's) get the bundled staging and production schemas (by
  //    migrating each empty database to a dump), then staging is migrated to production. Review
  //    plan.sql() before applyTo; unsafe statements stay comments unless allowed.
  var from = ScratchNames.unique("opskit_jshell_from");
  var to = ScratchNames.unique("opskit_jshell_to");
  try {
    SchemaMigrationExample.recreateDatabase(env, from);
    SchemaMigrationExample.recreateDatabase(env, to);
    var fromDb = SchemaMigrationExample.localDataSource(env, from);
    var toDb = SchemaMigrationExample.localDataSource(env, to);
    SchemaMigrationExample.createFrom(fromDb, from, SchemaSource.of(diff.from()));
    SchemaMigrationExample.createFrom(toDb, to, SchemaSource.of(diff.to()));
    var migration = SchemaComparator.create().compare(
        SchemaSource.jdbc(fromDb, from),
        SchemaSource.jdbc(toDb, to));
    var plan = migration.migration(MigrationOptions.builder().allowUnsafe(false).build());
    System.out.println(plan.sql());                       // review: every statement, unsafe ones commented out
    System.out.println("unsafe: " + plan.unsafeChanges().size() + " changes");
    var left = plan.applyTo(fromDb);                      // runs the safe statements, then compares again
    System.out.println(left.isEmpty() ? "migrated" : "left for a decision:\n" + left.summary());
    var all = migration.migration(MigrationOptions.builder().allowUnsafe(true).build());
    System.out.println("with the unsafe statements too, the whole script is:\n" + all.sql());
  } finally {
    SchemaMigrationExample.dropDatabase(env, from);
    SchemaMigrationExample.dropDatabase(env, to);
  }
});
/exit status
