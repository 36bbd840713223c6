// schema-diff-core from JShell: compare two schema dumps offline, then two live databases.
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
/exit
