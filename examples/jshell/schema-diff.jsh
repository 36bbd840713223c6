// schema-diff-core from JShell: compare two schema dumps offline, then two live databases, then
// generate, review and apply a migration between two scratch databases on the local server.
// Run from the repository root with the class path of README.md:
//   jshell --class-path "$CP" examples/jshell/schema-diff.jsh
import dev.opskit.schemadiff.*;
import java.nio.file.Path;

// 1. Two mysqldump --no-data files, no server needed (the bundled example dumps).
var diff = dev.opskit.examples.schemadiff.SchemaDiffExample.compareBundledDumps();
System.out.println(diff.summary());
System.out.println(diff.unifiedDiff());

// 2. Two live databases: here the server's own `mysql` schema against itself, which exists on any
//    server. Point the URLs at your own databases; the third argument is the password.
// (JShell runs a line as soon as it is a complete statement: keep a chain's dots at line ends.)
var comparator = SchemaComparator.builder().ignoreTables("tmp_.*").build();
var live = comparator.compare(
    SchemaSource.jdbc("jdbc:mysql://127.0.0.1:3306/mysql", "root", ""),
    SchemaSource.jdbc("jdbc:mysql://127.0.0.1:3306/mysql", "root", ""));
System.out.println("live mysql vs itself: " + live.summary());

// 3. A migration between two local databases: two scratch databases get the bundled staging and
//    production schemas (by migrating each empty database to a dump), then staging is migrated to
//    production. Review plan.sql() before applyTo; unsafe statements stay comments unless allowed.
import dev.opskit.examples.schemadiff.SchemaMigrationExample;
var env = System.getenv();
SchemaMigrationExample.recreateDatabase(env, "opskit_jshell_from");
SchemaMigrationExample.recreateDatabase(env, "opskit_jshell_to");
var fromDb = SchemaMigrationExample.localDataSource(env, "opskit_jshell_from");
var toDb = SchemaMigrationExample.localDataSource(env, "opskit_jshell_to");
SchemaMigrationExample.createFrom(fromDb, "opskit_jshell_from", SchemaSource.of(diff.from()));
SchemaMigrationExample.createFrom(toDb, "opskit_jshell_to", SchemaSource.of(diff.to()));
var migration = SchemaComparator.create().compare(
    SchemaSource.jdbc(fromDb, "opskit_jshell_from"),
    SchemaSource.jdbc(toDb, "opskit_jshell_to"));
var plan = migration.migration(MigrationOptions.builder().allowUnsafe(false).build());
System.out.println(plan.sql());                       // review: every statement, unsafe ones commented out
System.out.println("unsafe: " + plan.unsafeChanges().size() + " changes");
var left = plan.applyTo(fromDb);                      // runs the safe statements, then compares again
System.out.println(left.isEmpty() ? "migrated" : "left for a decision:\n" + left.summary());
var all = migration.migration(MigrationOptions.builder().allowUnsafe(true).build());
System.out.println("with the unsafe statements too, the whole script is:\n" + all.sql());
SchemaMigrationExample.recreateDatabase(env, "opskit_jshell_from");   // empty them again
SchemaMigrationExample.recreateDatabase(env, "opskit_jshell_to");
/exit
